package io.mediamatch.video;

import io.mediamatch.pdq.Hash256;

/** Range search over the distinct frame hashes of a {@link VpdqBank}; ids are positions in the given array. */
final class FrameIndex {
    private final long[] words;

    private FrameIndex(long[] words) {
        this.words = words;
    }

    static FrameIndex of(Hash256[] frames) {
        long[] words = new long[frames.length * 4];
        for (int i = 0; i < frames.length; i++) {
            frames[i].copyTo(words, i * 4);
        }
        return new FrameIndex(words);
    }

    /** Ids of the frames within {@code maxDistance} of {@code q}, ascending. */
    int[] range(Hash256 q, int maxDistance) {
        long q0 = q.word(0);
        long q1 = q.word(1);
        long q2 = q.word(2);
        long q3 = q.word(3);
        int[] out = new int[8];
        int n = 0;
        for (int j = 0, id = 0; j < words.length; j += 4, id++) {
            int d = Long.bitCount(q0 ^ words[j]) + Long.bitCount(q1 ^ words[j + 1])
                    + Long.bitCount(q2 ^ words[j + 2]) + Long.bitCount(q3 ^ words[j + 3]);
            if (d <= maxDistance) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, n * 2);
                }
                out[n++] = id;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
