package io.mediamatch.image;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;

/**
 * The directory of an ICO/CUR file, checked before any decoder sees it: every entry's data (a BMP or PNG image)
 * lies within the file, after the directory, and is not empty. A cut file is refused even when the image that would
 * be hashed happens to be whole. Stateless; throws a {@link MediaException} CORRUPT/TRUNCATED naming the file.
 */
final class IcoStructure {
    private IcoStructure() {}

    /** Walks the directory of {@code data} (a file {@link ImageFormat#detect} took for ICO); {@code name} for errors. */
    static void check(byte[] data, String name) throws MediaException {
        int count = u16(data, 4);
        long directoryEnd = 6 + 16L * count;
        if (directoryEnd > data.length) {
            throw new MediaException(name, Kind.TRUNCATED, "ICO ends inside its directory of " + count + " images ("
                    + data.length + " bytes)");
        }
        for (int i = 0; i < count; i++) {
            int e = 6 + 16 * i;
            long size = u32(data, e + 8);
            long offset = u32(data, e + 12);
            if (size == 0 || offset < directoryEnd) {
                throw new MediaException(name, Kind.CORRUPT, "ICO image " + (i + 1) + " of " + count + " has "
                        + size + " bytes at offset " + offset + ", inside the directory or empty");
            }
            if (offset + size > data.length) {
                throw new MediaException(name, Kind.TRUNCATED, "ICO image " + (i + 1) + " of " + count + " claims "
                        + size + " bytes at offset " + offset + ", past the end of the file (" + data.length + " bytes)");
            }
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
