package io.mediamatch.index;

/**
 * Bucket bounds of a unary-coded table: bucket b is a run of ones (its entries) ended by a zero, and the bit
 * where every 2^SAMPLE_SHIFT-th bucket starts is sampled in an int, so a bucket's start is one broadword select
 * from the sample below it. Stateless; every method is a pure function of its arguments.
 */
final class UnarySelect {
    /** One sample per 2^SAMPLE_SHIFT buckets. */
    static final int SAMPLE_SHIFT = 6;

    private UnarySelect() {}

    /** The start of every 64th bucket: the bit after the 64j-th zero (0 for bucket 0). */
    static int[] samplesOf(long[] bits, int buckets) {
        int[] samp = new int[((buckets - 1) >>> SAMPLE_SHIFT) + 1];
        long zeros = 0; // zeros before the current word
        int next = 1; // index of the next sample to fill
        for (int w = 0; w < bits.length && next < samp.length; w++) {
            long x = ~bits[w];
            int c = Long.bitCount(x);
            long want = (long) next << SAMPLE_SHIFT; // the sample sits right after this many zeros
            while (next < samp.length && zeros + c >= want) {
                samp[next] = (w << 6) + select64(x, (int) (want - zeros - 1)) + 1;
                next++;
                want = (long) next << SAMPLE_SHIFT;
            }
            zeros += c;
        }
        return samp;
    }

    /** SELECT_IN_BYTE[r << 8 | v]: position of the r-th (0-based) set bit of byte v. */
    private static final byte[] SELECT_IN_BYTE = selectInByte();

    private static byte[] selectInByte() {
        byte[] t = new byte[8 << 8];
        for (int v = 0; v < 256; v++) {
            for (int i = 0, r = 0; i < 8; i++) {
                if ((v >>> i & 1) != 0) {
                    t[r++ << 8 | v] = (byte) i;
                }
            }
        }
        return t;
    }

    /** Position of the k-th (0-based) set bit of x; k must be below bitCount(x). Broadword (Vigna). */
    static int select64(long x, int k) {
        long s = x - ((x >>> 1) & 0x5555555555555555L);
        s = (s & 0x3333333333333333L) + ((s >>> 2) & 0x3333333333333333L);
        s = (s + (s >>> 4)) & 0x0F0F0F0F0F0F0F0FL;
        long byteSums = s * 0x0101010101010101L; // byte i: set bits in bytes 0..i
        long below = ((k * 0x0101010101010101L | 0x8080808080808080L) - byteSums) & 0x8080808080808080L;
        int place = Long.bitCount(below) << 3; // bytes wholly before the k-th set bit, times 8
        int rank = k - (int) (((byteSums << 8) >>> place) & 0xFF);
        return place + SELECT_IN_BYTE[rank << 8 | (int) ((x >>> place) & 0xFF)];
    }

    /** Bit position in {@code bits} where bucket b starts: after the b-th zero, found from the sample below it. */
    static long bucketStart(long[] bits, int[] samp, int b) {
        long pos = samp[b >>> SAMPLE_SHIFT];
        int k = b & ((1 << SAMPLE_SHIFT) - 1); // zeros to pass
        if (k == 0) {
            return pos;
        }
        int w = (int) (pos >>> 6);
        long x0 = ~bits[w] & (-1L << pos);
        int c0 = Long.bitCount(x0);
        // usually the zero sought lies in this word or the next: choose without a branch
        boolean here = k <= c0;
        long x = here ? x0 : ~bits[w + 1];
        int kk = here ? k : k - c0;
        int ww = here ? w : w + 1;
        while (kk > Long.bitCount(x)) { // a third word or more (long runs of ones: big buckets)
            kk -= Long.bitCount(x);
            x = ~bits[++ww];
        }
        return ((long) ww << 6) + select64(x, kk - 1) + 1;
    }

    /** Number of ones from bit {@code start} to the next zero: the size of the bucket starting there. */
    static int runOfOnes(long[] bits, long start) {
        int w = (int) (start >>> 6);
        long x = ~bits[w] & (-1L << start);
        while (x == 0) {
            x = ~bits[++w];
        }
        return (int) (((long) w << 6) + Long.numberOfTrailingZeros(x) - start);
    }
}
