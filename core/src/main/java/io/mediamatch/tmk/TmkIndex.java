package io.mediamatch.tmk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Many TMK+PDQF hashes searched the way the reference's {@code tmk-query} does: level 1 (cosine of the pure-average
 * features) over every banked hash, then level 2 (the full temporal kernel) on the hashes that pass level 1; a match
 * needs level1 &gt;= t1 and level2 &gt;= t2 (defaults 0.7 and 0.7, upstream's validated thresholds).
 *
 * <p>The level-1 pass is a scan over one flat {@code float[]} of unit-length average features (256 floats a hash);
 * the hashes it passes (with a 1e-4 margin) are re-scored with the reference's exact float arithmetic, so the
 * reported scores and decisions are the reference's. Level-2 features either stay in memory ({@link #TmkIndex()}, about
 * 256 KiB a hash) or are fetched for the level-1 candidates only ({@link #TmkIndex(HashSource)}, 2 KiB a hash in
 * memory), e.g. from the signal store.
 *
 * <p>{@link #add}/{@link #remove} must not run concurrently with anything else; {@code search} calls may run
 * concurrently with each other.
 */
public final class TmkIndex {
    /** Upstream's level-1 threshold for TMK+PDQF. */
    public static final float DEFAULT_LEVEL1_THRESHOLD = 0.7f;
    /** Upstream's level-2 threshold for TMK+PDQF. */
    public static final float DEFAULT_LEVEL2_THRESHOLD = 0.7f;
    /** Level-1 scores from the unit-vector scan differ from the reference's by far less than this. */
    private static final float PREFILTER_MARGIN = 1e-4f;

    /** Supplies the full hash of a banked id for level 2 (the same hash that was added under that id). */
    @FunctionalInterface
    public interface HashSource {
        TmkHash load(long id) throws IOException;
    }

    private final HashSource source;
    private int dimension = -1;
    private TmkHash first;
    private float[] unit = new float[0];
    private float[] raw = new float[0];
    private long[] ids = new long[0];
    private TmkHash[] hashes;
    private int size;

    /** An index that keeps every added hash in memory. */
    public TmkIndex() {
        this.source = null;
        this.hashes = new TmkHash[0];
    }

    /**
     * An index that keeps only the average features in memory and asks {@code source} for the full hash of each
     * level-1 candidate. A failing source makes {@code search} throw {@link UncheckedIOException}.
     */
    public TmkIndex(HashSource source) {
        this.source = java.util.Objects.requireNonNull(source, "source");
    }

    /**
     * Adds a hash under a caller-chosen id (e.g. the store's row id; ids need not be unique). Throws
     * {@link IllegalArgumentException} when it was made with other TMK parameters than the index's first hash.
     */
    public void add(long id, TmkHash hash) {
        if (first == null) {
            first = hash;
            dimension = hash.featureDimension();
        } else if (!first.isCompatibleWith(hash)) {
            throw new IllegalArgumentException("hash " + hash + " is incompatible with the index's " + first);
        }
        if (size == ids.length) {
            int capacity = Math.max(16, size + (size >> 1));
            ids = Arrays.copyOf(ids, capacity);
            if (hashes != null) {
                hashes = Arrays.copyOf(hashes, capacity);
            }
            unit = Arrays.copyOf(unit, capacity * dimension);
            raw = Arrays.copyOf(raw, capacity * dimension);
        }
        ids[size] = id;
        if (hashes != null) {
            hashes[size] = hash;
        }
        System.arraycopy(hash.averageArray(), 0, raw, size * dimension, dimension);
        toUnit(hash.averageArray(), unit, size * dimension);
        size++;
    }

    /** Removes every hash added under {@code id}; returns how many were removed. Order of the others may change. */
    public int remove(long id) {
        int removed = 0;
        for (int i = size - 1; i >= 0; i--) {
            if (ids[i] == id) {
                int last = size - 1;
                ids[i] = ids[last];
                if (hashes != null) {
                    hashes[i] = hashes[last];
                    hashes[last] = null;
                }
                System.arraycopy(unit, last * dimension, unit, i * dimension, dimension);
                System.arraycopy(raw, last * dimension, raw, i * dimension, dimension);
                size--;
                removed++;
            }
        }
        return removed;
    }

    /** Number of banked hashes. */
    public int size() {
        return size;
    }

    /** The banked hashes matching {@code query} at the default thresholds, best level-2 score first. */
    public List<TmkMatch> search(TmkHash query) {
        return search(query, DEFAULT_LEVEL1_THRESHOLD, DEFAULT_LEVEL2_THRESHOLD);
    }

    /**
     * The banked hashes with level1 &gt;= {@code level1Threshold} and level2 &gt;= {@code level2Threshold}, best level-2
     * score first (ties in insertion order). Throws {@link IllegalArgumentException} for an incompatible query.
     */
    public List<TmkMatch> search(TmkHash query, float level1Threshold, float level2Threshold) {
        List<TmkMatch> out = new ArrayList<>();
        for (int i : level1Candidates(query, level1Threshold)) {
            float l1 = exactLevel1(query, i);
            if (l1 >= level1Threshold) {
                TmkHash h = fullHash(i);
                float l2 = TmkScores.level2(query, h);
                if (l2 >= level2Threshold) {
                    out.add(new TmkMatch(ids[i], l1, l2));
                }
            }
        }
        out.sort(Comparator.comparingDouble((TmkMatch m) -> -m.level2()));
        return out;
    }

    /**
     * Level 1 only (the reference's {@code --level-1-only}): the banked hashes with level1 &gt;= {@code threshold},
     * best first, with {@link TmkMatch#level2()} set to NaN. Throws {@link IllegalArgumentException} for an
     * incompatible query.
     */
    public List<TmkMatch> searchLevel1(TmkHash query, float threshold) {
        List<TmkMatch> out = new ArrayList<>();
        for (int i : level1Candidates(query, threshold)) {
            float l1 = exactLevel1(query, i);
            if (l1 >= threshold) {
                out.add(new TmkMatch(ids[i], l1, Float.NaN));
            }
        }
        out.sort(Comparator.comparingDouble((TmkMatch m) -> -m.level1()));
        return out;
    }

    private float exactLevel1(TmkHash query, int i) {
        return TmkScores.cosineSimilarity(query.averageArray(), raw, i * dimension);
    }

    private TmkHash fullHash(int i) {
        if (hashes != null) {
            return hashes[i];
        }
        try {
            TmkHash h = source.load(ids[i]);
            if (h == null || !first.isCompatibleWith(h)) {
                throw new IOException("the hash source returned " + h + " for banked id " + ids[i]);
            }
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load TMK hash " + ids[i] + " for level 2: " + e.getMessage(), e);
        }
    }

    /**
     * Positions (insertion order) of the banked hashes whose level-1 score may reach {@code threshold}: a superset of the
     * exact answer by at most a 1e-4 margin. Throws {@link IllegalArgumentException} for an incompatible query.
     */
    int[] level1Candidates(TmkHash query, float threshold) {
        if (size == 0) {
            return new int[0];
        }
        if (!first.isCompatibleWith(query)) {
            throw new IllegalArgumentException("query " + query + " is incompatible with the index's " + first);
        }
        float[] q = new float[dimension];
        toUnit(query.averageArray(), q, 0);
        float cut = threshold - PREFILTER_MARGIN;
        int[] found = new int[16];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (dot(q, unit, i * dimension, dimension) >= cut) {
                if (n == found.length) {
                    found = Arrays.copyOf(found, n * 2);
                }
                found[n++] = i;
            }
        }
        return Arrays.copyOf(found, n);
    }

    /** Dot product with eight independent partial sums (the scan's hot loop; order differs from the reference). */
    static float dot(float[] q, float[] features, int offset, int d) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        int k = 0;
        for (; k + 8 <= d; k += 8) {
            int o = offset + k;
            s0 += q[k] * features[o];
            s1 += q[k + 1] * features[o + 1];
            s2 += q[k + 2] * features[o + 2];
            s3 += q[k + 3] * features[o + 3];
            s4 += q[k + 4] * features[o + 4];
            s5 += q[k + 5] * features[o + 5];
            s6 += q[k + 6] * features[o + 6];
            s7 += q[k + 7] * features[o + 7];
        }
        for (; k < d; k++) {
            s0 += q[k] * features[offset + k];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Writes {@code v / |v|} (zeros for a zero vector: level 1 is then 0, as in {@link TmkScores}). */
    private static void toUnit(float[] v, float[] out, int offset) {
        double s = 0;
        for (float e : v) {
            s += (double) e * e;
        }
        double inv = s > 0 ? 1 / Math.sqrt(s) : 0;
        for (int k = 0; k < v.length; k++) {
            out[offset + k] = (float) (v[k] * inv);
        }
    }
}
