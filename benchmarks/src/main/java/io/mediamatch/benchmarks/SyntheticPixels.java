package io.mediamatch.benchmarks;

import java.util.Random;

/** Deterministic photo-like RGB24 pixels (smooth gradients plus mild noise) for hashing benchmarks. */
final class SyntheticPixels {
    private SyntheticPixels() {}

    static byte[] photoLike(int w, int h, long seed) {
        Random r = new Random(seed);
        float fx = 0.002f + r.nextFloat() * 0.01f;
        float fy = 0.002f + r.nextFloat() * 0.01f;
        byte[] out = new byte[w * h * 3];
        int p = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double base = 128 + 60 * Math.sin(fx * x) * Math.cos(fy * y);
                for (int c = 0; c < 3; c++) {
                    int v = (int) (base + c * 20 + r.nextInt(16) - 8);
                    out[p++] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return out;
    }
}
