package io.mediamatch.index;

import java.util.Arrays;

/**
 * A batch of range queries against a {@link MultiIndex}, with the same hits as one
 * {@link MultiIndexSearcher#range} per query. Per table, the probes of a chunk of queries (bucket, residual
 * budget, query) are counting-sorted into bins of adjacent buckets, and the bins are visited in bucket order: the
 * unary bounds and the entries are then read front to back, each line about once per chunk instead of once per
 * probe, and a dense bin's bucket bounds come from one pass over its unary words instead of a select per probe.
 * Candidates of several tables are collected, then sorted by position and verified region by region of the hash
 * array (see {@link #verify()}). Measured at 10M hashes: 0.3-0.6x the time of single queries for chunks of
 * 4,000-16,000 queries. Scratch: up to 32 MiB of probes, 48 MiB of candidates, held by one batch (one thread).
 */
final class MultiIndexBatchSearcher {
    /** Probes of one table that one chunk of a batch holds (4 bytes each): bounds a batch's scratch memory. */
    static final int BATCH_PROBES = 1 << 23;
    /** Queries in one chunk of a batch, whatever the radii: a probe keeps its query's index in 16 bits. */
    static final int BATCH_QUERIES = 1 << 16;
    /** A batch sorts its probes into bins of 2^BIN_SHIFT adjacent buckets, whose bounds and entries fit in L1. */
    static final int BIN_SHIFT = 11;
    /**
     * A bin's bucket bounds are decoded all at once when it holds at least 2^BIN_SHIFT / DENSE_RATIO probes;
     * sparser bins select each probe's bucket alone (measured at 10M: about 1.2 ns per bound decoded in a row,
     * 15 ns per select).
     */
    static final int DENSE_RATIO = 8;
    /**
     * A batch verifies its candidates once it has collected this many (8 bytes each, plus 4 while sorted): in
     * order of position, so that the hashes are read region by region instead of at random.
     */
    static final int BATCH_CANDIDATES = 1 << 22;
    /** Candidates are sorted by position into regions of 2^REGION_SHIFT hashes (128 KiB, held in L2). */
    static final int REGION_SHIFT = 12;
    /**
     * A region is read front to back before its candidates are verified when it holds at least one candidate
     * per STREAM_RATIO hashes; sparser regions touch each candidate's hash instead.
     */
    static final int STREAM_RATIO = 8;
    /** Bits left in a sorted candidate (32 - REGION_SHIFT - 16) for its table, counted from the first. */
    static final int TABLE_BITS = 32 - REGION_SHIFT - 16;

    /**
     * Every hit of {@link MultiIndexSearcher#range} for each of the nq queries at q[4i..4i+4), reported with
     * query index i: the same hits as nq single queries, found by visiting each table's buckets in order for a
     * whole chunk of queries.
     */
    static void rangeBatch(MultiIndex m, long[] words, long[] q, int nq, int maxD, int[] radii, Scan.Sink sink) {
        rangeBatch(m, words, q, nq, maxD, radii, sink, MultiIndexPlanner.chunkOf(m, radii), BATCH_CANDIDATES);
    }

    /**
     * {@link #rangeBatch} in chunks of at most {@code most} queries (at most {@link MultiIndexPlanner#chunkOf}),
     * verifying candidates whenever {@code candidates} are collected.
     */
    static void rangeBatch(MultiIndex m, long[] words, long[] q, int nq, int maxD, int[] radii, Scan.Sink sink,
            int most, int candidates) {
        if (nq == 0) {
            return;
        }
        int chunks = (nq + most - 1) / most;
        int chunk = (nq + chunks - 1) / chunks; // equal chunks: a small last one would leave its bins sparse
        MultiIndexBatchSearcher b = new MultiIndexBatchSearcher(m, words, q, maxD, radii, sink, candidates);
        for (int from = 0; from < nq; from += chunk) {
            b.run(from, Math.min(chunk, nq - from));
        }
    }

