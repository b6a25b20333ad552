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
 * <p>Table layout (no boxed objects): the substring key of width b is split into a bucket of T = min(b,
 * floor(log2 n)) top bits (about one entry per bucket) and a residual of b - T bits (0 to 2); each entry is
 * packed as (residual, position) in b - T + ceil(log2 n) bits, sorted by key. Bucket sizes are stored in unary,
 * one bit per entry plus one per bucket, with the bit where every 64th bucket starts kept in an int; a bucket's
 * start is found from the sample below it with a broadword select. A table thus costs about ceil(log2 n) + 2 to 4
 * bits per hash: at 10M hashes the index holds 0.25x the memory of FAISS's IndexBinaryMultiHash. Immutable and
 * thread-safe; up to 2^30 hashes.
 */
final class MultiIndex {
    /** Substring width = round(log2 n) + this (clamped to 8..32); measured: see benchmarks/results/index.md. */
    static final int WIDTH_EXTRA = 1;
    static final int MAX_RADIUS = 4;
    /** One sample per 2^SAMPLE_SHIFT buckets. */
    static final int SAMPLE_SHIFT = 6;
    /** Unary bit positions (n + buckets <= 2n) must fit an int. */
    static final int MAX_HASHES = 1 << 30;
    // cost model (nanoseconds on the 2-core EPYC, fitted to single no-match queries at 50k to 10M hashes,
    // d = 15..55, see benchmarks/results/index.md): a probe of one bucket and a candidate verified on its full hash
    // up to 1M hashes, both growing as n^COST_EXPONENT above (the tables and hashes fall out of the caches: a probe
    // with its candidates costs 58 ns at 1M, 92 ns at 10M; 38-60 ns at 100k, too noisy to fit); one hash scanned
    static final double PROBE_NS = 24;
    static final double CANDIDATE_NS = 16;
    static final double COST_EXPONENT = 0.2;
    static final double SCAN_NS = 1.0;

