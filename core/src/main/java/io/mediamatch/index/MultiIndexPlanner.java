package io.mediamatch.index;

import java.util.Arrays;

/**
 * The cost model of a {@link MultiIndex}: which radius to probe in each table for a query distance, whether a
 * scan is cheaper, and whether a batch beats single queries. Stateless; its estimates are nanoseconds on the
 * machine the constants were fitted on, used only to compare choices with each other.
 */
final class MultiIndexPlanner {
    /** Largest radius probed in one table. */
    static final int MAX_RADIUS = 4;
    // cost model (nanoseconds on the 2-core EPYC, fitted to single no-match queries at 50k to 10M hashes,
    // d = 15..55, see benchmarks/results/index.md): a probe of one bucket and a candidate verified on its full hash
    // up to 1M hashes, both growing as n^COST_EXPONENT above (the tables and hashes fall out of the caches: a probe
    // with its candidates costs 58 ns at 1M, 92 ns at 10M; 38-60 ns at 100k, too noisy to fit); one hash scanned
    static final double PROBE_NS = 24;
    static final double CANDIDATE_NS = 16;
    static final double COST_EXPONENT = 0.2;
    static final double SCAN_NS = 1.0;
    /**
     * A batch pays once its chunk makes at least one probe per BATCH_RATIO buckets of the tables it uses:
     * measured crossovers, 2,000 queries at 10M hashes and 250-500 at 1M (benchmarks/results/index.md).
     */
    static final int BATCH_RATIO = 16;

    private MultiIndexPlanner() {}

    /** Keys within r of a b-bit key: sum of C(b, i) for i in 0..r. */
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
    static double bucketsWithin(MultiIndex m, int t, int r) {
        return volume(m.bucketBits(t), r);
    }

    /** max(1, (n / 1M)^COST_EXPONENT): how much dearer a probe is than at 1M hashes. */
    private static double sizeFactor(MultiIndex m) {
        return Math.max(1, Math.pow(m.n / 1e6, COST_EXPONENT));
    }

    private static double cost(MultiIndex m, int t, int r, double sizeFactor) {
        // candidates: keys within r of the query's key
        return r < 0 ? 0 : (bucketsWithin(m, t, r) * PROBE_NS
                + volume(m.width[t], r) * m.fill(t) * CANDIDATE_NS) * sizeFactor;
    }

    /** Estimated nanoseconds of a scan over the index's hashes. */
    static double scanCost(MultiIndex m) {
        return m.n * SCAN_NS;
    }

    /**
     * Radii per table (-1 = table unused) with sum(r + 1) >= maxD + 1, chosen greedily by marginal cost, or null
     * when no such plan is cheaper than a scan.
     */
    static int[] plan(MultiIndex m, int maxD) {
        return plan(m, maxD, scanCost(m));
    }

    /** A plan whatever its cost (tests drive the tables at every distance); null only when infeasible. */
    static int[] planIgnoringCost(MultiIndex m, int maxD) {
        return plan(m, maxD, Double.MAX_VALUE);
    }

    private static int[] plan(MultiIndex m, int maxD, double limit) {
        int need = maxD + 1;
        int tables = m.tables;
        double f = sizeFactor(m);
        int[] r = new int[tables];
        Arrays.fill(r, -1);
        double total = 0;
        for (int units = 0; units < need; units++) {
            int best = -1;
            double bestDelta = Double.MAX_VALUE;
            for (int t = 0; t < tables; t++) {
                if (r[t] >= MAX_RADIUS || r[t] + 1 >= m.width[t]) {
                    continue;
                }
                double delta = cost(m, t, r[t] + 1, f) - cost(m, t, r[t], f);
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
    static double planCost(MultiIndex m, int[] radii) {
        double f = sizeFactor(m);
        double c = 0;
        for (int t = 0; t < m.tables; t++) {
            c += cost(m, t, radii[t], f);
        }
        return c;
    }

    /** Probes per query over the tables {@code radii} uses. */
    private static long probesPerQuery(MultiIndex m, int[] radii) {
        long v = 0;
        for (int t = 0; t < m.tables; t++) {
            if (radii[t] >= 0) {
                v += (long) bucketsWithin(m, t, radii[t]);
            }
        }
        return v;
    }

    /** True when a batch ({@link MultiIndexBatchSearcher}) beats nq single queries ({@link #BATCH_RATIO}). */
    static boolean batchPays(MultiIndex m, int nq, int[] radii) {
        long buckets = 0;
        for (int t = 0; t < m.tables; t++) {
            if (radii[t] >= 0) {
                buckets += 1L << m.bucketBits(t);
            }
        }
        long perChunk = Math.min(nq, chunkOf(m, radii));
        return perChunk * probesPerQuery(m, radii) * BATCH_RATIO >= buckets;
    }

    /**
     * Queries per chunk of a batch: as many as keep every table's probes within
     * {@link MultiIndexBatchSearcher#BATCH_PROBES}, and at most {@link MultiIndexBatchSearcher#BATCH_QUERIES}
     * (their substring keys take 4 bytes per table each).
     */
    static int chunkOf(MultiIndex m, int[] radii) {
        long most = 1;
        for (int t = 0; t < m.tables; t++) {
            if (radii[t] >= 0) {
                most = Math.max(most, (long) bucketsWithin(m, t, radii[t]));
            }
        }
        return (int) Math.max(1, Math.min(MultiIndexBatchSearcher.BATCH_QUERIES,
                MultiIndexBatchSearcher.BATCH_PROBES / most));
    }
}
