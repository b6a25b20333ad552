package io.mediamatch.index;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Multi-index hashing (Norouzi, Punjani, Fleet) over an immutable flat hash array: the 256 bits are cut into
 * disjoint substrings, one table each. A query probes table t with every key within radius r[t] of its own
 * substring; if the radii satisfy sum(r[t] + 1) > d over the tables used, every hash within d of the query
 * shares some table's bucket within that table's radius (pigeonhole), so verifying the candidates on the full
 * hash is exact. This class holds the tables; {@link MultiIndexPlanner} picks the radii per query distance from
 * a cost model (null when a scan is cheaper), {@link MultiIndexSearcher} answers one query and
 * {@link MultiIndexBatchSearcher} many at once.
 *
 * <p>Table layout (no boxed objects): the substring key of width b is split into a bucket of T = min(b,
 * floor(log2 n)) top bits (about one entry per bucket) and a residual of b - T bits (0 to 2); each entry is
 * packed as (residual, position) in b - T + ceil(log2 n) bits, sorted by key. Bucket sizes are stored in unary,
 * one bit per entry plus one per bucket, with the bit where every 64th bucket starts kept in an int; a bucket's
 * start is found from the sample below it with a broadword select ({@link UnarySelect}). A table thus costs about
 * ceil(log2 n) + 2 to 4 bits per hash: at 10M hashes the index holds 0.25x the memory of FAISS's
 * IndexBinaryMultiHash. Immutable once built (the searchers read the package-private arrays, never write them)
 * and thread-safe; up to 2^30 hashes.
 */
final class MultiIndex {
    /** Substring width = round(log2 n) + this (clamped to 8..32); measured: see benchmarks/results/index.md. */
    static final int WIDTH_EXTRA = 1;
    /** Unary bit positions (n + buckets <= 2n) must fit an int. */
    static final int MAX_HASHES = 1 << 30;

    final int n;
    /** Bits of a position in an entry, and their mask. */
    final int idBits;
    final long idMask;
    final int tables;
    /** First bit (from the top of the hash) and width of each table's substring. */
    final int[] start;
    final int[] width;
    /** Residual bits of each table's entries: width minus the bucket bits. */
    final int[] resBits;
    /** Bucket sizes in unary: bucket b is a run of ones (its entries) ended by a zero. */
    final long[][] unary;
    /** Bit position in {@link #unary} where bucket 64j starts, at index j. */
    final int[][] samples;
    /** Entries (residual, position) of entryBits[t] bits each, sorted by key. */
    final long[][] packed;
    final int[] entryBits;
    /** Expected candidates per probe (data-weighted bucket size), for the cost model. */
    private final double[] fill;

    private MultiIndex(int n, int[] widths) {
        if (n > MAX_HASHES) {
            throw new IllegalArgumentException(n + " hashes: a multi-index holds at most " + MAX_HASHES);
        }
        this.n = n;
        this.idBits = idBits(n);
        this.idMask = (1L << idBits) - 1;
        this.tables = widths.length;
        this.width = widths.clone();
        this.start = new int[tables];
        for (int t = 1; t < tables; t++) {
            start[t] = start[t - 1] + widths[t - 1];
        }
        this.resBits = new int[tables];
        this.unary = new long[tables][];
        this.samples = new int[tables][];
        this.packed = new long[tables][];
        this.entryBits = new int[tables];
        this.fill = new double[tables];
    }

    /** Substring widths (summing to 256) for a database of n hashes. */
    static int[] widthsFor(int n) {
        int log = 64 - Long.numberOfLeadingZeros(Math.max(1, n)) - 1;
        double exact = Math.log(Math.max(2, n)) / Math.log(2);
        int w = (int) Math.round(exact) + WIDTH_EXTRA;
        w = Math.max(8, Math.min(32, Math.max(w, log)));
        int t = (256 + w - 1) / w;
        int[] widths = new int[t];
        int base = 256 / t;
        int extra = 256 % t;
        for (int i = 0; i < t; i++) {
            widths[i] = base + (i < extra ? 1 : 0);
        }
        return widths;
    }

    /** Builds the tables over words[0 .. 4n); tables are built in parallel. */
    static MultiIndex build(long[] words, int n, int[] widths) {
        int sum = 0;
        for (int w : widths) {
            if (w < 1 || w > 32) {
                throw new IllegalArgumentException("substring width " + w + " not in 1..32");
            }
            sum += w;
        }
        if (sum > 256) {
            throw new IllegalArgumentException("substring widths sum to " + sum + " > 256");
        }
        MultiIndex m = new MultiIndex(n, widths);
        IntStream.range(0, m.tables).parallel().forEach(t -> m.buildTable(words, t));
        return m;
    }

