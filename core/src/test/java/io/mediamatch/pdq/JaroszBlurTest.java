package io.mediamatch.pdq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JaroszBlurTest {
    /** The fused blur+decimation must give the same float bits as the full blur followed by decimation. */
    @Test
    void sampledPassesEqualFullBlurThenDecimate() {
        Random r = new Random(17);
        int[][] sizes = {{5, 5}, {34, 42}, {63, 65}, {64, 64}, {37, 1500}, {1500, 37}, {211, 307}, {1003, 129}, {6, 400}};
        for (int[] size : sizes) {
            int rows = size[0];
            int cols = size[1];
            float[] img = new float[rows * cols];
            for (int i = 0; i < img.length; i++) {
                img[i] = r.nextInt(256) * 0.299f + r.nextInt(256) * 0.587f;
            }
            float[] a1 = img.clone();
            float[] a2 = new float[rows * cols];
            float[] sums = new float[Math.max(cols, 64)];
            JaroszBlur.blur(a1, a2, sums, rows, cols, 2);
            float[] expected = new float[64 * 64];
            JaroszBlur.decimate(a1, rows, cols, expected);

            float[] b1 = new float[rows * cols];
            float[] b2 = new float[Math.max(rows * cols, rows * 64)];
            float[] scratch = new float[JaroszBlur.ROW_GROUP * cols];
            float[] got = new float[64 * 64];
            JaroszBlur.blurAndDecimate(Luma.ofFloat(img, cols), scratch, b1, b2, sums, rows, cols, got);
            for (int i = 0; i < 4096; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]),
                        rows + "x" + cols + " at " + i);
            }
        }
    }
}
