package io.mediamatch.tmk;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The level-2 (temporal match kernel) score with reusable scratch space; not thread-safe.
 *
 * <p>Per period the reference evaluates, for every offset, K(delta) = cc_0 + sum_j cos(j delta) (cc_j + ss_j)
 * + sin(j delta) (sc_j - cs_j), with cos/sin(j delta) produced by an incremental rotation in float. Each offset's float
 * operations are kept exactly; only the loop nesting is swapped (coefficients outside, offsets inside) so the offsets
 * run as independent lanes the JIT can vectorise.
 */
final class Level2Kernel {
    /** Per period: {alpha[offset], beta[offset]} of the incremental rotation, shared by all kernels. */
    private static final ConcurrentHashMap<Integer, float[][]> ROTATIONS = new ConcurrentHashMap<>();

    private static final int BLOCK = 1024;

    private float[] cosJd = new float[0];
    private float[] sinJd = new float[0];
    private float[] kDelta = new float[0];
    private float[] sumCcSs = new float[0];
    private float[] diffScCs = new float[0];

    float score(TmkHash a, TmkHash b) {
        int[] periods = a.periodsArray();
        int numCoefficients = a.coefficientsArray().length;
        float normalizer = TmkScores.pairScoreNormalizer(a.coefficientsArray());
        if (periods.length == 0 || numCoefficients == 0) {
            return 0f / normalizer;
        }
        int d = a.featureDimension();
        float[] aCos = a.cosArray();
        float[] aSin = a.sinArray();
        float[] bCos = b.cosArray();
        float[] bSin = b.sinArray();
        if (sumCcSs.length < numCoefficients) {
            sumCcSs = new float[numCoefficients];
            diffScCs = new float[numCoefficients];
        }
        float best = 0f;
        for (int i = 0; i < periods.length; i++) {
            float cc0 = 0f;
            for (int j = 0; j < numCoefficients; j++) {
                int base = (i * numCoefficients + j) * d;
                float cc = 0f;
                float ss = 0f;
                float sc = 0f;
                float cs = 0f;
                for (int k = 0; k < d; k++) {
                    float ac = aCos[base + k];
                    float as = aSin[base + k];
                    float bc = bCos[base + k];
                    float bs = bSin[base + k];
                    cc += ac * bc;
                    ss += as * bs;
                    sc += as * bc;
                    cs += ac * bs;
                }
                if (j == 0) {
                    cc0 = cc;
                }
                sumCcSs[j] = cc + ss;
                diffScCs[j] = sc - cs;
            }
            float value = maxOverOffsets(periods[i], numCoefficients, cc0);
            if (i == 0 || best < value) {
                best = value;
            }
        }
        return best / normalizer;
    }

    private float maxOverOffsets(int period, int numCoefficients, float cc0) {
        float[][] rotation = ROTATIONS.computeIfAbsent(period, Level2Kernel::rotation);
        float[] alpha = rotation[0];
        float[] beta = rotation[1];
        if (kDelta.length < period) {
            cosJd = new float[period];
            sinJd = new float[period];
            kDelta = new float[period];
        }
        float[] c = cosJd;
        float[] s = sinJd;
        float[] k = kDelta;
        // Offsets in L1-sized blocks: all coefficients for one block before the next keeps the five arrays hot.
        for (int from = 0; from < period; from += BLOCK) {
            int to = Math.min(period, from + BLOCK);
            for (int o = from; o < to; o++) {
                c[o] = 1f;
                s[o] = 0f;
                k[o] = cc0;
            }
            for (int j = 1; j < numCoefficients; j++) {
                float sum = sumCcSs[j];
                float diff = diffScCs[j];
                for (int o = from; o < to; o++) {
                    float co = c[o];
                    float so = s[o];
                    float al = alpha[o];
                    float be = beta[o];
                    float nextCos = al * co + be * so;
                    float nextSin = al * so - be * co;
                    co -= nextCos;
                    so -= nextSin;
                    c[o] = co;
                    s[o] = so;
                    k[o] = k[o] + co * sum + so * diff;
                }
            }
        }
        float max = k[0];
        for (int o = 1; o < period; o++) {
            if (k[o] > max) {
                max = k[o];
            }
        }
        return max;
    }

    /** alpha = 2 sin^2(delta/2), beta = sin(delta), delta = 2 pi offset / period, with the reference's roundings. */
    private static float[][] rotation(int period) {
        float[] alpha = new float[period];
        float[] beta = new float[period];
        for (int o = 0; o < period; o++) {
            float delta = (float) (2.0 * Math.PI * (float) o / (float) period);
            beta[o] = (float) StrictMath.sin(delta);
            float half = (float) StrictMath.sin(delta / 2);
            alpha[o] = 2 * half * half;
        }
        return new float[][] {alpha, beta};
    }
}