    private final MultiIndex m;
    private final long[] words;
    private final long[] q;
    private final int maxD;
    private final int[] radii;
    private final Scan.Sink sink;
    /** Candidates collected before they are verified. */
    private final int candidateLimit;
    private int base;
    private int nq;
    private int[] qkeys = new int[0];
    /** A chunk's probes of one table: bucket within its bin, residual budget, query (see {@link #probe}). */
    private int[] probes = new int[0];
    /** The current table's residual bits of each query of the chunk. */
    private int[] residual = new int[0];
    private final int[] starts = new int[(1 << BIN_SHIFT) + 1];
    /** Collected candidates: query | table << 16, and position. */
    private int[] candQ = new int[1 << 10];
    private int[] candPos = new int[1 << 10];
    private int nc;
    /** The table of the first collected candidate; the others are at most 2^TABLE_BITS - 1 tables after. */
    private int firstTable;
    private int[] sorted = new int[0];
    private int[] regionStart = new int[0];
    private int[] regionEnd = new int[0];
    /** Sum of the touched words, published to {@link MultiIndexSearcher#touchSink} as a single query's is. */
    private long touched;

    private MultiIndexBatchSearcher(MultiIndex m, long[] words, long[] q, int maxD, int[] radii, Scan.Sink sink,
            int candidates) {
        this.m = m;
        this.candidateLimit = candidates;
        this.words = words;
        this.q = q;
        this.maxD = maxD;
        this.radii = radii;
        this.sink = sink;
    }

    private void run(int base, int nq) {
        this.base = base;
        this.nq = nq;
        int tt = m.tables;
        if (qkeys.length < nq * tt) {
            qkeys = new int[nq * tt];
        }
        for (int i = 0; i < nq; i++) {
            for (int t = 0; t < tt; t++) {
                qkeys[i * tt + t] = MultiIndex.key(q, 4 * (base + i), m.start[t], m.width[t]);
            }
        }
        for (int t = 0; t < tt; t++) {
            if (radii[t] >= 0) {
                if (nc > 0 && t - firstTable >= 1 << TABLE_BITS) {
                    verify();
                }
                if (nc == 0) {
                    firstTable = t;
                }
                table(t);
            }
        }
        verify();
        MultiIndexSearcher.touchSink = touched;
    }

    /** Searches table t for the current chunk. */
    private void table(int t) {
        int rb = m.resBits[t];
        int top = m.width[t] - rb;
        int r = radii[t];
        int v = (int) MultiIndexPlanner.bucketsWithin(m, t, r);
        int[] mask = new int[v];
        int[] left = new int[v];
        left[0] = r;
        MultiIndexSearcher.flipped(mask, left, 1, 0, 0, r, top);
        int shift = Math.min(top, BIN_SHIFT);
        int bins = 1 << (top - shift);
        int[] bin = new int[bins + 1];
        int tt = m.tables;
        // a probe's bin is its query's bin XOR the high part of its mask: count per distinct high part
        int[] perHigh = new int[bins];
        for (int j = 0; j < v; j++) {
            perHigh[mask[j] >>> shift]++;
        }
        int nh = 0;
        int[] high = new int[Math.min(v, bins)];
        for (int h = 0; h < bins; h++) {
            if (perHigh[h] != 0) {
                high[nh] = h;
                perHigh[nh++] = perHigh[h];
            }
        }
        for (int i = 0; i < nq; i++) {
            int kb = qkeys[i * tt + t] >>> rb >>> shift;
            for (int j = 0; j < nh; j++) {
                bin[(kb ^ high[j]) + 1] += perHigh[j];
            }
        }
        for (int i = 0; i < bins; i++) {
            bin[i + 1] += bin[i];
        }
        int total = bin[bins];
        if (probes.length < total) {
            probes = new int[total];
        }
        if (residual.length < nq) {
            residual = new int[nq];
        }
        int[] cur = Arrays.copyOf(bin, bins);
        int[] pr = probes;
        int resMask = (1 << rb) - 1;
        int inBin = (1 << shift) - 1;
        for (int i = 0; i < nq; i++) {
            int k = qkeys[i * tt + t] >>> rb;
            residual[i] = qkeys[i * tt + t] & resMask;
            for (int j = 0; j < v; j++) {
                int b = k ^ mask[j];
                pr[cur[b >>> shift]++] = probe(b & inBin, left[j], i);
            }
        }
        long[] bits = m.unary[t];
        int[] samp = m.samples[t];
        long[] data = m.packed[t];
        int eb = m.entryBits[t];
        int nb = 1 << shift;
        for (int b = 0; b < bins; b++) {
            int lo = bin[b];
            int hi = bin[b + 1];
            if (lo == hi) {
                continue;
            }
            int b0 = b << shift;
            boolean dense = (hi - lo) * DENSE_RATIO >= nb;
            if (dense) {
                boundsOfBin(bits, samp, b0, nb);
                int lastWord = data.length - 1;
                long acc = 0;
                int w0 = (int) (((long) starts[0] * eb) >>> 6);
                int w1 = Math.min(lastWord, (int) (((long) starts[nb] * eb) >>> 6) + 1);
                for (int w = w0; w <= w1; w += 8) {
                    acc += data[w];
                }
                touched += acc;
            }
            collect(t, bits, samp, data, eb, lo, hi, b0, dense);
            if (nc >= candidateLimit) {
                verify();
            }
        }
    }

