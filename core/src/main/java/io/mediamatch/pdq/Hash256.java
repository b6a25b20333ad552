package io.mediamatch.pdq;

import com.google.common.base.Preconditions;
import java.util.random.RandomGenerator;

/**
 * An immutable 256-bit hash (PDQ and friends) held as four {@code long}s.
 * Bit {@code k} (0..255) is numbered as in Meta's reference: the hex form prints bit 255 first, bit 0 last.
 */
public final class Hash256 implements Comparable<Hash256> {
    /** Number of bits in a hash. */
    public static final int BITS = 256;
    /** Number of hex characters in {@link #toHex()}. */
    public static final int HEX_LENGTH = 64;
    /** The all-zero hash (what PDQ gives for images too small or too flat to hash). */
    public static final Hash256 ZERO = new Hash256(0L, 0L, 0L, 0L);

    // w0 holds bits 255..192 (the first 16 hex characters), w3 holds bits 63..0.
    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    private Hash256(long w0, long w1, long w2, long w3) {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    /** Builds a hash from its four words, most significant (bits 255..192) first. */
    public static Hash256 of(long w0, long w1, long w2, long w3) {
        return new Hash256(w0, w1, w2, w3);
    }

    /**
     * Builds a hash from {@code words[offset..offset+4)}, most significant first: the layout of a flat
     * {@code long[]} index.
     */
    public static Hash256 fromWords(long[] words, int offset) {
        return new Hash256(words[offset], words[offset + 1], words[offset + 2], words[offset + 3]);
    }

    /**
     * Parses 64 hex digits (either case), the format of the reference tools.
     *
     * @throws IllegalArgumentException if the text is not exactly 64 hex digits
     */
    public static Hash256 fromHex(CharSequence hex) {
        Preconditions.checkNotNull(hex, "hex");
        if (hex.length() != HEX_LENGTH) {
            throw new IllegalArgumentException(
                    "a 256-bit hash needs 64 hex digits, got " + hex.length() + " characters");
        }
        return new Hash256(parseWord(hex, 0), parseWord(hex, 16), parseWord(hex, 32), parseWord(hex, 48));
    }

    /** True when {@code text} is exactly 64 hex digits, without throwing. */
    public static boolean isHex(CharSequence text) {
        if (text == null || text.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static long parseWord(CharSequence hex, int start) {
        long w = 0;
        for (int i = start; i < start + 16; i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                throw new IllegalArgumentException(
                        "not a hex digit at position " + i + ": '" + hex.charAt(i) + "'");
            }
            w = (w << 4) | d;
        }
        return w;
    }

    /** 64 lower-case hex digits, bit 255 first, as the reference prints it. */
    public String toHex() {
        char[] out = new char[HEX_LENGTH];
        writeWord(out, 0, w0);
        writeWord(out, 16, w1);
        writeWord(out, 32, w2);
        writeWord(out, 48, w3);
        return new String(out);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void writeWord(char[] out, int start, long w) {
        for (int i = 15; i >= 0; i--) {
            out[start + i] = HEX[(int) (w & 0xF)];
            w >>>= 4;
        }
    }

    /** Number of differing bits, 0..256. */
    public int distance(Hash256 other) {
        return Long.bitCount(w0 ^ other.w0) + Long.bitCount(w1 ^ other.w1)
                + Long.bitCount(w2 ^ other.w2) + Long.bitCount(w3 ^ other.w3);
    }

    /** Number of set bits, 0..256. */
    public int bitCount() {
        return Long.bitCount(w0) + Long.bitCount(w1) + Long.bitCount(w2) + Long.bitCount(w3);
    }

    /** Bit {@code k} in the reference numbering (0 = last hex digit's lowest bit). */
    public boolean bit(int k) {
        Preconditions.checkElementIndex(k, BITS, "bit");
        return ((word(3 - (k >>> 6)) >>> (k & 63)) & 1L) != 0;
    }

    /** Word {@code i} (0..3), most significant first; the layout used by flat indexes. */
    public long word(int i) {
        switch (i) {
            case 0: return w0;
            case 1: return w1;
            case 2: return w2;
            case 3: return w3;
            default: throw new IndexOutOfBoundsException("word " + i + " of 4");
        }
    }

    /** Copies the four words, most significant first, into {@code dst[offset..offset+4)}. */
    public void copyTo(long[] dst, int offset) {
        dst[offset] = w0;
        dst[offset + 1] = w1;
        dst[offset + 2] = w2;
        dst[offset + 3] = w3;
    }

    /**
     * The hash with {@code bits} distinct bits flipped (a near-duplicate at distance exactly {@code bits}, for tests,
     * evaluations and benchmarks), positions drawn by {@code rnd.nextInt(256)}: the same stream gives the same hash.
     */
    public Hash256 flipRandomBits(int bits, RandomGenerator rnd) {
        Preconditions.checkArgument(bits >= 0 && bits <= BITS, "bits %s not in 0..%s", bits, BITS);
        long[] mask = new long[4];
        int done = 0;
        while (done < bits) {
            int b = rnd.nextInt(BITS);
            long m = 1L << (b & 63);
            if ((mask[b >>> 6] & m) == 0) {
                mask[b >>> 6] |= m;
                done++;
            }
        }
        return xor(fromWords(mask, 0));
    }

    /** The hash with every bit flipped in {@code mask}'s set positions (XOR). */
    public Hash256 xor(Hash256 mask) {
        return new Hash256(w0 ^ mask.w0, w1 ^ mask.w1, w2 ^ mask.w2, w3 ^ mask.w3);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Hash256)) {
            return false;
        }
        Hash256 h = (Hash256) o;
        return w0 == h.w0 && w1 == h.w1 && w2 == h.w2 && w3 == h.w3;
    }

    @Override
    public int hashCode() {
        long x = w0 * 31 + w1;
        x = x * 31 + w2;
        x = x * 31 + w3;
        return (int) (x ^ (x >>> 32));
    }

    /** Orders as unsigned 256-bit numbers, i.e. as the hex strings sort. */
    @Override
    public int compareTo(Hash256 o) {
        int c = Long.compareUnsigned(w0, o.w0);
        if (c == 0) c = Long.compareUnsigned(w1, o.w1);
        if (c == 0) c = Long.compareUnsigned(w2, o.w2);
        if (c == 0) c = Long.compareUnsigned(w3, o.w3);
        return c;
    }

    @Override
    public String toString() {
        return toHex();
    }

    /** Mutable builder used by hashers: set bits by reference index, then {@link #build()}. */
    public static final class Builder {
        private final long[] w = new long[4];

        /** Sets bit {@code k} (reference numbering). */
        public Builder set(int k) {
            w[3 - (k >>> 6)] |= 1L << (k & 63);
            return this;
        }

        /** Clears all bits so the builder can be reused. */
        public Builder clear() {
            w[0] = w[1] = w[2] = w[3] = 0;
            return this;
        }

        public Hash256 build() {
            return new Hash256(w[0], w[1], w[2], w[3]);
        }
    }
}
