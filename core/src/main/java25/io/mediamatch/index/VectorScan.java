package io.mediamatch.index;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The brute-force kernels on JDK 25's Vector API with 512-bit lanes ({@code BIT_COUNT} is VPOPCNTQ where the CPU
 * has AVX-512 VPOPCNTDQ). Compiled by JDK 25 from {@code src/main/java25}; {@link Scan} loads it only there.
 *
 * <p>Several queries: lane j holds query j, so each hash word is broadcast once and compared with all queries
 * in one instruction. One query: 8 consecutive hashes (4 vectors, hashes kept in place) are compared at once and
 * their four word counts summed by lane selection. Hits leave the vectors only when a lane is within bound.
 */
final class VectorScan implements Scan.Kernel {
    private static final VectorSpecies<Long> S = LongVector.SPECIES_512;
    /** Lane selections that sum neighbouring lanes of two vectors into one. */
    private static final LongVector EVEN = LongVector.fromArray(S, new long[] {0, 2, 4, 6, 8, 10, 12, 14}, 0);
    private static final LongVector ODD = LongVector.fromArray(S, new long[] {1, 3, 5, 7, 9, 11, 13, 15}, 0);

    VectorScan() {
        int bits = LongVector.SPECIES_PREFERRED.vectorBitSize();
        if (bits < S.vectorBitSize()) {
            throw new UnsupportedOperationException(
                    "this CPU's preferred vectors are " + bits + " bits (the vector kernel needs 512)");
        }
    }

    @Override
    public String name() {
        return "vector (JDK " + Runtime.version().feature() + " Vector API, 512-bit)";
    }

    /** Queries nq (1..8) laid out by word: vector k lane j = word k of query j (lanes past nq repeat query 0). */
    private static LongVector[] byWord(long[] q, int nq) {
        long[] t = new long[32];
        for (int j = 0; j < 8; j++) {
            int src = j < nq ? j : 0;
            for (int k = 0; k < 4; k++) {
                t[k * 8 + j] = q[4 * src + k];
            }
        }
        return new LongVector[] {LongVector.fromArray(S, t, 0), LongVector.fromArray(S, t, 8),
            LongVector.fromArray(S, t, 16), LongVector.fromArray(S, t, 24)};
    }

    /** Distances from the hash at word offset p to each query lane. */
    private static LongVector toQueries(long[] w, int p, LongVector q0, LongVector q1, LongVector q2,
            LongVector q3) {
        return q0.lanewise(VectorOperators.XOR, w[p]).lanewise(VectorOperators.BIT_COUNT)
                .add(q1.lanewise(VectorOperators.XOR, w[p + 1]).lanewise(VectorOperators.BIT_COUNT))
                .add(q2.lanewise(VectorOperators.XOR, w[p + 2]).lanewise(VectorOperators.BIT_COUNT))
                .add(q3.lanewise(VectorOperators.XOR, w[p + 3]).lanewise(VectorOperators.BIT_COUNT));
    }

    /** Distances from the 8 hashes at word offset p to one query ({@code q} = its 4 words twice). */
    private static LongVector eightHashes(long[] w, int p, LongVector q) {
        LongVector c0 = LongVector.fromArray(S, w, p).lanewise(VectorOperators.XOR, q)
                .lanewise(VectorOperators.BIT_COUNT);
        LongVector c1 = LongVector.fromArray(S, w, p + 8).lanewise(VectorOperators.XOR, q)
                .lanewise(VectorOperators.BIT_COUNT);
        LongVector c2 = LongVector.fromArray(S, w, p + 16).lanewise(VectorOperators.XOR, q)
                .lanewise(VectorOperators.BIT_COUNT);
        LongVector c3 = LongVector.fromArray(S, w, p + 24).lanewise(VectorOperators.XOR, q)
                .lanewise(VectorOperators.BIT_COUNT);
        LongVector s01 = EVEN.selectFrom(c0, c1).add(ODD.selectFrom(c0, c1));
        LongVector s23 = EVEN.selectFrom(c2, c3).add(ODD.selectFrom(c2, c3));
        return EVEN.selectFrom(s01, s23).add(ODD.selectFrom(s01, s23));
    }

    private static LongVector twice(long[] q, int o) {
        return LongVector.fromArray(S, new long[] {q[o], q[o + 1], q[o + 2], q[o + 3], q[o], q[o + 1], q[o + 2],
            q[o + 3]}, 0);
    }