    /** A probe as an int: bucket within its bin (up to BIN_SHIFT bits), residual budget (3), query (16). */
    private static int probe(int bucketInBin, int budget, int query) {
        return bucketInBin << 19 | budget << 16 | query;
    }

    /** starts[j] = entries before bucket b0 + j, for j in 0..nb. */
    private void boundsOfBin(long[] bits, int[] samp, int b0, int nb) {
        long p0 = UnarySelect.bucketStart(bits, samp, b0);
        int[] s = starts;
        s[0] = (int) (p0 - b0);
        int w = (int) (p0 >>> 6);
        long x = ~bits[w] & (-1L << p0);
        for (int j = 1; j <= nb; j++) {
            while (x == 0) {
                x = ~bits[++w];
            }
            // bucket b0 + j starts after the zero closing bucket b0 + j - 1; entries before it = bits - zeros
            s[j] = (int) (((long) w << 6) + Long.numberOfTrailingZeros(x) + 1 - b0 - j);
            x &= x - 1;
        }
    }

    /**
     * Appends, for probes [lo, hi) of table t (one bin, first bucket b0), the entries of the probed bucket
     * whose residual is within the probe's budget. Dense bins read bucket bounds from {@link #starts}.
     */
    private void collect(int t, long[] bits, int[] samp, long[] data, int eb, int lo, int hi, int b0,
            boolean dense) {
        int most = nc + (hi - lo) * 2 + 2; // grown below when a bucket holds more than two entries
        if (most > candQ.length) {
            growCandidates(most);
        }
        int[] pr = probes;
        int[] st = starts;
        int[] resOf = residual;
        int idBits = m.idBits;
        int[] cq = candQ;
        int[] cp = candPos;
        int c = nc;
        for (int p = lo; p < hi; p++) {
            int e = pr[p];
            int j = e >>> 19;
            int qi = e & 0xFFFF;
            int qt = qi | t << 16;
            int from;
            int size;
            if (dense) {
                from = st[j];
                size = st[j + 1] - from;
            } else {
                int bucket = b0 + j;
                long start = UnarySelect.bucketStart(bits, samp, bucket);
                from = (int) (start - bucket);
                size = UnarySelect.runOfOnes(bits, start);
            }
            // the decode writes positions at cp[c] and cp[c + 1] whatever the size: their queries too
            cq[c] = qt;
            cq[c + 1] = qt;
            if (size > 2) {
                if (c + size + 2 * (hi - p) > cq.length) {
                    nc = c;
                    growCandidates(c + size + 2 * (hi - p));
                    cq = candQ;
                    cp = candPos;
                }
                for (int k = 2; k < size; k++) {
                    cq[c + k] = qt;
                }
            }
            c = MultiIndex.decodeBucket(data, eb, idBits, from, size, resOf[qi], ((e >>> 16) & 7) + 1, cp, c);
        }
        nc = c;
    }

