package io.mediamatch.pdq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JaroszBlurTest {
    /**
     * The streaming blur+decimation must give the same float bits as the plain reference order (full row pass,
     * full column pass, twice, then decimation) on sizes that exercise every edge: one row or column, the 5x5
     * minimum, dimensions that are not multiples of the row group, windows of 1 to 24 in both directions, and
     * an instance reused across sizes.
     */
    @Test
    void streamingPassesEqualPlainReferenceOrder() {
        Random r = new Random(17);
        int[][] sizes = {{1, 1}, {1, 300}, {300, 1}, {5, 5}, {7, 9}, {8, 8}, {9, 17}, {16, 16}, {17, 129},
            {34, 42}, {63, 65}, {64, 64}, {37, 1500}, {1500, 37}, {211, 307}, {1003, 129}, {6, 400}, {130, 257},
            {2999, 23}, {23, 3001}, {1004, 1600}, {3000, 200}};
        JaroszBlur blur = new JaroszBlur();
        for (int[] size : sizes) {
            int rows = size[0];
            int cols = size[1];
            float[] img = new float[rows * cols];
            for (int i = 0; i < img.length; i++) {
                img[i] = Luma.R * r.nextInt(256) + Luma.G * r.nextInt(256) + Luma.B * r.nextInt(256);
            }
            float[] expected = referenceBlurAndDecimate(img, rows, cols);
            float[] got = new float[64 * 64];
            blur.blurAndDecimate(Luma.ofFloat(img, cols), rows, cols, got);
            assertBitsEqual(expected, got, rows + "x" + cols);
            // A fresh instance gives the same bits as one reused across sizes.
            float[] fresh = new float[64 * 64];
            new JaroszBlur().blurAndDecimate(Luma.ofFloat(img, cols), rows, cols, fresh);
            assertBitsEqual(expected, fresh, rows + "x" + cols + " fresh");
        }
    }

    /** The oracle is sensitive to operation order: dividing by a reciprocal instead changes some bits. */
    @Test
    void oracleDetectsAReorderedOperation() {
        Random r = new Random(5);
        int rows = 300;
        int cols = 211;
        float[] img = new float[rows * cols];
        for (int i = 0; i < img.length; i++) {
            img[i] = Luma.R * r.nextInt(256) + Luma.G * r.nextInt(256) + Luma.B * r.nextInt(256);
        }
        float[] got = new float[64 * 64];
        new JaroszBlur().blurAndDecimate(Luma.ofFloat(img, cols), rows, cols, got);
        float[] wrong = referenceBlur(img, rows, cols, true);
        int differing = 0;
        int[] sr = JaroszBlur.samples(rows);
        int[] sc = JaroszBlur.samples(cols);
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                if (Float.floatToRawIntBits(wrong[sr[i] * cols + sc[j]]) != Float.floatToRawIntBits(got[i * 64 + j])) {
                    differing++;
                }
            }
        }
        assertNotEquals(0, differing);
    }

    private static void assertBitsEqual(float[] expected, float[] got, String what) {
        for (int i = 0; i < 4096; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]), what + " at " + i);
        }
    }

    private static float[] referenceBlurAndDecimate(float[] img, int rows, int cols) {
        float[] blurred = referenceBlur(img, rows, cols, false);
        int[] sr = JaroszBlur.samples(rows);
        int[] sc = JaroszBlur.samples(cols);
        float[] out = new float[64 * 64];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                out[i * 64 + j] = blurred[sr[i] * cols + sc[j]];
            }
        }
        return out;
    }

    /** The reference's structure: box filter along each row, then each column, twice, one sample at a time. */
    private static float[] referenceBlur(float[] img, int rows, int cols, boolean reciprocal) {
        float[] a = img.clone();
        float[] b = new float[rows * cols];
        int wr = JaroszBlur.windowSize(cols, 64);
        int wc = JaroszBlur.windowSize(rows, 64);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < rows; i++) {
                box1d(a, i * cols, b, i * cols, cols, 1, wr, reciprocal);
            }
            for (int j = 0; j < cols; j++) {
                box1d(b, j, a, j, rows, cols, wc, reciprocal);
            }
        }
        return a;
    }

    private static void box1d(float[] in, int inStart, float[] out, int outStart, int n, int stride, int window,
            boolean reciprocal) {
        int half = (window + 2) / 2;
        int ri = inStart;
        int li = inStart;
        int oi = outStart;
        float sum = 0;
        int cws = 0;
        for (int k = 0; k < half - 1; k++, ri += stride) {
            sum += in[ri];
            cws++;
        }
        for (int k = 0; k < window - half + 1; k++, ri += stride, oi += stride) {
            sum += in[ri];
            cws++;
            out[oi] = reciprocal ? sum * (1.0f / cws) : sum / cws;
        }
        for (int k = 0; k < n - window; k++, ri += stride, li += stride, oi += stride) {
            sum += in[ri];
            sum -= in[li];
            out[oi] = reciprocal ? sum * (1.0f / cws) : sum / cws;
        }
        for (int k = 0; k < half - 1; k++, li += stride, oi += stride) {
            sum -= in[li];
            cws--;
            out[oi] = reciprocal ? sum * (1.0f / cws) : sum / cws;
        }
    }
}