    @Override
    public void rangeMulti(long[] w, int from, int to, long[] q, int nq, int maxD, int queryBase, Scan.Sink sink) {
        long[] lanes = new long[8];
        if (nq == 1) {
            LongVector qq = twice(q, 0);
            int end = from + ((to - from) & ~7);
            for (int i = from; i < end; i += 8) {
                LongVector d = eightHashes(w, i << 2, qq);
                VectorMask<Long> m = d.compare(VectorOperators.LE, maxD);
                if (m.anyTrue()) {
                    d.intoArray(lanes, 0);
                    for (long bits = m.toLong(); bits != 0; bits &= bits - 1) {
                        int j = Long.numberOfTrailingZeros(bits);
                        sink.hit(queryBase, i + j, (int) lanes[j]);
                    }
                }
            }
            ScalarScan.range(w, end, to, q[0], q[1], q[2], q[3], maxD, queryBase, sink);
            return;
        }
        LongVector[] v = byWord(q, nq);
        LongVector q0 = v[0];
        LongVector q1 = v[1];
        LongVector q2 = v[2];
        LongVector q3 = v[3];
        LongVector bound = liveBound(maxD, nq);
        for (int i = firstWithin(w, from, to, q0, q1, q2, q3, bound); i < to;
                i = firstWithin(w, i + 1, to, q0, q1, q2, q3, bound)) {
            LongVector d = toQueries(w, i << 2, q0, q1, q2, q3);
            d.intoArray(lanes, 0);
            for (long bits = d.compare(VectorOperators.LE, bound).toLong(); bits != 0; bits &= bits - 1) {
                int j = Long.numberOfTrailingZeros(bits);
                sink.hit(queryBase + j, i, (int) lanes[j]);
            }
        }
    }

    @Override
    public void rangeBest(long[] w, int from, int to, long[] q, int nq, int maxD, Scan.Sink sink) {
        LongVector[] v = byWord(q, nq);
        LongVector q0 = v[0];
        LongVector q1 = v[1];
        LongVector q2 = v[2];
        LongVector q3 = v[3];
        LongVector bound = liveBound(maxD, nq);
        long[] lanes = new long[8];
        for (int i = firstWithin(w, from, to, q0, q1, q2, q3, bound); i < to;
                i = firstWithin(w, i + 1, to, q0, q1, q2, q3, bound)) {
            LongVector d = toQueries(w, i << 2, q0, q1, q2, q3);
            d.intoArray(lanes, 0);
            int best = -1;
            for (long bits = d.compare(VectorOperators.LE, bound).toLong(); bits != 0; bits &= bits - 1) {
                int j = Long.numberOfTrailingZeros(bits);
                if (best < 0 || lanes[j] < lanes[best]) {
                    best = j;
                }
            }
            sink.hit(best, i, (int) lanes[best]);
        }
    }

    @Override
    public void nearest(long[] w, int from, int to, long[] q, int nq, TopK[] tops, long[] ids, long idBase,
            Tombstones dead) {
        long[] lanes = new long[8];
        if (nq == 1) {
            TopK t = tops[0];
            LongVector qq = twice(q, 0);
            int end = from + ((to - from) & ~7);
            for (int i = from; i < end; i += 8) {
                LongVector d = eightHashes(w, i << 2, qq);
                VectorMask<Long> m = d.compare(VectorOperators.LE, t.bound);
                if (m.anyTrue()) {
                    d.intoArray(lanes, 0);
                    for (long bits = m.toLong(); bits != 0; bits &= bits - 1) {
                        int j = Long.numberOfTrailingZeros(bits);
                        offer(t, (int) lanes[j], i + j, ids, idBase, dead);
                    }
                }
            }
            ScalarScan.nearest1(w, end, to, q[0], q[1], q[2], q[3], t, ids, idBase, dead);
            return;
        }
        LongVector[] v = byWord(q, nq);
        LongVector q0 = v[0];
        LongVector q1 = v[1];
        LongVector q2 = v[2];
        LongVector q3 = v[3];
        long[] b = new long[8];
        java.util.Arrays.fill(b, -1L);
        for (int i = from; i < to; i++) {
            for (int j = 0; j < nq; j++) {
                b[j] = tops[j].bound;
            }
            i = firstWithin(w, i, to, q0, q1, q2, q3, LongVector.fromArray(S, b, 0));
            if (i < to) {
                LongVector d = toQueries(w, i << 2, q0, q1, q2, q3);
                d.intoArray(lanes, 0);
                for (long bits = d.compare(VectorOperators.LE, LongVector.fromArray(S, b, 0)).toLong(); bits != 0;
                        bits &= bits - 1) {
                    int j = Long.numberOfTrailingZeros(bits);
                    offer(tops[j], (int) lanes[j], i, ids, idBase, dead);
                }
            }
        }
    }

    /** maxD in the lanes of the nq queries, -1 (no distance is below it) in the lanes past them. */
    private static LongVector liveBound(int maxD, int nq) {
        return LongVector.broadcast(S, -1L).blend(maxD, VectorMask.fromLong(S, (1L << nq) - 1));
    }

    /**
     * The first position in [from, to) within {@code bound} of some query lane, or {@code to}. The bounds stay one
     * loop-invariant vector (a vector that a loop carries through a branch would be boxed).
     */
    private static int firstWithin(long[] w, int from, int to, LongVector q0, LongVector q1, LongVector q2,
            LongVector q3, LongVector bound) {
        for (int i = from, p = from << 2; i < to; i++, p += 4) {
            if (toQueries(w, p, q0, q1, q2, q3).compare(VectorOperators.LE, bound).anyTrue()) {
                return i;
            }
        }
        return to;
    }

    /** The scalar kernel's offer: within the (possibly just tightened) bound and live. */
    private static void offer(TopK t, int d, int pos, long[] ids, long idBase, Tombstones dead) {
        if (d <= t.bound && (dead == null || !dead.get(pos))) {
            t.offer(ids == null ? idBase + pos : ids[pos], d, 0);
        }
    }
}
