package io.mediamatch.index;

/**
 * The brute-force kernels in plain Java, one 64-bit popcount at a time: what every JVM runs (Java 17 has no
 * vector popcount). Several queries share one pass over memory through blocks of hashes kept in L1.
 */
final class ScalarScan implements Scan.Kernel {
    @Override
    public String name() {
        return "scalar";
    }

    /** Every position in [from, to) within {@code maxD} of the single query q0..q3. */
    static void range(long[] w, int from, int to, long q0, long q1, long q2, long q3, int maxD, int query,
            Scan.Sink sink) {
        for (int i = from, p = from << 2; i < to; i++, p += 4) {
            int d = Long.bitCount(w[p] ^ q0) + Long.bitCount(w[p + 1] ^ q1);
            if (d > maxD) {
                continue;
            }
            d += Long.bitCount(w[p + 2] ^ q2) + Long.bitCount(w[p + 3] ^ q3);
            if (d <= maxD) {
                sink.hit(query, i, d);
            }
        }
    }

    /**
     * Every (query, position) pair within {@code maxD}; {@code q} holds nq (1..8) queries of 4 words. The hashes
     * are read in blocks of {@link #RANGE_BLOCK} that stay in L1 while each query of the batch runs the
     * single-query kernel over them (measured faster than comparing each hash with all queries in turn, which
     * keeps 32 query words out of registers).
     */
    @Override
    public void rangeMulti(long[] w, int from, int to, long[] q, int nq, int maxD, int queryBase, Scan.Sink sink) {
        if (nq == 1) {
            range(w, from, to, q[0], q[1], q[2], q[3], maxD, queryBase, sink);
            return;
        }
        for (int b = from; b < to; b += RANGE_BLOCK) {
            int e = Math.min(to, b + RANGE_BLOCK);
            for (int j = 0, o = 0; j < nq; j++, o += 4) {
                range(w, b, e, q[o], q[o + 1], q[o + 2], q[o + 3], maxD, queryBase + j, sink);
            }
        }
    }

    /** Hashes per block in multi-query range search: 512 hashes = 16 KiB. */
    private static final int RANGE_BLOCK = 512;

    /**
     * Each position once, with the query (lowest index on ties) nearest to it, when that distance is within
     * {@code maxD}: the dihedral form, one pass over memory for all orientations (blocks as in
     * {@link #rangeMulti}).
     */
    @Override
    public void rangeBest(long[] w, int from, int to, long[] q, int nq, int maxD, Scan.Sink sink) {
        int[] best = new int[RANGE_BLOCK];
        int[] bestQ = new int[RANGE_BLOCK];
        for (int b = from; b < to; b += RANGE_BLOCK) {
            int e = Math.min(to, b + RANGE_BLOCK);
            java.util.Arrays.fill(best, maxD + 1);
            for (int j = 0, o = 0; j < nq; j++, o += 4) {
                long q0 = q[o];
                long q1 = q[o + 1];
                long q2 = q[o + 2];
                long q3 = q[o + 3];
                for (int i = b, p = b << 2; i < e; i++, p += 4) {
                    int d = Long.bitCount(w[p] ^ q0) + Long.bitCount(w[p + 1] ^ q1);
                    if (d >= best[i - b]) {
                        continue;
                    }
                    d += Long.bitCount(w[p + 2] ^ q2) + Long.bitCount(w[p + 3] ^ q3);
                    if (d < best[i - b]) {
                        best[i - b] = d;
                        bestQ[i - b] = j;
                    }
                }
            }
            for (int i = b; i < e; i++) {
                if (best[i - b] <= maxD) {
                    sink.hit(bestQ[i - b], i, best[i - b]);
                }
            }
        }
    }

    /** Entries per block in multi-query kNN: 512 hashes = 16 KiB, reused from L1 by each query of the batch. */
    private static final int KNN_BLOCK = 512;

    @Override
    public void nearest(long[] w, int from, int to, long[] q, int nq, TopK[] tops, long[] ids, long idBase,
            Tombstones dead) {
        if (nq == 1) {
            nearest1(w, from, to, q[0], q[1], q[2], q[3], tops[0], ids, idBase, dead);
            return;
        }
        for (int b = from; b < to; b += KNN_BLOCK) {
            int e = Math.min(to, b + KNN_BLOCK);
            for (int j = 0, o = 0; j < nq; j++, o += 4) {
                nearest1(w, b, e, q[o], q[o + 1], q[o + 2], q[o + 3], tops[j], ids, idBase, dead);
            }
        }
    }

    /** {@link #nearest} for the single query q0..q3. */
    static void nearest1(long[] w, int from, int to, long q0, long q1, long q2, long q3, TopK t,
            long[] ids, long idBase, Tombstones dead) {
        int bound = t.bound;
        for (int i = from, p = from << 2; i < to; i++, p += 4) {
            int d = Long.bitCount(w[p] ^ q0) + Long.bitCount(w[p + 1] ^ q1);
            if (d > bound) {
                continue;
            }
            d += Long.bitCount(w[p + 2] ^ q2) + Long.bitCount(w[p + 3] ^ q3);
            if (d <= bound && (dead == null || !dead.get(i))) {
                t.offer(ids == null ? idBase + i : ids[i], d, 0);
                bound = t.bound;
            }
        }
    }
}
