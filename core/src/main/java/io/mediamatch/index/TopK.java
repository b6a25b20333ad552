package io.mediamatch.index;

import java.util.ArrayList;
import java.util.List;

/**
 * The k best (distance, id) pairs seen so far, smaller distance first, lower id first on ties.
 * {@link #bound} is the largest distance that can still enter (256 until full). Not thread-safe.
 */
final class TopK {
    final int k;
    private final long[] ids;
    private final int[] dist;
    private final int[] orient;
    private int size;
    int bound = 256;

    TopK(int k) {
        this.k = k;
        this.ids = new long[k];
        this.dist = new int[k];
        this.orient = new int[k];
    }

    int size() {
        return size;
    }

    private static boolean worse(int d1, long id1, int d2, long id2) {
        return d1 > d2 || (d1 == d2 && id1 > id2);
    }

    /** Adds the pair if it beats the current worst (max-heap on (distance, id)). */
    void offer(long id, int d, int o) {
        if (size < k) {
            int i = size++;
            ids[i] = id;
            dist[i] = d;
            orient[i] = o;
            siftUp(i);
            if (size == k) {
                bound = dist[0];
            }
            return;
        }
        if (!worse(dist[0], ids[0], d, id)) {
            return;
        }
        ids[0] = id;
        dist[0] = d;
        orient[0] = o;
        siftDown(0);
        bound = dist[0];
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(dist[i], ids[i], dist[parent], ids[parent])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int r = l + 1;
            int m = (r < size && worse(dist[r], ids[r], dist[l], ids[l])) ? r : l;
            if (!worse(dist[m], ids[m], dist[i], ids[i])) {
                return;
            }
            swap(i, m);
            i = m;
        }
    }

    private void swap(int a, int b) {
        long ti = ids[a];
        ids[a] = ids[b];
        ids[b] = ti;
        int td = dist[a];
        dist[a] = dist[b];
        dist[b] = td;
        int to = orient[a];
        orient[a] = orient[b];
        orient[b] = to;
    }

    void addAll(TopK other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.ids[i], other.dist[i], other.orient[i]);
        }
    }

    /** Best first. */
    List<IndexMatch> toList() {
        Hits h = new Hits();
        for (int i = 0; i < size; i++) {
            h.add(ids[i], dist[i], orient[i]);
        }
        return h.toList(false, k);
    }
}
