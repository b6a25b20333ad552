package io.mediamatch.image;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import java.util.zip.CRC32;

/**
 * The chunk structure of a PNG, checked before any decoder sees it: IHDR first, every chunk inside the file and
 * with its CRC, at least one IDAT, all before IEND. Stateless; throws a {@link MediaException} CORRUPT/TRUNCATED.
 */
final class PngStructure {
    private static final int IHDR = 0x49484452;
    private static final int IDAT = 0x49444154;
    private static final int IEND = 0x49454E44;

    private PngStructure() {}

    /** Walks the chunks of {@code data} (a file starting with the PNG signature); {@code name} is for errors. */
    static void check(byte[] data, String name) throws MediaException {
        int pos = 8;
        int index = 0;
        boolean idat = false;
        CRC32 crc = new CRC32();
        while (true) {
            if (pos + 8 > data.length) {
                throw new MediaException(name, Kind.TRUNCATED, "PNG data ends before the IEND chunk (at byte " + pos + ")");
            }
            long length = readInt(data, pos) & 0xFFFFFFFFL;
            int type = readInt(data, pos + 4);
            if (length > 0x7FFFFFFFL || pos + 12 + length > data.length) {
                throw new MediaException(name, Kind.TRUNCATED, "PNG chunk " + typeName(type) + " at byte " + pos
                        + " claims " + length + " bytes, past the end of the file (" + data.length + " bytes)");
            }
            if (index == 0 && type != IHDR) {
                throw new MediaException(name, Kind.CORRUPT, "PNG starts with chunk " + typeName(type) + ", not IHDR");
            }
            crc.reset();
            crc.update(data, pos + 4, (int) length + 4);
            if ((int) crc.getValue() != readInt(data, pos + 8 + (int) length)) {
                throw new MediaException(name, Kind.CORRUPT, "PNG chunk " + typeName(type) + " at byte " + pos
                        + " fails its CRC");
            }
            if (type == IDAT) {
                idat = true;
            } else if (type == IEND) {
                if (!idat) {
                    throw new MediaException(name, Kind.CORRUPT, "PNG has no IDAT chunk before IEND");
                }
                return; // bytes after IEND are never decoded
            }
            pos += 12 + (int) length;
            index++;
        }
    }

    static int readInt(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    private static String typeName(int type) {
        StringBuilder sb = new StringBuilder(4);
        for (int s = 24; s >= 0; s -= 8) {
            int c = (type >>> s) & 0xFF;
            sb.append(c >= 32 && c < 127 ? (char) c : '?');
        }
        return sb.toString();
    }
}
