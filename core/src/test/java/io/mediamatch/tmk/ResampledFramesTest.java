package io.mediamatch.tmk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResampledFramesTest {
    private static final int N = 64;

    @Test
    void rotationsTurnClockwiseAndCompose() {
        byte[] img = new byte[N * N * 3];
        new Random(1).nextBytes(img);
        byte[] r90 = rotated(img, 90);
        // Clockwise: the top-left pixel goes to the top-right corner.
        assertEquals(img[0], r90[(N - 1) * 3]);
        assertEquals(img[2], r90[(N - 1) * 3 + 2]);
        assertArrayEquals(rotated(r90, 90), rotated(img, 180));
        assertArrayEquals(img, rotated(rotated(img, 90), 270));
        assertArrayEquals(img, rotated(rotated(img, 180), 180));
    }

    private static byte[] rotated(byte[] src, int degrees) {
        byte[] dst = new byte[src.length];
        ResampledFrames.rotate(src, dst, degrees);
        return dst;
    }
}
