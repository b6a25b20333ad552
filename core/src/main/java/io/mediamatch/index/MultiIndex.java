package io.mediamatch.index;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Multi-index hashing (Norouzi, Punjani, Fleet) over an immutable flat hash array: the 256 bits are cut into
 * disjoint substrings, one table each. A query probes table t with every key within radius r[t] of its own
 * substring; if the radii satisfy sum(r[t] + 1) > d over the tables used, every hash within d of the query
 * shares some table's bucket within that table's radius (pigeonhole), so verifying the candidates on the full
 * hash is exact. {@link #plan} picks the radii per query distance from a cost model; it returns null when a
 * scan is cheaper.
 *
 * <p>Table layout (no boxed objects): the substring key of width b is split into a top part of T bits, used as
 * a direct bucket index, and a residual of b - T bits; each entry is packed as (residual, position) in
 * b - T + ceil(log2 n) bits, sorted by key. Bucket offsets cost 2 bytes per bucket: an int per block of 64
 * buckets plus a char relative to it (smaller blocks when a block holds 65,536 entries or more, e.g. masses of
 * duplicates). With T = floor(log2 n) - 2 a table costs about ceil(log2 n) + 3 bits per hash plus 1 byte per
 * 16 hashes for the offsets. Immutable and thread-safe.
 */
final class MultiIndex {
    /** Substring width = round(log2 n) + this (clamped to 8..32); measured: see benchmarks/results/index.md. */
    static final int WIDTH_EXTRA = 1;
    static final int MAX_RADIUS = 4;
    // cost model (nanoseconds, measured at 1M and 10M on the 2-core EPYC, see benchmarks/results/index.md):
    // a probe of one bucket including its ~4-8 packed entries, a candidate verified on its full hash, one hash
    // scanned
    static final double PROBE_NS = 60;
    static final double CANDIDATE_NS = 40;
    static final double SCAN_NS = 1.0;

    private final int n;
    private final int idBits;
    private final long idMask;
    final int tables;
    private final int[] start;
    private final int[] width;
    private final int[] resBits;
    /** Bucket b starts at base[b >>> blockShift] + rel[b] (a char: 2 bytes per bucket instead of 4). */
    private final int[][] base;
    private final char[][] rel;
    private final int[] blockShift;
    private final long[][] packed;
    private final int[] entryBits;
    /** Expected candidates per probe (data-weighted bucket size), for the cost model. */
    private final double[] fill;

    private MultiIndex(int n, int[] widths) {
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
        this.base = new int[tables][];
        this.rel = new char[tables][];
        this.blockShift = new int[tables];
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

    /** Bits of a key used as the direct bucket index for n hashes and substring width b. */
    private static int topBits(int n, int b) {
        int log = 31 - Integer.numberOfLeadingZeros(Math.max(1, n));
        return Math.max(1, Math.min(b, log - 2));
    }

    private static int idBits(int n) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
    }

    static int offsetsLength(int n, int b) {
        return (1 << topBits(n, b)) + 1;
    }

    static int packedLength(int n, int b) {
        int eb = b - topBits(n, b) + idBits(n);
        return (int) (((long) n * eb + 63) >>> 6) + 1;
    }

    /** Reassembles tables read from a file; checks their shapes and bucket offsets. */
    static MultiIndex restore(int n, int[] widths, int[][] offsets, long[][] packed, double[] fill) {
        MultiIndex m = new MultiIndex(n, widths);
        for (int t = 0; t < m.tables; t++) {
            int b = widths[t];
            int[] off = offsets[t];
            if (off.length != offsetsLength(n, b) || packed[t].length != packedLength(n, b)) {
                throw new IllegalArgumentException("table " + t + " has the wrong size");
            }
            for (int i = 1; i < off.length; i++) {
                if (off[i] < off[i - 1]) {
                    throw new IllegalArgumentException("table " + t + " bucket offsets not sorted");
                }
            }
            if (off[0] != 0 || off[off.length - 1] != n) {
                throw new IllegalArgumentException("table " + t + " bucket offsets do not cover " + n + " hashes");
            }
            m.resBits[t] = b - topBits(n, b);
            m.entryBits[t] = m.resBits[t] + m.idBits;
            m.setOffsets(t, off);
            m.packed[t] = packed[t];
            m.fill[t] = fill[t];
        }
        return m;
    }

    /** The bucket offsets of table t in full: bucket b holds entries [off[b], off[b + 1]). */
    int[] offsets(int t) {
        int[] off = new int[rel[t].length];
        int k = blockShift[t];
        for (int b = 0; b < off.length; b++) {
            off[b] = base[t][b >>> k] + rel[t][b];
        }
        return off;
    }

    /**
     * Stores offsets as an int per block of 2^k buckets plus a char per bucket relative to its block, with the
     * largest k <= 6 whose blocks all hold fewer than 65,536 entries (k = 0, one int per bucket, always fits).
     */
    private void setOffsets(int t, int[] off) {
        int k = 6;
        while (k > 0 && !fitsInChars(off, k)) {
            k--;
        }
        int buckets = off.length - 1;
        int[] bs = new int[(buckets >>> k) + 1];
        for (int j = 0; j < bs.length; j++) {
            bs[j] = off[Math.min(buckets, j << k)];
        }
        char[] r = new char[off.length];
        for (int b = 0; b < off.length; b++) {
            r[b] = (char) (off[b] - bs[b >>> k]);
        }
        blockShift[t] = k;
        base[t] = bs;
        rel[t] = r;
    }

    private static boolean fitsInChars(int[] off, int k) {
        for (int b = 0; b < off.length; b++) {
            if (off[b] - off[Math.min(off.length - 1, (b >>> k) << k)] > Character.MAX_VALUE) {
                return false;
            }
        }
        return true;
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
        setOffsets(t, off);
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
            b += 16 + 4L * base[t].length + 16 + 2L * rel[t].length + 16 + 8L * packed[t].length;
        }
        return b;
    }

    int[] widths() {
        return width.clone();
    }

    private static double volume(int b, int r) {
        double v = 0;
        double c = 1;
        for (int i = 0; i <= r; i++) {
            v += c;
            c = c * (b - i) / (i + 1);
        }
        return v;
    }

    private double cost(int t, int r) {
        // buckets probed: those within r of the query's top bits; candidates: keys within r of the query's key
        return r < 0 ? 0 : volume(width[t] - resBits[t], r) * PROBE_NS + volume(width[t], r) * fill[t] * CANDIDATE_NS;
    }

    /** Estimated nanoseconds of a scan over this table's hashes. */
    double scanCost() {
        return n * SCAN_NS;
    }

    /**
     * Radii per table (-1 = table unused) with sum(r + 1) >= maxD + 1, chosen greedily by marginal cost, or null
     * when no such plan is cheaper than a scan.
     */
    int[] plan(int maxD) {
        return plan(maxD, scanCost());
    }

    /** A plan whatever its cost (tests drive the tables at every distance); null only when infeasible. */
    int[] planIgnoringCost(int maxD) {
        return plan(maxD, Double.MAX_VALUE);
    }

    private int[] plan(int maxD, double limit) {
        int need = maxD + 1;
        int[] r = new int[tables];
        Arrays.fill(r, -1);
        double total = 0;
        for (int units = 0; units < need; units++) {
            int best = -1;
            double bestDelta = Double.MAX_VALUE;
            for (int t = 0; t < tables; t++) {
                if (r[t] >= MAX_RADIUS || r[t] + 1 >= width[t]) {
                    continue;
                }
                double delta = cost(t, r[t] + 1) - cost(t, r[t]);
                if (delta < bestDelta) {
                    bestDelta = delta;
                    best = t;
                }
            }
            if (best < 0) {
                return null;
            }
            r[best]++;
            total += bestDelta;
            if (total >= limit) {
                return null;
            }
        }
        return r;
    }

    /** Estimated nanoseconds of one query with {@code radii}. */
    double planCost(int[] radii) {
        double c = 0;
        for (int t = 0; t < tables; t++) {
            c += cost(t, radii[t]);
        }
        return c;
    }

    /**
     * Reports every position within maxD of the query q0..q3 exactly once, using {@code radii} from
     * {@link #plan(int)}.
     */
    void range(long[] words, long q0, long q1, long q2, long q3, int maxD, int[] radii, int query,
            Scan.Sink sink) {
        new Probe(this, words, q0, q1, q2, q3, maxD, radii, query, sink).run();
    }

    /**
     * State of one query. Each table is searched in passes over small scratch arrays: neighbour keys, bucket
     * bounds, a touch of the first and last entry word of each bucket, candidate positions, a touch of each
     * candidate's hash, verification. Within a pass the memory loads are independent of each other and the
     * loop bodies are short, so the CPU keeps many cache misses in flight; the passes that do real work
     * (decoding entries, popcounts) then read lines the touch passes already brought into cache. One table at
     * a time keeps those lines (a few hundred per table) in the private caches. Measured at 10M hashes this
     * halves a no-match query against probing without touch passes (benchmarks/results/index.md).
     */
    private static final class Probe {
        final MultiIndex m;
        final long[] words;
        final long q0;
        final long q1;
        final long q2;
        final long q3;
        final int maxD;
        final int[] radii;
        final int[] qkeys;
        final int query;
        final Scan.Sink sink;
        /** Bucket indexes of the current table to probe, and for each the residual distance still allowed. */
        final int[] keys;
        final int[] budget;
        final int[] from;
        final int[] to;
        int nk;
        int[] cand = new int[64];
        /** Sum of the touched words of this query, published to {@link #touchSink}. */
        long touched;
        /**
         * Where each query leaves the sum of the words its touch passes loaded: a store the JIT must keep, so
         * it cannot drop those loads as unused. Plain (not volatile): one racy store per query, never read.
         */
        static long touchSink;

        Probe(MultiIndex m, long[] words, long q0, long q1, long q2, long q3, int maxD, int[] radii, int query,
                Scan.Sink sink) {
            this.m = m;
            this.words = words;
            this.q0 = q0;
            this.q1 = q1;
            this.q2 = q2;
            this.q3 = q3;
            this.maxD = maxD;
            this.radii = radii;
            this.query = query;
            this.sink = sink;
            long[] q = {q0, q1, q2, q3};
            qkeys = new int[m.tables];
            int most = 1;
            for (int i = 0; i < m.tables; i++) {
                qkeys[i] = key(q, 0, m.start[i], m.width[i]);
                if (radii[i] >= 0) {
                    most = Math.max(most, (int) volume(m.width[i], radii[i]));
                }
            }
            keys = new int[most];
            budget = new int[most];
            from = new int[most];
            to = new int[most];
        }

        void run() {
            for (int t = 0; t < m.tables; t++) {
                int r = radii[t];
                if (r < 0) {
                    continue;
                }
                // Each bucket within r of the query's top bits, once: a bucket f top-bit flips away holds the
                // keys within r whose residual is within r - f of the query's (the same entries as probing every
                // key within r, without reading a bucket once per residual pattern).
                int rb = m.resBits[t];
                nk = 0;
                keys[nk] = qkeys[t] >>> rb;
                budget[nk++] = r;
                if (r > 0) {
                    flips(qkeys[t] >>> rb, 0, r, m.width[t] - rb);
                }
                search(t);
            }
            touchSink = touched;
        }

        private void flips(int k, int fromBit, int left, int b) {
            for (int bit = fromBit; bit < b; bit++) {
                int nk2 = k ^ (1 << bit);
                keys[nk] = nk2;
                budget[nk++] = left - 1;
                if (left > 1) {
                    flips(nk2, bit + 1, left - 1, b);
                }
            }
        }

        private void search(int t) {
            int n = nk;
            int[] bs = m.base[t];
            char[] rl = m.rel[t];
            int k = m.blockShift[t];
            for (int i = 0; i < n; i++) {
                int top = keys[i];
                from[i] = bs[top >>> k] + rl[top];
                to[i] = bs[(top + 1) >>> k] + rl[top + 1];
            }
            long[] data = m.packed[t];
            int eb = m.entryBits[t];
            long acc = 0;
            for (int i = 0; i < n; i++) {
                acc += data[(int) (((long) from[i] * eb) >>> 6)] + data[(int) (((long) to[i] * eb) >>> 6)];
            }
            int nc = candidates(t, data, eb);
            long[] w = words;
            int[] c = cand;
            for (int i = 0; i < nc; i++) {
                acc += w[c[i] << 2];
            }
            touched += acc;
            verify(t, nc);
        }

        /** Collects the positions whose residual lies within its bucket's budget; returns their count. */
        private int candidates(int t, long[] data, int eb) {
            int rb = m.resBits[t];
            int idBits = m.idBits;
            long idMask = m.idMask;
            long mask = (1L << eb) - 1;
            int res = qkeys[t] & ((1 << rb) - 1);
            int nc = 0;
            int[] c = cand;
            for (int i = 0; i < nk; i++) {
                int over = budget[i] + 1;
                int j = from[i];
                int end = to[i];
                if (nc + end - j > c.length) {
                    c = cand = Arrays.copyOf(c, Math.max(2 * c.length, nc + end - j));
                }
                // branch-free: which entries match depends on memory just loaded; a branch on it would be
                // mispredicted about every other time
                for (long bit = (long) j * eb; j < end; j++, bit += eb) {
                    long e = entry(data, bit, mask);
                    c[nc] = (int) (e & idMask);
                    nc += (Integer.bitCount(((int) (e >>> idBits)) ^ res) - over) >>> 31;
                }
            }
            return nc;
        }

        /** Verifies the candidates on their full hashes and reports those within maxD once. */
        private void verify(int t, int nc) {
            long[] w = words;
            int[] c = cand;
            for (int i = 0; i < nc; i++) {
                int p = c[i] << 2;
                int d = Long.bitCount(w[p] ^ q0) + Long.bitCount(w[p + 1] ^ q1);
                if (d > maxD) {
                    continue;
                }
                d += Long.bitCount(w[p + 2] ^ q2) + Long.bitCount(w[p + 3] ^ q3);
                if (d <= maxD && firstCovering(p, t)) {
                    sink.hit(query, c[i], d);
                }
            }
        }

        /** True unless an earlier table's radius also covers this hash (it reports it there). */
        private boolean firstCovering(int p, int t) {
            for (int u = 0; u < t; u++) {
                int r = radii[u];
                if (r >= 0 && Integer.bitCount(key(words, p, m.start[u], m.width[u]) ^ qkeys[u]) <= r) {
                    return false;
                }
            }
            return true;
        }
    }
}
