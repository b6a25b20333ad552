package io.mediamatch.index;

import java.util.Arrays;

/**
 * One range query against a {@link MultiIndex}: reports every position within maxD of the query exactly once,
 * using radii from {@link MultiIndexPlanner#plan}. Each table is searched in passes over small scratch arrays:
 * neighbour keys, bucket bounds, a touch of the first and last entry word of each bucket, candidate positions,
 * a touch of each candidate's hash, verification. Within a pass the memory loads are independent of each other
 * and the loop bodies are short, so the CPU keeps many cache misses in flight; the passes that do real work
 * (decoding entries, popcounts) then read lines the touch passes already brought into cache. One table at a time
 * keeps those lines (a few hundred per table) in the private caches. Measured at 10M hashes this halves a
 * no-match query against probing without touch passes (benchmarks/results/index.md).
 *
 * <p>Allocates nothing per query: the arrays come from a per-thread {@link Scratch}, so a sink must not start
 * another query on the same thread (the index's own sinks only collect hits).
 */
final class MultiIndexSearcher {
    /** Arrays that a thread's single queries reuse, grown as needed. */
    private static final class Scratch {
        final long[] q = new long[4];
        int[] qkeys = new int[0];
        int[] keys = new int[0];
        int[] budget = new int[0];
        int[] from = new int[0];
        int[] to = new int[0];
        int[] cand = new int[64];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Where each query (and each batch) leaves the sum of the words its touch passes loaded: a store the JIT must
     * keep, so it cannot drop those loads as unused. Plain (not volatile): one racy store per query, never read.
     */
    static long touchSink;

    private final MultiIndex m;
    private final long[] words;
    private final long q0;
    private final long q1;
    private final long q2;
    private final long q3;
    private final int maxD;
    private final int[] radii;
    private final int[] qkeys;
    private final int query;
    private final Scan.Sink sink;
    /** This thread's arrays, reused from query to query. */
    private final Scratch scratch;
    /** Bucket indexes of the current table to probe, and for each the residual distance still allowed. */
    private final int[] keys;
    private final int[] budget;
    private final int[] from;
    private final int[] to;
    private int nk;
    private int[] cand;
    /** Sum of the touched words of this query, published to {@link #touchSink}. */
    private long touched;

    /**
     * Reports through {@code sink} (with index {@code query}) every position of {@code words} within maxD of the
     * query q0..q3 exactly once, probing table t at radius radii[t] (-1: unused).
     */
    static void range(MultiIndex m, long[] words, long q0, long q1, long q2, long q3, int maxD, int[] radii,
            int query, Scan.Sink sink) {
        new MultiIndexSearcher(m, words, q0, q1, q2, q3, maxD, radii, query, sink).run();
    }

    private MultiIndexSearcher(MultiIndex m, long[] words, long q0, long q1, long q2, long q3, int maxD,
            int[] radii, int query, Scan.Sink sink) {
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
        Scratch s = SCRATCH.get();
        scratch = s;
        long[] q = s.q;
        q[0] = q0;
        q[1] = q1;
        q[2] = q2;
        q[3] = q3;
        if (s.qkeys.length < m.tables) {
            s.qkeys = new int[m.tables];
        }
        qkeys = s.qkeys;
        int most = 1;
        for (int i = 0; i < m.tables; i++) {
            qkeys[i] = MultiIndex.key(q, 0, m.start[i], m.width[i]);
            if (radii[i] >= 0) {
                most = Math.max(most, (int) MultiIndexPlanner.bucketsWithin(m, i, radii[i]));
            }
        }
        if (s.keys.length < most) {
            s.keys = new int[most];
            s.budget = new int[most];
            s.from = new int[most];
            s.to = new int[most];
        }
        keys = s.keys;
        budget = s.budget;
        from = s.from;
        to = s.to;
        cand = s.cand;
    }

    /**
     * Writes from index n every key with 1..budget more of the bits [fromBit, b) of k flipped, and beside each
     * the budget left (budget minus the flips); returns the new count.
     */
    static int flipped(int[] keys, int[] left, int n, int k, int fromBit, int budget, int b) {
        for (int bit = fromBit; bit < b && budget > 0; bit++) {
            int k2 = k ^ (1 << bit);
            keys[n] = k2;
            left[n++] = budget - 1;
            if (budget > 1) {
                n = flipped(keys, left, n, k2, bit + 1, budget - 1, b);
            }
        }
        return n;
    }

    private void run() {
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
            nk = flipped(keys, budget, nk, qkeys[t] >>> rb, 0, r, m.width[t] - rb);
            search(t);
        }
        touchSink = touched;
    }

    private void search(int t) {
        int n = nk;
        long[] bits = m.unary[t];
        int[] samp = m.samples[t];
        long acc = 0;
        for (int i = 0; i < n; i++) {
            acc += bits[samp[keys[i] >>> UnarySelect.SAMPLE_SHIFT] >>> 6];
        }
        for (int i = 0; i < n; i++) {
            int bucket = keys[i];
            long st = UnarySelect.bucketStart(bits, samp, bucket);
            from[i] = (int) (st - bucket); // ones before = entries before
            to[i] = from[i] + UnarySelect.runOfOnes(bits, st);
        }
        long[] data = m.packed[t];
        int eb = m.entryBits[t];
        for (int i = 0; i < n; i++) {
            // the first and last words the decode reads (an entry spans two); an empty bucket (a third of
            // them) reads word 0 instead, which stays cached
            int f = from[i];
            int e = to[i];
            acc += data[f < e ? (int) (((long) f * eb) >>> 6) : 0]
                    + data[f < e ? (int) ((((long) e - 1) * eb) >>> 6) + 1 : 0];
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
        int res = qkeys[t] & ((1 << rb) - 1);
        int nc = 0;
        int[] c = cand;
        for (int i = 0; i < nk; i++) {
            int j = from[i];
            int size = to[i] - j;
            if (nc + size + 2 > c.length) {
                c = cand = scratch.cand = Arrays.copyOf(c, Math.max(2 * c.length, nc + size + 2));
            }
            nc = MultiIndex.decodeBucket(data, eb, idBits, j, size, res, budget[i] + 1, c, nc);
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
            if (d <= maxD && m.firstCovering(words, p, t, radii, qkeys, 0)) {
                sink.hit(query, c[i], d);
            }
        }
    }
}
