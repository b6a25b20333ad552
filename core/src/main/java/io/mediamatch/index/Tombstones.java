package io.mediamatch.index;

/**
 * An immutable bitset of removed positions, stored in chunks so that {@link #with} copies only one chunk:
 * cheap copy-on-write for live removals over millions of entries.
 */
final class Tombstones {
    private static final int CHUNK_WORDS_LOG = 10; // 1024 longs = 65,536 bits per chunk
    private static final int CHUNK_BITS_LOG = CHUNK_WORDS_LOG + 6;
    static final Tombstones NONE = new Tombstones(new long[0][], 0);

    private final long[][] chunks;
    final int count;

    private Tombstones(long[][] chunks, int count) {
        this.chunks = chunks;
        this.count = count;
    }

    boolean get(int pos) {
        int c = pos >>> CHUNK_BITS_LOG;
        if (c >= chunks.length || chunks[c] == null) {
            return false;
        }
        return (chunks[c][(pos >>> 6) & ((1 << CHUNK_WORDS_LOG) - 1)] & (1L << pos)) != 0;
    }

    /** A copy with {@code pos} set (this one unchanged). */
    Tombstones with(int pos) {
        if (get(pos)) {
            return this;
        }
        int c = pos >>> CHUNK_BITS_LOG;
        long[][] next = java.util.Arrays.copyOf(chunks, Math.max(chunks.length, c + 1));
        long[] chunk = next[c] == null ? new long[1 << CHUNK_WORDS_LOG] : next[c].clone();
        chunk[(pos >>> 6) & ((1 << CHUNK_WORDS_LOG) - 1)] |= 1L << pos;
        next[c] = chunk;
        return new Tombstones(next, count + 1);
    }

    long memoryBytes() {
        long b = 16 + 8L * chunks.length;
        for (long[] c : chunks) {
            if (c != null) {
                b += 16 + 8L * c.length;
            }
        }
        return b;
    }
}
