package io.mediamatch.pdq;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Hash256Test {
    private static final String SAMPLE =
            "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    @Test
    void hexRoundTripIsLowerCaseAndExact() {
        Hash256 h = Hash256.fromHex(SAMPLE.toUpperCase());
        assertEquals(SAMPLE, h.toHex());
        assertEquals(h, Hash256.fromHex(SAMPLE));
        assertEquals(h.hashCode(), Hash256.fromHex(SAMPLE).hashCode());
    }

    @Test
    void bitNumberingFollowsReference() {
        // Bit 0 is the lowest bit of the last hex digit; bit 255 the highest of the first.
        Hash256 low = new Hash256.Builder().set(0).build();
        assertEquals("0".repeat(63) + "1", low.toHex());
        Hash256 high = new Hash256.Builder().set(255).build();
        assertEquals("8" + "0".repeat(63), high.toHex());
        Hash256 b17 = new Hash256.Builder().set(17).build(); // word w[1] of the reference, bit 1
        assertEquals("0".repeat(59) + "20000", b17.toHex());
        assertTrue(b17.bit(17));
        assertFalse(b17.bit(16));
    }

    @Test
    void distanceCountsDifferingBits() {
        Random r = new Random(7);
        for (int t = 0; t < 200; t++) {
            Hash256.Builder a = new Hash256.Builder();
            Hash256.Builder b = new Hash256.Builder();
            int expected = 0;
            for (int k = 0; k < 256; k++) {
                boolean x = r.nextBoolean();
                boolean y = r.nextBoolean();
                if (x) a.set(k);
                if (y) b.set(k);
                if (x != y) expected++;
            }
            assertEquals(expected, a.build().distance(b.build()));
        }
        assertEquals(256, Hash256.ZERO.distance(Hash256.fromHex("f".repeat(64))));
    }

    @Test
    void compareToOrdersLikeHexStrings() {
        Random r = new Random(3);
        for (int t = 0; t < 500; t++) {
            Hash256 a = Hash256.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
            Hash256 b = Hash256.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
            assertEquals(Integer.signum(a.toHex().compareTo(b.toHex())), Integer.signum(a.compareTo(b)));
        }
    }

    @Test
    void rejectsMalformedHex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hash256.fromHex("abc"));
        assertTrue(e.getMessage().contains("64 hex digits"));
        assertThrows(IllegalArgumentException.class, () -> Hash256.fromHex("g" + "0".repeat(63)));
        assertFalse(Hash256.isHex("z".repeat(64)));
        assertTrue(Hash256.isHex(SAMPLE));
    }

    @Test
    void flipRandomBitsFlipsExactlyThatManyBitsAndRepeatsWithTheSameSeed() {
        Hash256 h = Hash256.fromHex(SAMPLE);
        for (int bits : new int[] {0, 1, 31, 200, 256}) {
            Hash256 f = h.flipRandomBits(bits, new Random(bits));
            assertEquals(bits, h.distance(f), "bits " + bits);
            assertEquals(f, h.flipRandomBits(bits, new Random(bits)));
        }
        assertEquals(h.xor(Hash256.of(-1L, -1L, -1L, -1L)), h.flipRandomBits(256, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> h.flipRandomBits(257, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> h.flipRandomBits(-1, new Random(1)));
    }
}
