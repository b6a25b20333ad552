package io.mediamatch.tmk;

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
 * hashes within 1e-4 of the threshold are re-scored with the reference's exact float arithmetic, so the reported
 * scores and decisions are the reference's. Level-2 features stay in memory (about 256 KiB a hash).
 *
 * <p>{@link #add} must not run concurrently with anything else; {@link #search} calls may run concurrently.
 */
public final class TmkBank {
    /** Upstream's level-1 threshold for TMK+PDQF. */
    public static final float DEFAULT_LEVEL1_THRESHOLD = 0.7f;
    /** Upstream's level-2 threshold for TMK+PDQF. */
    public static final float DEFAULT_LEVEL2_THRESHOLD = 0.7f;
    /** Level-1 scores from the unit-vector scan differ from the reference's by far less than this. */
    private static final float PREFILTER_MARGIN = 1e-4f;

    private int dimension = -1;
    private TmkHash first;
    private float[] unit = new float[0];
    private long[] ids = new long[0];
    private TmkHash[] hashes = new TmkHash[0];
    private int size;

    /** Adds a hash under a caller-chosen id (e.g. the store's row id); ids need not be unique. */
    public void add(long id, TmkHash hash) {
        if (first == null) {
            first = hash;
            dimension = hash.featureDimension();
        } else if (!first.isCompatibleWith(hash)) {
            throw new IllegalArgumentException("hash " + hash + " is incompatible with the bank's " + first);
        }
        if (size == ids.length) {
            int capacity = Math.max(16, size + (size >> 1));
            ids = Arrays.copyOf(ids, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
            unit = Arrays.copyOf(unit, capacity * dimension);
        }
        ids[size] = id;
        hashes[size] = hash;
        toUnit(hash.averageArray(), unit, size * dimension);
        size++;
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
     * score first (ties by insertion order). Throws {@link IllegalArgumentException} for an incompatible query.
     */
    public List<TmkMatch> search(TmkHash query, float level1Threshold, float level2Threshold) {
        List<TmkMatch> out = new ArrayList<>();
        int[] candidates = level1Candidates(query, level1Threshold);
        for (int i : candidates) {
            TmkHash h = hashes[i];
            float l1 = TmkScores.cosineSimilarity(query.averageArray(), h.averageArray());
            if (l1 >= level1Threshold) {
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
            float l1 = TmkScores.cosineSimilarity(query.averageArray(), hashes[i].averageArray());
            if (l1 >= threshold) {
                out.add(new TmkMatch(ids[i], l1, Float.NaN));
            }
        }
        out.sort(Comparator.comparingDouble((TmkMatch m) -> -m.level1()));
        return out;
    }

    /**
     * Positions (insertion order) of the banked hashes whose level-1 score may reach {@code threshold}: a superset of
     * the exact answer by at most a 1e-4 margin. Throws {@link IllegalArgumentException} for an incompatible query.
     */
    int[] level1Candidates(TmkHash query, float threshold) {
        if (size == 0) {
            return new int[0];
        }
        if (!first.isCompatibleWith(query)) {
            throw new IllegalArgumentException("query " + query + " is incompatible with the bank's " + first);
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
    static float dot(float[] q, float[] bank, int offset, int d) {
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
            s0 += q[k] * bank[o];
            s1 += q[k + 1] * bank[o + 1];
            s2 += q[k + 2] * bank[o + 2];
            s3 += q[k + 3] * bank[o + 3];
            s4 += q[k + 4] * bank[o + 4];
            s5 += q[k + 5] * bank[o + 5];
            s6 += q[k + 6] * bank[o + 6];
            s7 += q[k + 7] * bank[o + 7];
        }
        for (; k < d; k++) {
            s0 += q[k] * bank[offset + k];
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