    private void growCandidates(int len) {
        // doubling, but not far past the verification limit (the last bin before it may overshoot it)
        len = Math.max(len, Math.min(2 * candQ.length, candidateLimit + (4 << BIN_SHIFT)));
        candQ = Arrays.copyOf(candQ, len);
        candPos = Arrays.copyOf(candPos, len);
    }

    /**
     * Verifies and reports the collected candidates, then empties the list. They are counting-sorted by
     * position into regions of 2^REGION_SHIFT hashes, each as an int (position within its region, query,
     * table after {@link #firstTable}), and the regions are verified in order, so each region's hashes are
     * loaded once for all its candidates instead of a miss per candidate.
     */
    private void verify() {
        int c = nc;
        if (c == 0) {
            return;
        }
        int regions = ((m.n - 1) >>> REGION_SHIFT) + 1;
        if (regionStart.length < regions + 1) {
            regionStart = new int[regions + 1];
            regionEnd = new int[regions];
        } else {
            Arrays.fill(regionStart, 0, regions + 1, 0);
        }
        int[] cp = candPos;
        int[] cq = candQ;
        int[] rs = regionStart;
        for (int i = 0; i < c; i++) {
            rs[(cp[i] >>> REGION_SHIFT) + 1]++;
        }
        for (int g = 0; g < regions; g++) {
            rs[g + 1] += rs[g];
        }
        if (sorted.length < c) {
            sorted = new int[candQ.length];
        }
        int[] out = sorted;
        int[] cur = regionEnd;
        System.arraycopy(rs, 0, cur, 0, regions);
        int low = (1 << REGION_SHIFT) - 1;
        for (int i = 0; i < c; i++) {
            int p = cp[i];
            int x = cq[i];
            out[cur[p >>> REGION_SHIFT]++] = (p & low) | (x & 0xFFFF) << REGION_SHIFT
                    | ((x >>> 16) - firstTable) << (REGION_SHIFT + 16);
        }
        long[] w = words;
        int n = m.n;
        for (int g = 0; g < regions; g++) {
            int lo = rs[g];
            int hi = rs[g + 1];
            if (lo == hi) {
                continue;
            }
            int p0 = g << REGION_SHIFT;
            long acc = 0;
            if ((hi - lo) * STREAM_RATIO >= 1 << REGION_SHIFT) {
                for (int i = p0 << 2, end = Math.min(n, p0 + (1 << REGION_SHIFT)) << 2; i < end; i += 8) {
                    acc += w[i];
                }
            } else {
                for (int i = lo; i < hi; i++) {
                    acc += w[(p0 + (out[i] & low)) << 2];
                }
            }
            touched += acc;
            for (int i = lo; i < hi; i++) {
                int x = out[i];
                int p = (p0 + (x & low)) << 2;
                int qi = (x >>> REGION_SHIFT) & 0xFFFF;
                int qo = (base + qi) << 2;
                int d = Long.bitCount(w[p] ^ q[qo]) + Long.bitCount(w[p + 1] ^ q[qo + 1]);
                if (d > maxD) {
                    continue;
                }
                d += Long.bitCount(w[p + 2] ^ q[qo + 2]) + Long.bitCount(w[p + 3] ^ q[qo + 3]);
                int t = firstTable + (x >>> (REGION_SHIFT + 16));
                if (d <= maxD && m.firstCovering(words, p, t, radii, qkeys, qi * m.tables)) {
                    sink.hit(base + qi, p >>> 2, d);
                }
            }
        }
        nc = 0;
    }
}