    private final int n;
    private final int idBits;
    private final long idMask;
    final int tables;
    private final int[] start;
    private final int[] width;
    private final int[] resBits;
    /** Bucket sizes in unary: bucket b is a run of ones (its entries) ended by a zero. */
    private final long[][] unary;
    /** Bit position in {@link #unary} where bucket 64j starts, at index j. */
    private final int[][] samples;
    private final long[][] packed;
    private final int[] entryBits;
    /** Expected candidates per probe (data-weighted bucket size), for the cost model. */
    private final double[] fill;
    /** max(1, (n / 1M)^COST_EXPONENT): how much dearer a probe is than at 1M hashes. */
    private final double sizeFactor;

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
        this.sizeFactor = Math.max(1, Math.pow(n / 1e6, COST_EXPONENT));
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
            m.samples[t] = samplesOf(unary[t], buckets);
            m.packed[t] = packed[t];
            m.fill[t] = fill[t];
        }
        return m;
    }

    private static boolean zeroesAfter(long[] a, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The start of every 64th bucket: the bit after the 64j-th zero (0 for bucket 0). */
    private static int[] samplesOf(long[] bits, int buckets) {
        int[] samp = new int[((buckets - 1) >>> SAMPLE_SHIFT) + 1];
        long zeros = 0; // zeros before the current word
        int next = 1; // index of the next sample to fill
        for (int w = 0; w < bits.length && next < samp.length; w++) {
            long x = ~bits[w];
            int c = Long.bitCount(x);
            long want = (long) next << SAMPLE_SHIFT; // the sample sits right after this many zeros
            while (next < samp.length && zeros + c >= want) {
                samp[next] = (w << 6) + select64(x, (int) (want - zeros - 1)) + 1;
                next++;
                want = (long) next << SAMPLE_SHIFT;
            }
            zeros += c;
        }
        return samp;
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
        samples[t] = samplesOf(bits, off.length - 1);
        packed[t] = data;
        fill[t] = n == 0 ? 0 : sumSq / n;
    }

    /** SELECT_IN_BYTE[r << 8 | v]: position of the r-th (0-based) set bit of byte v. */
    private static final byte[] SELECT_IN_BYTE = selectInByte();

    private static byte[] selectInByte() {
        byte[] t = new byte[8 << 8];
        for (int v = 0; v < 256; v++) {
            for (int i = 0, r = 0; i < 8; i++) {
                if ((v >>> i & 1) != 0) {
                    t[r++ << 8 | v] = (byte) i;
                }
            }
        }
        return t;
    }

    /** Position of the k-th (0-based) set bit of x; k must be below bitCount(x). Broadword (Vigna). */
    static int select64(long x, int k) {
        long s = x - ((x >>> 1) & 0x5555555555555555L);
        s = (s & 0x3333333333333333L) + ((s >>> 2) & 0x3333333333333333L);
        s = (s + (s >>> 4)) & 0x0F0F0F0F0F0F0F0FL;
        long byteSums = s * 0x0101010101010101L; // byte i: set bits in bytes 0..i
        long below = ((k * 0x0101010101010101L | 0x8080808080808080L) - byteSums) & 0x8080808080808080L;
        int place = Long.bitCount(below) << 3; // bytes wholly before the k-th set bit, times 8
        int rank = k - (int) (((byteSums << 8) >>> place) & 0xFF);
        return place + SELECT_IN_BYTE[rank << 8 | (int) ((x >>> place) & 0xFF)];
    }

    /** Bit position in {@code bits} where bucket b starts: after the b-th zero, found from the sample below it. */
    static long bucketStart(long[] bits, int[] samp, int b) {
        long pos = samp[b >>> SAMPLE_SHIFT];
        int k = b & ((1 << SAMPLE_SHIFT) - 1); // zeros to pass
        if (k == 0) {
            return pos;
        }
        int w = (int) (pos >>> 6);
        long x0 = ~bits[w] & (-1L << pos);
        int c0 = Long.bitCount(x0);
        // usually the zero sought lies in this word or the next: choose without a branch
        boolean here = k <= c0;
        long x = here ? x0 : ~bits[w + 1];
        int kk = here ? k : k - c0;
        int ww = here ? w : w + 1;
        while (kk > Long.bitCount(x)) { // a third word or more (long runs of ones: big buckets)
            kk -= Long.bitCount(x);
            x = ~bits[++ww];
        }
        return ((long) ww << 6) + select64(x, kk - 1) + 1;
    }

    /** Number of ones from bit {@code start} to the next zero: the size of the bucket starting there. */
    static int runOfOnes(long[] bits, long start) {
        int w = (int) (start >>> 6);
        long x = ~bits[w] & (-1L << start);
        while (x == 0) {
            x = ~bits[++w];
        }
        return (int) (((long) w << 6) + Long.numberOfTrailingZeros(x) - start);
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

    private static double volume(int b, int r) {
        double v = 0;
        double c = 1;
        for (int i = 0; i <= r; i++) {
            v += c;
            c = c * (b - i) / (i + 1);
        }
        return v;
    }

    /** Buckets a query probes in table t at radius r: those within r of its top bits (each read once). */
    private double bucketsWithin(int t, int r) {
        return volume(width[t] - resBits[t], r);
    }

    private double cost(int t, int r) {
        // candidates: keys within r of the query's key
        return r < 0 ? 0 : (bucketsWithin(t, r) * PROBE_NS
                + volume(width[t], r) * fill[t] * CANDIDATE_NS) * sizeFactor;
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
     * A batch pays once its chunk makes at least one probe per BATCH_RATIO buckets of the tables it uses:
     * measured crossovers, 2,000 queries at 10M hashes and 250-500 at 1M (benchmarks/results/index.md).
     */
    static final int BATCH_RATIO = 16;
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

    /** Probes per query over the tables {@code radii} uses. */
    private long probesPerQuery(int[] radii) {
        long v = 0;
        for (int t = 0; t < tables; t++) {
            if (radii[t] >= 0) {
                v += (long) bucketsWithin(t, radii[t]);
            }
        }
        return v;
    }

    /** True when {@link #rangeBatch} beats nq single queries ({@link #BATCH_RATIO}). */
    boolean batchPays(int nq, int[] radii) {
        long buckets = 0;
        for (int t = 0; t < tables; t++) {
            if (radii[t] >= 0) {
                buckets += 1L << (width[t] - resBits[t]);
            }
        }
        long perChunk = Math.min(nq, chunkOf(radii));
        return perChunk * probesPerQuery(radii) * BATCH_RATIO >= buckets;
    }

    /**
     * Queries per chunk of a batch: as many as keep every table's probes within {@link #BATCH_PROBES}, and at
     * most {@link #BATCH_QUERIES} (their substring keys take 4 bytes per table each).
     */
    int chunkOf(int[] radii) {
        long most = 1;
        for (int t = 0; t < tables; t++) {
            if (radii[t] >= 0) {
                most = Math.max(most, (long) bucketsWithin(t, radii[t]));
            }
        }
        return (int) Math.max(1, Math.min(BATCH_QUERIES, BATCH_PROBES / most));
    }

    /**
     * {@link #range} for the nq queries at q[4i..4i+4), each hit reported with query index i: the same hits as
     * nq calls of {@link #range}, found by visiting each table's buckets in order for a whole chunk of queries.
     */
    void rangeBatch(long[] words, long[] q, int nq, int maxD, int[] radii, Scan.Sink sink) {
        rangeBatch(words, q, nq, maxD, radii, sink, chunkOf(radii), BATCH_CANDIDATES);
    }

    /**
     * {@link #rangeBatch} in chunks of at most {@code most} queries (at most {@link #chunkOf}), verifying
     * candidates whenever {@code candidates} are collected.
     */
    void rangeBatch(long[] words, long[] q, int nq, int maxD, int[] radii, Scan.Sink sink, int most,
            int candidates) {
        if (nq == 0) {
            return;
        }
        int chunks = (nq + most - 1) / most;
        int chunk = (nq + chunks - 1) / chunks; // equal chunks: a small last one would leave its bins sparse
        Batch b = new Batch(this, words, q, maxD, radii, sink, candidates);
        for (int from = 0; from < nq; from += chunk) {
            b.run(from, Math.min(chunk, nq - from));
        }
    }

    /**
     * State of one batch search. Per table, the probes of a chunk of queries (bucket, residual budget, query)
     * are counting-sorted into bins of adjacent buckets, and the bins are visited in bucket order: the unary
     * bounds and the entries are then read front to back, each line about once per chunk instead of once per
     * probe, and a dense bin's bucket bounds come from one pass over its unary words instead of a select per
     * probe. Candidates of several tables are collected, then sorted by position and verified region by region
     * of the hash array (see {@link #verify()}). Measured at 10M hashes: 0.3-0.6x the time of single queries for
     * chunks of 4,000-16,000 queries. Scratch: up to 32 MiB of probes, 48 MiB of candidates.
     */
    private static final class Batch {
        final MultiIndex m;
        final long[] words;
        final long[] q;
        final int maxD;
        final int[] radii;
        final Scan.Sink sink;
        /** Candidates collected before they are verified. */
        final int candidateLimit;
        int base;
        int nq;
        int[] qkeys = new int[0];
        /** A chunk's probes of one table: bucket within its bin, residual budget, query (see {@link #probe}). */
        int[] probes = new int[0];
        /** The current table's residual bits of each query of the chunk. */
        int[] residual = new int[0];
        final int[] starts = new int[(1 << BIN_SHIFT) + 1];
        /** Collected candidates: query | table << 16, and position. */
        int[] candQ = new int[1 << 10];
        int[] candPos = new int[1 << 10];
        int nc;
        /** The table of the first collected candidate; the others are at most 2^TABLE_BITS - 1 tables after. */
        int firstTable;
        int[] sorted = new int[0];
        int[] regionStart = new int[0];
        int[] regionEnd = new int[0];
        /** Sum of the touched words, published to {@link Probe#touchSink} as a single query's is. */
        long touched;

        Batch(MultiIndex m, long[] words, long[] q, int maxD, int[] radii, Scan.Sink sink, int candidates) {
            this.m = m;
            this.candidateLimit = candidates;
            this.words = words;
            this.q = q;
            this.maxD = maxD;
            this.radii = radii;
            this.sink = sink;
        }

        void run(int base, int nq) {
            this.base = base;
            this.nq = nq;
            int tt = m.tables;
            if (qkeys.length < nq * tt) {
                qkeys = new int[nq * tt];
            }
            for (int i = 0; i < nq; i++) {
                for (int t = 0; t < tt; t++) {
                    qkeys[i * tt + t] = key(q, 4 * (base + i), m.start[t], m.width[t]);
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
            Probe.touchSink = touched;
        }

        /** Searches table t for the current chunk. */
        private void table(int t) {
            int rb = m.resBits[t];
            int top = m.width[t] - rb;
            int r = radii[t];
            int v = (int) m.bucketsWithin(t, r);
            int[] mask = new int[v];
            int[] left = new int[v];
            left[0] = r;
            flipped(mask, left, 1, 0, 0, r, top);
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
            long p0 = bucketStart(bits, samp, b0);
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
            long idMask = m.idMask;
            long mask = (1L << eb) - 1;
            long lastBit = (long) (m.n - 1) * eb; // entries past a bucket's end are read, not kept
            int[] cq = candQ;
            int[] cp = candPos;
            int c = nc;
            for (int p = lo; p < hi; p++) {
                int e = pr[p];
                int j = e >>> 19;
                int qi = e & 0xFFFF;
                int over = ((e >>> 16) & 7) + 1;
                int res = resOf[qi];
                int qt = qi | t << 16;
                int from;
                int size;
                if (dense) {
                    from = st[j];
                    size = st[j + 1] - from;
                } else {
                    int bucket = b0 + j;
                    long start = bucketStart(bits, samp, bucket);
                    from = (int) (start - bucket);
                    size = runOfOnes(bits, start);
                }
                // about one entry per bucket: the first two are decoded without a branch
                long bit = (long) from * eb;
                long e0 = entry(data, Math.min(bit, lastBit), mask);
                long e1 = entry(data, Math.min(bit + eb, lastBit), mask);
                cq[c] = qt;
                cp[c] = (int) (e0 & idMask);
                c += ((Integer.bitCount(((int) (e0 >>> idBits)) ^ res) - over) >>> 31) & ((-size) >>> 31);
                cq[c] = qt;
                cp[c] = (int) (e1 & idMask);
                c += ((Integer.bitCount(((int) (e1 >>> idBits)) ^ res) - over) >>> 31) & ((1 - size) >>> 31);
                if (size > 2) {
                    if (c + size + 2 * (hi - p) > cq.length) {
                        nc = c;
                        growCandidates(c + size + 2 * (hi - p));
                        cq = candQ;
                        cp = candPos;
                    }
                    bit += 2L * eb;
                    for (int k = 2; k < size; k++, bit += eb) {
                        long x = entry(data, bit, mask);
                        cq[c] = qt;
                        cp[c] = (int) (x & idMask);
                        c += (Integer.bitCount(((int) (x >>> idBits)) ^ res) - over) >>> 31;
                    }
                }
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

    /**
     * Arrays that a thread's single queries reuse, grown as needed: a query allocates none of its own. A sink
     * must therefore not start another query on the same thread (the index's own sinks only collect hits).
     */
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
        /** This thread's arrays, reused from query to query. */
        final Scratch scratch;
        /** Bucket indexes of the current table to probe, and for each the residual distance still allowed. */
        final int[] keys;
        final int[] budget;
        final int[] from;
        final int[] to;
        int nk;
        int[] cand;
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
                qkeys[i] = key(q, 0, m.start[i], m.width[i]);
                if (radii[i] >= 0) {
                    most = Math.max(most, (int) m.bucketsWithin(i, radii[i]));
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
                acc += bits[samp[keys[i] >>> SAMPLE_SHIFT] >>> 6];
            }
            for (int i = 0; i < n; i++) {
                int bucket = keys[i];
                long st = bucketStart(bits, samp, bucket);
                from[i] = (int) (st - bucket); // ones before = entries before
                to[i] = from[i] + runOfOnes(bits, st);
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
            long idMask = m.idMask;
            long mask = (1L << eb) - 1;
            int res = qkeys[t] & ((1 << rb) - 1);
            int nc = 0;
            int[] c = cand;
            for (int i = 0; i < nk; i++) {
                int over = budget[i] + 1;
                int j = from[i];
                int size = to[i] - j;
                if (nc + size + 2 > c.length) {
                    c = cand = scratch.cand = Arrays.copyOf(c, Math.max(2 * c.length, nc + size + 2));
                }
                // Buckets hold about one entry: the first two are decoded without a branch (a loop would
                // mispredict its exit at almost every bucket), kept when inside the bucket and within budget.
                // An entry the bucket lacks is read at bit 0 instead (cached, and never past the array).
                long bit = (long) j * eb;
                long e0 = entry(data, size > 0 ? bit : 0, mask);
                long e1 = entry(data, size > 1 ? bit + eb : 0, mask);
                c[nc] = (int) (e0 & idMask);
                nc += ((Integer.bitCount(((int) (e0 >>> idBits)) ^ res) - over) >>> 31) & ((-size) >>> 31);
                c[nc] = (int) (e1 & idMask);
                nc += ((Integer.bitCount(((int) (e1 >>> idBits)) ^ res) - over) >>> 31) & ((1 - size) >>> 31);
                bit += 2L * eb;
                for (int k = 2; k < size; k++, bit += eb) {
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
                if (d <= maxD && m.firstCovering(words, p, t, radii, qkeys, 0)) {
                    sink.hit(query, c[i], d);
                }
            }
        }
    }
}
