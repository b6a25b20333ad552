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
 * The on-disk form of a {@link HammingIndex}, little-endian, version 2:
 * <pre>
 *   0  8 bytes  magic "MMHAMIDX"
 *   8  int32    format version (2; version 1 files, with int bucket offsets, are refused and rebuilt by callers)
 *  12  int32    engine ordinal (AUTO=0, SCAN=1, MIH=2)
 *  16  int64    count n
 *  24  int64    CRC-32C of bytes 8..24 followed by everything after byte 32
 *  32  n x int64     ids, strictly increasing
 *      4n x int64    hash words, most significant first per hash
 *      int64         T, number of multi-index tables (0: none, rebuilt on load if the engine wants one)
 *      T x int64     substring widths
 *      per table: int64[] unary bucket sizes, then int64[] packed entries (lengths follow from n and width,
 *                 see {@link MultiIndex}), then a float64 fill estimate
 * </pre>
 * Hashes and ids take 40 bytes per hash; the tables are stored so that loading needs no rebuild (10M hashes load
 * at disk/page-cache speed). Files are written to a temporary sibling and moved into place, so a crash never
 * leaves a half-written index under the final name.
 */
final class IndexFile {
    static final int VERSION = 2;
    private static final byte[] MAGIC = "MMHAMIDX".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 32;
    private static final int CHUNK = 1 << 20;

    private IndexFile() {}

    record Contents(HammingIndex.Engine engine, long[] ids, long[] words, MultiIndex mih) {}

    static void write(Path file, HammingIndex.Engine engine, long[] ids, long[] words, MultiIndex mih)
            throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putInt(VERSION).putInt(engine.ordinal()).putLong(ids.length).putLong(0);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Io io = new Io(ch, file);
            io.crc.update(head.array(), 8, 16);
            ch.position(HEADER);
            io.putLongs(ids);
            io.putLongs(words);
            int[] widths = mih == null ? new int[0] : mih.widths();
            io.putLongs(new long[] {widths.length});
            long[] w = new long[widths.length];
            for (int t = 0; t < widths.length; t++) {
                w[t] = widths[t];
            }
            io.putLongs(w);
            for (int t = 0; t < widths.length; t++) {
                io.putLongs(mih.unary(t));
                io.putLongs(mih.packed(t));
                io.putLongs(new long[] {Double.doubleToLongBits(mih.fill(t))});
            }
            head.putLong(24, io.crc.getValue());
            head.rewind();
            ch.position(0);
            while (head.hasRemaining()) {
                ch.write(head);
            }
            ch.force(false);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER) {
                throw bad(file, "truncated header (" + size + " bytes)");
            }
            Io io = new Io(ch, file);
            ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            io.readFully(head);
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
            long minSize = HEADER + 40 * n + 8;
            if (n < 0 || n > Integer.MAX_VALUE / 4 || size < minSize) {
                throw bad(file, "header says " + n + " hashes but the file has " + size + " bytes (truncated?)");
            }
            io.crc.update(head.array(), 8, 16);
            long[] ids = new long[(int) n];
            long[] words = new long[(int) (4 * n)];
            io.getLongs(ids);
            io.getLongs(words);
            long[] tl = new long[1];
            io.getLongs(tl);
            if (tl[0] < 0 || tl[0] > 256 || size < minSize + 8 * tl[0]) {
                throw bad(file, "bad multi-index table count " + tl[0] + " (truncated or corrupt)");
            }
            long[] wl = new long[(int) tl[0]];
            io.getLongs(wl);
            int[] widths = new int[wl.length];
            long expected = minSize + 8L * wl.length;
            int sum = 0;
            for (int t = 0; t < wl.length; t++) {
                if (wl[t] < 1 || wl[t] > 32) {
                    throw bad(file, "bad substring width " + wl[t]);
                }
                widths[t] = (int) wl[t];
                sum += widths[t];
                expected += 8L * MultiIndex.unaryLength((int) n, widths[t])
                        + 8L * MultiIndex.packedLength((int) n, widths[t]) + 8;
            }
            if (sum > 256 || size != expected) {
                throw bad(file, "expected " + expected + " bytes for " + n + " hashes and " + wl.length
                        + " tables, found " + size + " (truncated or corrupt)");
            }
            long[][] unary = new long[widths.length][];
            long[][] packed = new long[widths.length][];
            double[] fill = new double[widths.length];
            for (int t = 0; t < widths.length; t++) {
                unary[t] = new long[MultiIndex.unaryLength((int) n, widths[t])];
                io.getLongs(unary[t]);
                packed[t] = new long[MultiIndex.packedLength((int) n, widths[t])];
                io.getLongs(packed[t]);
                io.getLongs(tl);
                fill[t] = Double.longBitsToDouble(tl[0]);
            }
            if (io.crc.getValue() != stored) {
                throw bad(file, "checksum mismatch (corrupt file)");
            }
            for (int i = 1; i < ids.length; i++) {
                if (ids[i] <= ids[i - 1]) {
                    throw bad(file, "ids not strictly increasing at entry " + i);
                }
            }
            MultiIndex mih = null;
            if (widths.length > 0) {
                try {
                    mih = MultiIndex.restore((int) n, widths, unary, packed, fill);
                } catch (IllegalArgumentException e) {
                    throw bad(file, e.getMessage());
                }
            }
            return new Contents(HammingIndex.Engine.values()[engine], ids, words, mih);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "index file not found");
        }
    }

    /** Chunked primitive-array I/O through one direct buffer, feeding a CRC-32C. */
    private static final class Io {
        final FileChannel ch;
        final Path file;
        final CRC32C crc = new CRC32C();
        final ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);

        Io(FileChannel ch, Path file) {
            this.ch = ch;
            this.file = file;
        }

        void putLongs(long[] a) throws IOException {
            int per = CHUNK / 8;
            for (int off = 0; off < a.length; off += per) {
                int len = Math.min(per, a.length - off);
                buf.clear();
                buf.asLongBuffer().put(a, off, len);
                flush(8 * len);
            }
        }

        private void flush(int bytes) throws IOException {
            buf.limit(bytes);
            crc.update(buf);
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }

        void getLongs(long[] a) throws IOException {
            int per = CHUNK / 8;
            for (int off = 0; off < a.length; off += per) {
                int len = Math.min(per, a.length - off);
                fill(8 * len);
                buf.asLongBuffer().get(a, off, len);
            }
        }

        private void fill(int bytes) throws IOException {
            buf.clear();
            buf.limit(bytes);
            readFully(buf);
            buf.flip();
            crc.update(buf);
            buf.flip();
        }

        void readFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw bad(file, "unexpected end of file");
                }
            }
        }
    }

    private static IOException bad(Path file, String cause) {
        return new IOException("index file " + file + ": " + cause);
    }
}
