package io.mediamatch.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Growable primitive result buffer for one query: (id, distance, orientation) triples. Not thread-safe. */
final class Hits {
    long[] ids = new long[8];
    int[] dist = new int[8];
    int[] orient = new int[8];
    int size;

    void add(long id, int distance, int orientation) {
        if (size == ids.length) {
            int cap = size * 2;
            ids = Arrays.copyOf(ids, cap);
            dist = Arrays.copyOf(dist, cap);
            orient = Arrays.copyOf(orient, cap);
        }
        ids[size] = id;
        dist[size] = distance;
        orient[size] = orientation;
        size++;
    }

    void addAll(Hits other) {
        for (int i = 0; i < other.size; i++) {
            add(other.ids[i], other.dist[i], other.orient[i]);
        }
    }

    /** Order by distance, then id, then orientation. */
    private Integer[] order() {
        Integer[] idx = new Integer[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            if (dist[a] != dist[b]) {
                return Integer.compare(dist[a], dist[b]);
            }
            if (ids[a] != ids[b]) {
                return Long.compare(ids[a], ids[b]);
            }
            return Integer.compare(orient[a], orient[b]);
        });
        return idx;
    }

    /**
     * The results sorted by (distance, id); with {@code uniqueIds} only the best (lowest distance, then lowest
     * orientation) row per id is kept; at most {@code limit} rows.
     */
    List<IndexMatch> toList(boolean uniqueIds, int limit) {
        Integer[] idx = order();
        List<IndexMatch> out = new ArrayList<>(Math.min(size, limit));
        if (uniqueIds && size > 1) {
            // rows come best-first, so the first row seen for an id is its best one
            LongOpenSet seen = new LongOpenSet(size);
            for (Integer i : idx) {
                if (out.size() >= limit) {
                    break;
                }
                if (seen.add(ids[i])) {
                    out.add(new IndexMatch(ids[i], dist[i], orient[i]));
                }
            }
        } else {
            for (int k = 0; k < size && out.size() < limit; k++) {
                int i = idx[k];
                out.add(new IndexMatch(ids[i], dist[i], orient[i]));
            }
        }
        return out;
    }

    /** Minimal open-addressing set of longs, sized for a known number of insertions. */
    static final class LongOpenSet {
        private final long[] keys;
        private final boolean[] used;
        private final int mask;

        LongOpenSet(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
            keys = new long[cap];
            used = new boolean[cap];
            mask = cap - 1;
        }

        boolean add(long k) {
            int i = (int) (mix(k) & mask);
            while (used[i]) {
                if (keys[i] == k) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            used[i] = true;
            keys[i] = k;
            return true;
        }

        private static long mix(long k) {
            k *= 0x9E3779B97F4A7C15L;
            return k ^ (k >>> 29);
        }
    }
}
