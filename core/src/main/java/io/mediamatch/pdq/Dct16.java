package io.mediamatch.pdq;

/**
 * The reference's 64x64 -> 16x16 DCT (only the 16 lowest non-DC frequencies per axis), the quality metric, the
 * median threshold and the dihedral sign/transposition rules on the 16x16 coefficients.
 */
final class Dct16 {
    private Dct16() {}

    /** 16 x 64, row-major: D[i][j] = sqrt(2/64) * cos(pi/2/64 * (i+1) * (2j+1)), rounded to float like the reference. */
    static final float[] MATRIX = buildMatrix();

    private static float[] buildMatrix() {
        float[] d = new float[16 * 64];
        float scale = (float) Math.sqrt(2.0 / 64.0);
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 64; j++) {
                d[i * 64 + j] = (float) (scale * StrictMath.cos((Math.PI / 2.0 / 64.0) * (i + 1) * (2 * j + 1)));
            }
        }
        return d;
    }

    /** B = D A D^T with A 64x64, T 16x64 scratch, B 16x16; float sums in the reference's order. */
    static void dct64To16(float[] a, float[] t, float[] b) {
        float[] d = MATRIX;
        for (int i = 0; i < 16; i++) {
            int di = i * 64;
            for (int j = 0; j < 64; j++) {
                float sum = 0.0f;
                for (int k = 0; k < 64; k++) {
                    sum += d[di + k] * a[k * 64 + j];
                }
                t[i * 64 + j] = sum;
            }
        }
        for (int i = 0; i < 16; i++) {
            int ti = i * 64;
            for (int j = 0; j < 16; j++) {
                int dj = j * 64;
                float sum = 0.0f;
                for (int k = 0; k < 64; k++) {
                    sum += t[ti + k] * d[dj + k];
                }
                b[i * 16 + j] = sum;
            }
        }
    }

    /** The reference's gradient-based quality score, 0..100, on the 64x64 downsample. */
    static int quality(float[] a) {
        int gradientSum = 0;
        for (int i = 0; i < 63; i++) {
            for (int j = 0; j < 64; j++) {
                float u = a[i * 64 + j];
                float v = a[(i + 1) * 64 + j];
                int d = (int) (((u - v) * 100) / 255);
                gradientSum += Math.abs(d);
            }
        }
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 63; j++) {
                float u = a[i * 64 + j];
                float v = a[i * 64 + j + 1];
                int d = (int) (((u - v) * 100) / 255);
                gradientSum += Math.abs(d);
            }
        }
        return Math.min(gradientSum / 90, 100);
    }

    /**
     * Bits of the 16x16 coefficients: bit i*16+j is set when the coefficient exceeds the median, where the
     * median is the 128th smallest value (what the reference's Torben selection returns for 256 values).
     */
    static void toBits(float[] b, float[] sortScratch, long[] words, int offset) {
        System.arraycopy(b, 0, sortScratch, 0, 256);
        java.util.Arrays.sort(sortScratch, 0, 256);
        float median = sortScratch[127];
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        long w3 = 0;
        // Bit k lives in word 3 - k/64 (words are most significant first).
        for (int k = 0; k < 64; k++) {
            if (b[k] > median) w3 |= 1L << k;
            if (b[k + 64] > median) w2 |= 1L << k;
            if (b[k + 128] > median) w1 |= 1L << k;
            if (b[k + 192] > median) w0 |= 1L << k;
        }
        words[offset] = w0;
        words[offset + 1] = w1;
        words[offset + 2] = w2;
        words[offset + 3] = w3;
    }

    /** Coefficients of the image transformed by {@code o}, from those of the original (reference sign rules). */
    static void orient(Orientation o, float[] a, float[] b) {
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                float v = a[i * 16 + j];
                switch (o) {
                    case ORIGINAL -> b[i * 16 + j] = v;
                    case ROTATE_90 -> b[j * 16 + i] = (j & 1) != 0 ? v : -v;
                    case ROTATE_180 -> b[i * 16 + j] = ((i + j) & 1) != 0 ? -v : v;
                    case ROTATE_270 -> b[j * 16 + i] = (i & 1) != 0 ? v : -v;
                    case FLIP_X -> b[i * 16 + j] = (i & 1) != 0 ? v : -v;
                    case FLIP_Y -> b[i * 16 + j] = (j & 1) != 0 ? v : -v;
                    case FLIP_PLUS_1 -> b[j * 16 + i] = v;
                    case FLIP_MINUS_1 -> b[j * 16 + i] = ((i + j) & 1) != 0 ? -v : v;
                    default -> throw new AssertionError(o);
                }
            }
        }
    }
}
