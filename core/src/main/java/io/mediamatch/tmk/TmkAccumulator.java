package io.mediamatch.tmk;

/**
 * Streams frame features into the TMK feature vectors, with the reference's float/double operations in its order:
 * the raw features summed for the pure average; each feature L2-normalised and accumulated into the cosine and sine
 * sums of every period and Fourier coefficient, weighted by cos/sin(2 pi j t / T) in double. {@link #finish}
 * averages, L2-normalises each cosine/sine vector and scales it by sqrt(a_j). Not thread-safe.
 */
final class TmkAccumulator {
    private final int framesPerSecond;
    private final int[] periods;
    private final float[] coefficients;
    private final int dimension;
    private final float[] sum;
    private final float[] cos;
    private final float[] sin;
    private final float[] normalized;
    private int count;

    TmkAccumulator(int framesPerSecond, int[] periods, float[] coefficients, int dimension) {
        this.framesPerSecond = framesPerSecond;
        this.periods = periods.clone();
        this.coefficients = coefficients.clone();
        this.dimension = dimension;
        this.sum = new float[dimension];
        this.cos = new float[periods.length * coefficients.length * dimension];
        this.sin = new float[cos.length];
        this.normalized = new float[dimension];
    }

    /** An accumulator with the reference parameters: 15 fps, Poullot periods and coefficients, 256-float features. */
    static TmkAccumulator reference() {
        return new TmkAccumulator(TmkParameters.FRAMES_PER_SECOND, TmkParameters.periods(),
                TmkParameters.fourierCoefficients(), TmkParameters.FEATURE_DIMENSION);
    }

    int count() {
        return count;
    }

    /** Adds the feature of the next resampled frame (frame number = number of frames added so far). */
    void add(float[] feature) {
        int d = dimension;
        for (int k = 0; k < d; k++) {
            sum[k] += feature[k];
        }
        System.arraycopy(feature, 0, normalized, 0, d);
        normalize(normalized, 0, d);
        int t = count;
        int numCoefficients = coefficients.length;
        for (int i = 0; i < periods.length; i++) {
            int period = periods[i];
            int base0 = i * numCoefficients * d;
            for (int k = 0; k < d; k++) {
                cos[base0 + k] += normalized[k];
            }
            for (int j = 1; j < numCoefficients; j++) {
                double arg = 2.0 * Math.PI * (double) j * (double) t / (double) period;
                double cosArg = StrictMath.cos(arg);
                double sinArg = StrictMath.sin(arg);
                int base = base0 + j * d;
                for (int k = 0; k < d; k++) {
                    // float += float * double: the sum is formed in double and narrowed, as in the reference.
                    cos[base + k] = (float) (cos[base + k] + normalized[k] * cosArg);
                    sin[base + k] = (float) (sin[base + k] + normalized[k] * sinArg);
                }
            }
        }
        count++;
    }

    /** The hash of the frames added so far (all zeros when none were). */
    TmkHash finish() {
        float[] average = sum.clone();
        float[] cosOut = cos.clone();
        float[] sinOut = sin.clone();
        if (count > 0) {
            float n = (float) count;
            for (int k = 0; k < dimension; k++) {
                average[k] /= n;
            }
            int numCoefficients = coefficients.length;
            for (int i = 0; i < periods.length; i++) {
                for (int j = 0; j < numCoefficients; j++) {
                    int base = (i * numCoefficients + j) * dimension;
                    float scale = (float) Math.sqrt(coefficients[j]);
                    normalize(cosOut, base, dimension);
                    normalize(sinOut, base, dimension);
                    for (int k = 0; k < dimension; k++) {
                        cosOut[base + k] *= scale;
                        sinOut[base + k] *= scale;
                    }
                }
            }
        }
        return new TmkHash(framesPerSecond, count, periods.clone(), coefficients.clone(), average, cosOut, sinOut);
    }

    private static void normalize(float[] v, int from, int length) {
        float s = 0f;
        for (int k = from; k < from + length; k++) {
            s += v[k] * v[k];
        }
        float norm = (float) Math.sqrt(s);
        if (norm > 0f) {
            for (int k = from; k < from + length; k++) {
                v[k] /= norm;
            }
        }
    }
}