    /** Bits of a key used as the bucket index for n hashes and substring width b: about one entry per bucket. */
    private static int topBits(int n, int b) {
        int log = 31 - Integer.numberOfLeadingZeros(Math.max(1, n));
        return Math.max(1, Math.min(b, log));
    }

    private static int idBits(int n) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
    }

    /** Words of a table's unary bucket sizes: n ones, 2^top zeros, one spare word. */
    static int unaryLength(int n, int b) {
        return (int) (((long) n + (1L << topBits(n, b)) + 63) >>> 6) + 1;
    }

    static int packedLength(int n, int b) {
        int eb = b - topBits(n, b) + idBits(n);
        return (int) (((long) n * eb + 63) >>> 6) + 1;
    }

    /** Reassembles tables read from a file; checks their shapes and that the unary sizes cover n entries. */
    static MultiIndex restore(int n, int[] widths, long[][] unary, long[][] packed, double[] fill) {
        MultiIndex m = new MultiIndex(n, widths);
        for (int t = 0; t < m.tables; t++) {
            int b = widths[t];
            if (unary[t].length != unaryLength(n, b) || packed[t].length != packedLength(n, b)) {
                throw new IllegalArgumentException("table " + t + " has the wrong size");
            }
            int buckets = 1 << topBits(n, b);
            long ones = 0;
            for (long w : unary[t]) {
                ones += Long.bitCount(w);
            }
            long used = (long) n + buckets;
            long tail = used >= 64L * unary[t].length ? 0 : unary[t][(int) (used >>> 6)] >>> (used & 63);
            if (ones != n || tail != 0 || !zeroesAfter(unary[t], (int) (used >>> 6) + 1)) {
                throw new IllegalArgumentException("table " + t + " bucket sizes do not cover " + n + " hashes");
            }
            m.resBits[t] = b - topBits(n, b);
            m.entryBits[t] = m.resBits[t] + m.idBits;
            m.unary[t] = unary[t];
            m.samples[t] = UnarySelect.samplesOf(unary[t], buckets);
            m.packed[t] = packed[t];
            m.fill[t] = fill[t];
        }
        // one sequential pass per table: at 10M, 0.2-0.4 s of a service start (benchmarks/results/serve.md)
        for (int t = 0; t < m.tables; t++) {
            if (!positionsInRange(packed[t], n, m.entryBits[t], m.idBits)) {
                throw new IllegalArgumentException("table " + t + " names a hash position past the " + n + " hashes");
            }
        }
        return m;
    }

    /**
     * True when each of the n packed entries names a position below n, so that a restored table never sends a
     * search past the hash array (one sequential pass; the file's checksum already guards against damage, this
     * against a file made to pass it).
     */
    private static boolean positionsInRange(long[] data, int n, int eb, int idBits) {
        long mask = (1L << eb) - 1;
        long idMask = (1L << idBits) - 1;
        long max = 0;
        long bit = 0;
        for (int k = 0; k < n; k++, bit += eb) {
            max = Math.max(max, entry(data, bit, mask) & idMask);
        }
        return n == 0 || max < n;
    }

    private static boolean zeroesAfter(long[] a, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Words of table t's unary bucket sizes (for the index file). */
    long[] unary(int t) {
        return unary[t];
    }

    long[] packed(int t) {
        return packed[t];
    }

    double fill(int t) {
        return fill[t];
    }

    private void buildTable(long[] words, int t) {
        int b = width[t];
        int top = topBits(n, b);
        int rb = b - top;
        resBits[t] = rb;
        int eb = rb + idBits;
        entryBits[t] = eb;
        int s = start[t];
        int[] off = new int[(1 << top) + 1];
        for (int i = 0, p = 0; i < n; i++, p += 4) {
            off[(key(words, p, s, b) >>> rb) + 1]++;
        }
        for (int i = 1; i < off.length; i++) {
            off[i] += off[i - 1];
        }
        int[] cursor = Arrays.copyOf(off, off.length - 1);
        long[] tmp = new long[n];
        int resMask = (1 << rb) - 1;
        for (int i = 0, p = 0; i < n; i++, p += 4) {
            int k = key(words, p, s, b);
            tmp[cursor[k >>> rb]++] = ((long) (k & resMask) << idBits) | i;
        }
        double sumSq = 0;
        for (int bucket = 0; bucket < off.length - 1; bucket++) {
            int from = off[bucket];
            int to = off[bucket + 1];
            if (to - from > 1) {
                Arrays.sort(tmp, from, to);
            }
            // runs of equal residual are runs of equal full key
            int run = 1;
            for (int j = from + 1; j <= to; j++) {
                if (j < to && (tmp[j] >>> idBits) == (tmp[j - 1] >>> idBits)) {
                    run++;
                } else {
                    if (to > from) {
                        sumSq += (double) run * run;
                    }
                    run = 1;
                }
            }
        }
        long[] data = new long[packedLength(n, b)];
        for (int j = 0; j < n; j++) {
            long bit = (long) j * eb;
            int w = (int) (bit >>> 6);
            int sh = (int) (bit & 63);
            data[w] |= tmp[j] << sh;
            if (sh + eb > 64) {
                data[w + 1] |= tmp[j] >>> (64 - sh);
            }
        }
        long[] bits = new long[unaryLength(n, b)];
        long pos = 0;
        for (int bucket = 0; bucket < off.length - 1; bucket++) {
            for (int j = off[bucket], end = off[bucket + 1]; j < end; j++, pos++) {
                bits[(int) (pos >>> 6)] |= 1L << pos;
            }
            pos++; // the bucket's terminating zero
        }
        unary[t] = bits;
        samples[t] = UnarySelect.samplesOf(bits, off.length - 1);
        packed[t] = data;
        fill[t] = n == 0 ? 0 : sumSq / n;
    }

    /** Substring [s, s + b) of the hash at words[p..p+4), bits numbered from the top of word 0. */
    static int key(long[] words, int p, int s, int b) {
        int wi = s >>> 6;
        int o = s & 63;
        long v = (words[p + wi] << o) >>> (64 - b);
        if (o + b > 64) {
            v |= words[p + wi + 1] >>> (128 - o - b);
        }
        return (int) v;
    }

    private static long entry(long[] data, long bit, long mask) {
        int w = (int) (bit >>> 6);
        int s = (int) (bit & 63);
        return ((data[w] >>> s) | ((data[w + 1] << 1) << (63 - s))) & mask;
    }

    long memoryBytes() {
        long b = 0;
        for (int t = 0; t < tables; t++) {
            b += 16 + 8L * unary[t].length + 16 + 4L * samples[t].length + 16 + 8L * packed[t].length;
        }
        return b;
    }

    int[] widths() {
        return width.clone();
    }

    /** Bucket bits of table t's keys (its width minus the residual bits). */
    int bucketBits(int t) {
        return width[t] - resBits[t];
    }

    /**
     * Appends to out, from index c, the positions among the size entries starting at entry index from (one
     * bucket of a table with entries of eb bits) whose residual is within over - 1 bits of res; returns the new
     * count. Writes up to out[c + max(size, 2) - 1]: the caller makes room. Shared by both searchers: C2 inlines
     * it into each, and a copy per searcher measured no faster (benchmarks/results/index.md, house split).
     */
    static int decodeBucket(long[] data, int eb, int idBits, int from, int size, int res, int over, int[] out,
            int c) {
        long mask = (1L << eb) - 1;
        long idMask = (1L << idBits) - 1;
        // Buckets hold about one entry: the first two are decoded without a branch (a loop would mispredict its
        // exit at almost every bucket), kept when inside the bucket and within budget. An entry the bucket lacks
        // is read at bit 0 instead (cached, and never past the array).
        long bit = (long) from * eb;
        long e0 = entry(data, size > 0 ? bit : 0, mask);
        long e1 = entry(data, size > 1 ? bit + eb : 0, mask);
        out[c] = (int) (e0 & idMask);
        c += ((Integer.bitCount(((int) (e0 >>> idBits)) ^ res) - over) >>> 31) & ((-size) >>> 31);
        out[c] = (int) (e1 & idMask);
        c += ((Integer.bitCount(((int) (e1 >>> idBits)) ^ res) - over) >>> 31) & ((1 - size) >>> 31);
        bit += 2L * eb;
        for (int k = 2; k < size; k++, bit += eb) {
            long e = entry(data, bit, mask);
            out[c] = (int) (e & idMask);
            c += (Integer.bitCount(((int) (e >>> idBits)) ^ res) - over) >>> 31;
        }
        return c;
    }

    /**
     * True unless a table before t also covers the hash at words[p..p+4) within its radius (the hash is reported
     * from there): the query's substring keys are qkeys[off + u].
     */
    boolean firstCovering(long[] words, int p, int t, int[] radii, int[] qkeys, int off) {
        for (int u = 0; u < t; u++) {
            int r = radii[u];
            if (r >= 0 && Integer.bitCount(key(words, p, start[u], width[u]) ^ qkeys[off + u]) <= r) {
                return false;
            }
        }
        return true;
    }
}
