package io.mediamatch.tmk;

/**
 * Scores two TMK+PDQF hashes exactly as the reference does (same float operations in the same order).
 * Level 1: cosine similarity of the pure-average features, -1..1 (0 when either is all zero).
 * Level 2: the temporal-kernel score, the best time offset modulo each period, maximised over periods and divided by
 * the kernel's self-score, 0..1 for real videos (1 for a video against itself).
 *
 * <p>Thread-safe. Both methods throw {@link IllegalArgumentException} when the hashes are not
 * {@linkplain TmkHash#isCompatibleWith compatible}. Upstream suggests 0.7 for both as match thresholds.
 */
public final class TmkScores {
    private static final ThreadLocal<Level2Kernel> KERNEL = ThreadLocal.withInitial(Level2Kernel::new);

    private TmkScores() {}

    /** Level-1 score: cosine similarity of the pure-average features, -1..1. */
    public static float level1(TmkHash a, TmkHash b) {
        requireCompatible(a, b);
        return cosineSimilarity(a.averageArray(), b.averageArray());
    }

    /** Level-2 score: the normalised temporal match kernel at the best offset, 0..1 (1 for identical videos). */
    public static float level2(TmkHash a, TmkHash b) {
        requireCompatible(a, b);
        return KERNEL.get().score(a, b);
    }

    static void requireCompatible(TmkHash a, TmkHash b) {
        if (!a.isCompatibleWith(b)) {
            throw new IllegalArgumentException("incompatible TMK hashes: " + a + " vs " + b);
        }
    }

    /** The reference's cosine similarity: sequential float sums, dot / (|u| * |v|), 0 when a norm is 0. */
    static float cosineSimilarity(float[] u, float[] v) {
        return cosineSimilarity(u, v, 0);
    }

    /** {@link #cosineSimilarity(float[], float[])} against {@code v[vOffset .. vOffset + u.length)}. */
    static float cosineSimilarity(float[] u, float[] v, int vOffset) {
        int n = u.length;
        float nu = norm(u, 0, n);
        float nv = norm(v, vOffset, n);
        if (nu == 0f || nv == 0f) {
            // The reference returns 0 when both norms are 0 and divides 0 by 0 (NaN) when one is; 0 is its intent.
            return 0f;
        }
        float dot = 0f;
        for (int i = 0; i < n; i++) {
            dot += u[i] * v[vOffset + i];
        }
        return dot / (nu * nv);
    }

    static float norm(float[] u) {
        return norm(u, 0, u.length);
    }

    private static float norm(float[] u, int from, int n) {
        float sum = 0f;
        for (int i = from; i < from + n; i++) {
            sum += u[i] * u[i];
        }
        return (float) Math.sqrt(sum);
    }

    /** The reference's pair-score normaliser: a_0 + 2 sum_{j>=1} a_j, accumulated in double steps, kept in float. */
    static float pairScoreNormalizer(float[] coefficients) {
        if (coefficients.length == 0) {
            return 1f;
        }
        float normalizer = coefficients[0];
        for (int j = 1; j < coefficients.length; j++) {
            normalizer = (float) (normalizer + 2.0 * coefficients[j]);
        }
        return normalizer;
    }
}
