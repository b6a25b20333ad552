package io.mediamatch.eval;

import com.google.common.base.Preconditions;
import io.mediamatch.pdq.Hash256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers of a matching evaluation: a "database" of original hashes, queried with edited variants of those
 * originals and with unrelated distractors. A variant is recalled at distance d when some hash of it is within d
 * bits of an original of its own family; any query within d of an original of another family is a false positive.
 * Computed once by {@link #of}; immutable and thread-safe afterwards.
 */
public final class Evaluation {
    /** Histogram length: distances 0..256. */
    public static final int HISTOGRAM_BINS = Hash256.BITS + 1;

    /** A database entry. Originals of one family (edits of the same photo) never count as false positives. */
    public record Original(String name, String family, Hash256 hash, int quality) {
        public Original {
            Preconditions.checkNotNull(name);
            Preconditions.checkNotNull(family);
            Preconditions.checkNotNull(hash);
        }
    }

    /**
     * A query: the variant of original {@code original} made by {@code transform}, or a distractor when
     * {@code original < 0} (then {@code transform} is null). {@code hashes} holds 1 hash, or 8 for a dihedral lookup;
     * the query's distance to an original is the minimum over them.
     */
    public record Query(String name, int original, String transform, List<Hash256> hashes, int quality) {
        public Query {
            Preconditions.checkArgument(!hashes.isEmpty(), "query %s has no hash", name);
            Preconditions.checkArgument(original >= 0 || transform == null, "distractor %s has a transform", name);
            hashes = List.copyOf(hashes);
        }

        public boolean isDistractor() {
            return original < 0;
        }
    }

    /**
     * Per-transform counts; lists are indexed like {@link Evaluation#distances()}. {@code crossMatched}: variants
     * within d of an original of another family.
     */
    public record TransformResult(String transform, int variants, List<Integer> recalled, List<Integer> crossMatched,
                                  double meanDistance, int medianDistance, int maxDistance) {
        /** Fraction of variants recalled at the i-th distance; 0 when there are none. */
        public double recall(int i) {
            return variants == 0 ? 0 : (double) recalled.get(i) / variants;
        }
    }

    /** A variant and its distance to its own original (the closest of its family). */
    public record Miss(String name, int original, String transform, int distance) {}

    private final List<Integer> distances;
    private final List<TransformResult> transforms;
    private final TransformResult overall;
    private final int distractors;
    private final List<Integer> distractorsMatched;
    private final long impostorPairs;
    private final List<Long> impostorPairsWithin;
    private final List<Long> ownHistogram;
    private final List<Long> impostorHistogram;
    private final List<Long> closestImpostorHistogram;
    private final List<Miss> worstMisses;
    private final int closestDistractor;
    private final List<Miss> closestDistractors;

    private Evaluation(List<Integer> distances, List<TransformResult> transforms, TransformResult overall,
                       int distractors, List<Integer> distractorsMatched, long impostorPairs,
                       List<Long> impostorPairsWithin, List<Long> ownHistogram, List<Long> impostorHistogram,
                       List<Long> closestImpostorHistogram, List<Miss> worstMisses, int closestDistractor,
                       List<Miss> closestDistractors) {
        this.distances = distances;
        this.transforms = transforms;
        this.overall = overall;
        this.distractors = distractors;
        this.distractorsMatched = distractorsMatched;
        this.impostorPairs = impostorPairs;
        this.impostorPairsWithin = impostorPairsWithin;
        this.ownHistogram = ownHistogram;
        this.impostorHistogram = impostorHistogram;
        this.closestImpostorHistogram = closestImpostorHistogram;
        this.worstMisses = worstMisses;
        this.closestDistractor = closestDistractor;
        this.closestDistractors = closestDistractors;
    }

    /**
     * Counts everything in one pass over all (query, original) pairs.
     *
     * @param distances thresholds in 0..256, ascending
     * @param keepMisses how many of the variants furthest from their own original to keep (worst first)
     * @throws IllegalArgumentException if a query names an original that does not exist, or distances are bad
     */
    public static Evaluation of(List<Original> originals, List<Query> queries, int[] distances, int keepMisses) {
        Preconditions.checkArgument(distances.length > 0, "no distances");
        for (int i = 0; i < distances.length; i++) {
            Preconditions.checkArgument(distances[i] >= 0 && distances[i] <= Hash256.BITS, "distance %s", distances[i]);
            Preconditions.checkArgument(i == 0 || distances[i] > distances[i - 1], "distances must ascend");
        }
        int n = originals.size();
        int nd = distances.length;
        int[] familyOf = new int[n];
        Map<String, Integer> families = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            familyOf[i] = families.computeIfAbsent(originals.get(i).family(), f -> families.size());
        }
        long[] origWords = new long[n * 4];
        for (int i = 0; i < n; i++) {
            originals.get(i).hash().copyTo(origWords, i * 4);
        }

        Map<String, Acc> perTransform = new LinkedHashMap<>();
        Acc all = new Acc("all", nd);
        int distractorCount = 0;
        int[] distractorHits = new int[nd];
        long impostors = 0;
        long[] impostorWithin = new long[nd];
        long[] ownHist = new long[HISTOGRAM_BINS];
        long[] impHist = new long[HISTOGRAM_BINS];
        long[] closestHist = new long[HISTOGRAM_BINS];
        List<Miss> misses = new ArrayList<>();
        long[] q = new long[4];
        int closestDistractor = Integer.MAX_VALUE;
        List<Miss> nearDistractors = new ArrayList<>();

        for (Query query : queries) {
            int own = Integer.MAX_VALUE;
            int closestOther = Integer.MAX_VALUE;
            int closestOtherIndex = -1;
            int ownFamily = -1;
            if (!query.isDistractor()) {
                Preconditions.checkArgument(query.original() < n, "query %s names original %s of %s",
                        query.name(), query.original(), n);
                ownFamily = familyOf[query.original()];
            }
            for (int o = 0; o < n; o++) {
                int d = Integer.MAX_VALUE;
                for (Hash256 h : query.hashes()) {
                    h.copyTo(q, 0);
                    int b = o * 4;
                    int dd = Long.bitCount(q[0] ^ origWords[b]) + Long.bitCount(q[1] ^ origWords[b + 1])
                            + Long.bitCount(q[2] ^ origWords[b + 2]) + Long.bitCount(q[3] ^ origWords[b + 3]);
                    d = Math.min(d, dd);
                }
                if (familyOf[o] == ownFamily) {
                    own = Math.min(own, d);
                } else {
                    if (d < closestOther) {
                        closestOther = d;
                        closestOtherIndex = o;
                    }
                    impostors++;
                    impHist[d]++;
                    for (int i = 0; i < nd; i++) {
                        if (d <= distances[i]) {
                            impostorWithin[i]++;
                        }
                    }
                }
            }
            if (closestOther <= Hash256.BITS) {
                closestHist[closestOther]++;
            }
            if (query.isDistractor()) {
                distractorCount++;
                closestDistractor = Math.min(closestDistractor, closestOther);
                if (closestOtherIndex >= 0) {
                    nearDistractors.add(new Miss(query.name(), closestOtherIndex, null, closestOther));
                }
                for (int i = 0; i < nd; i++) {
                    if (closestOther <= distances[i]) {
                        distractorHits[i]++;
                    }
                }
            } else {
                ownHist[own]++;
                Acc acc = perTransform.computeIfAbsent(query.transform(), t -> new Acc(t, nd));
                acc.add(own, closestOther, distances);
                all.add(own, closestOther, distances);
                misses.add(new Miss(query.name(), query.original(), query.transform(), own));
            }
        }
        misses.sort(Comparator.comparingInt(Miss::distance).reversed().thenComparing(Miss::name));
        nearDistractors.sort(Comparator.comparingInt(Miss::distance).thenComparing(Miss::name));
        List<TransformResult> results = new ArrayList<>();
        for (Acc acc : perTransform.values()) {
            results.add(acc.result());
        }
        return new Evaluation(boxed(distances), List.copyOf(results), all.result(), distractorCount,
                boxed(distractorHits), impostors, boxed(impostorWithin), boxed(ownHist), boxed(impHist),
                boxed(closestHist), List.copyOf(misses.subList(0, Math.min(keepMisses, misses.size()))),
                closestDistractor > Hash256.BITS ? -1 : closestDistractor,
                List.copyOf(nearDistractors.subList(0, Math.min(keepMisses, nearDistractors.size()))));
    }

    /** The distance thresholds, ascending. */
    public List<Integer> distances() {
        return distances;
    }

    /** One result per transform, in the order transforms first appear among the queries. */
    public List<TransformResult> transforms() {
        return transforms;
    }

    /** All variants together. */
    public TransformResult overall() {
        return overall;
    }

    /** Number of distractor queries. */
    public int distractors() {
        return distractors;
    }

    /** Distractors within the i-th distance of any original. */
    public List<Integer> distractorsMatched() {
        return distractorsMatched;
    }

    /**
     * False-positive rate at the i-th distance: queries (variants and distractors) within d of an original of
     * another family, over all queries. 0 when there are none.
     */
    public double falsePositiveRate(int i) {
        int queries = overall.variants() + distractors;
        return queries == 0 ? 0 : (double) (overall.crossMatched().get(i) + distractorsMatched.get(i)) / queries;
    }

    /** (query, original of another family) pairs compared. */
    public long impostorPairs() {
        return impostorPairs;
    }

    /** Impostor pairs within the i-th distance. */
    public List<Long> impostorPairsWithin() {
        return impostorPairsWithin;
    }

    /** Fraction of impostor pairs within the i-th distance: the per-comparison false-match rate. */
    public double pairFalseMatchRate(int i) {
        return impostorPairs == 0 ? 0 : (double) impostorPairsWithin.get(i) / impostorPairs;
    }

    /** Counts of variants by distance (0..256) to their own original. */
    public List<Long> ownHistogram() {
        return ownHistogram;
    }

    /** Counts of impostor pairs by distance (0..256). */
    public List<Long> impostorHistogram() {
        return impostorHistogram;
    }

    /**
     * Counts of queries (variants and distractors) by distance (0..256) to the closest original of another family;
     * its cumulative sum over all queries is the false-positive rate at every threshold.
     */
    public List<Long> closestImpostorHistogram() {
        return closestImpostorHistogram;
    }

    /** Fraction of variants within {@code d} (0..256) of their own original, from the histogram. */
    public double recallAt(int d) {
        return overall.variants() == 0 ? 0 : (double) cumulative(ownHistogram, d) / overall.variants();
    }

    /** Fraction of queries within {@code d} (0..256) of an original of another family, from the histogram. */
    public double falsePositiveRateAt(int d) {
        int queries = overall.variants() + distractors;
        return queries == 0 ? 0 : (double) cumulative(closestImpostorHistogram, d) / queries;
    }

    private static long cumulative(List<Long> histogram, int d) {
        long sum = 0;
        for (int i = 0; i <= d && i < histogram.size(); i++) {
            sum += histogram.get(i);
        }
        return sum;
    }

    /** The smallest distance from any distractor to any original: how close a wrong match came; -1 if none. */
    public int closestDistractorDistance() {
        return closestDistractor;
    }

    /**
     * The distractors closest to an original, closest first (as many as {@code keepMisses}): {@code original} is the
     * index of that original, {@code transform} null.
     */
    public List<Miss> closestDistractors() {
        return closestDistractors;
    }

    /**
     * The smallest distance from any query (variant or distractor) to an original of another family; -1 if none.
     */
    public int closestWrongDistance() {
        for (int d = 0; d < closestImpostorHistogram.size(); d++) {
            if (closestImpostorHistogram.get(d) > 0) {
                return d;
            }
        }
        return -1;
    }

    /** The variants furthest from their own original, worst first. */
    public List<Miss> worstMisses() {
        return worstMisses;
    }

    private static List<Integer> boxed(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static List<Long> boxed(long[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    /** Running counts for one transform. */
    private static final class Acc {
        final String name;
        final int[] recalled;
        final int[] cross;
        final List<Integer> own = new ArrayList<>();

        Acc(String name, int nd) {
            this.name = name;
            this.recalled = new int[nd];
            this.cross = new int[nd];
        }

        void add(int ownDistance, int closestOther, int[] distances) {
            own.add(ownDistance);
            for (int i = 0; i < distances.length; i++) {
                if (ownDistance <= distances[i]) {
                    recalled[i]++;
                }
                if (closestOther <= distances[i]) {
                    cross[i]++;
                }
            }
        }

        TransformResult result() {
            int[] sorted = own.stream().mapToInt(Integer::intValue).sorted().toArray();
            double mean = sorted.length == 0 ? 0 : Arrays.stream(sorted).average().orElse(0);
            int median = sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2];
            int max = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
            return new TransformResult(name, sorted.length, boxed(recalled), boxed(cross), mean, median, max);
        }
    }
}
