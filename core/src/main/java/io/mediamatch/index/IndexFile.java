package io.mediamatch.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The on-disk form of a {@link HammingIndex}, little-endian:
 * <pre>
 *   0  8 bytes  magic "MMHAMIDX"
 *   8  int32    format version (1)
 *  12  int32    engine ordinal (AUTO=0, SCAN=1, MIH=2)
 *  16  int64    count n
 *  24  int64    CRC-32C of bytes 8..24 followed by the payload
 *  32  n x int64 ids, strictly increasing
 *      4n x int64 hash words, most significant first per hash
 * </pre>
 * Only hashes and ids are stored (40 bytes per hash); the multi-index is rebuilt on load. Files are written to a
 * temporary sibling and moved into place, so a crash never leaves a half-written index under the final name.
 */
final class IndexFile {
    static final int VERSION = 1;
    private static final byte[] MAGIC = "MMHAMIDX".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 32;
    private static final int CHUNK = 1 << 20;

    private IndexFile() {}

    record Contents(HammingIndex.Engine engine, long[] ids, long[] words) {}

    static void write(Path file, HammingIndex.Engine engine, long[] ids, long[] words) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        CRC32C crc = new CRC32C();
        ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putInt(VERSION).putInt(engine.ordinal()).putLong(ids.length).putLong(0);
        crc.update(head.array(), 8, 16);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.position(HEADER);
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            writeLongs(ch, buf, ids, crc);
            writeLongs(ch, buf, words, crc);
            head.putLong(24, crc.getValue());
            head.rewind();
            ch.position(0);
            while (head.hasRemaining()) {
                ch.write(head);
            }
            ch.force(false);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeLongs(FileChannel ch, ByteBuffer buf, long[] a, CRC32C crc) throws IOException {
        int per = CHUNK / 8;
        for (int off = 0; off < a.length; off += per) {
            int len = Math.min(per, a.length - off);
            buf.clear();
            buf.asLongBuffer().put(a, off, len);
            buf.limit(8 * len);
            crc.update(buf);
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER) {
                throw bad(file, "truncated header (" + size + " bytes)");
            }
            ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, file);
            byte[] magic = new byte[8];
            head.get(0, magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw bad(file, "not a mediamatch Hamming index (bad magic)");
            }
            int version = head.getInt(8);
            if (version != VERSION) {
                throw bad(file, "format version " + version + ", this build reads version " + VERSION);
            }
            int engine = head.getInt(12);
            long n = head.getLong(16);
            long stored = head.getLong(24);
            if (engine < 0 || engine >= HammingIndex.Engine.values().length) {
                throw bad(file, "unknown engine " + engine);
            }
            if (n < 0 || n > Integer.MAX_VALUE / 4 || size != HEADER + 40 * n) {
                throw bad(file, "header says " + n + " hashes but the file has " + size + " bytes (truncated?)");
            }
            CRC32C crc = new CRC32C();
            crc.update(head.array(), 8, 16);
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            long[] ids = new long[(int) n];
            long[] words = new long[(int) (4 * n)];
            readLongs(ch, buf, ids, crc, file);
            readLongs(ch, buf, words, crc, file);
            if (crc.getValue() != stored) {
                throw bad(file, "checksum mismatch (corrupt file)");
            }
            for (int i = 1; i < ids.length; i++) {
                if (ids[i] <= ids[i - 1]) {
                    throw bad(file, "ids not strictly increasing at entry " + i);
                }
            }
            return new Contents(HammingIndex.Engine.values()[engine], ids, words);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "index file not found");
        }
    }

    private static void readLongs(FileChannel ch, ByteBuffer buf, long[] a, CRC32C crc, Path file)
            throws IOException {
        int per = CHUNK / 8;
        for (int off = 0; off < a.length; off += per) {
            int len = Math.min(per, a.length - off);
            buf.clear();
            buf.limit(8 * len);
            readFully(ch, buf, file);
            buf.flip();
            crc.update(buf);
            buf.flip();
            buf.asLongBuffer().get(a, off, len);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, Path file) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw bad(file, "unexpected end of file");
            }
        }
    }

    private static IOException bad(Path file, String cause) {
        return new IOException("index file " + file + ": " + cause);
    }
}
