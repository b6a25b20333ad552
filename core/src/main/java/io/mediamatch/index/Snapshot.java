package io.mediamatch.index;

import io.mediamatch.index.HammingIndex.Engine;
import io.mediamatch.pdq.Hash256;
import java.util.Arrays;

/**
 * One immutable state of a {@link HammingIndex}: a base segment sorted by id (with its multi-index, if any), a
 * small append-only delta and copy-on-write tombstones for both. Delta arrays are shared and appended past
 * {@code dn} by later snapshots only, so a snapshot never changes once published.
 */
final class Snapshot {
    /** Base ids by position, or null when they are dense: id = idBase + position. */
    final long[] ids;
    final long idBase;
    final long[] words;
    final int n;
    final MultiIndex mih;
    final Tombstones dead;
    final long[] dIds;
    final long[] dWords;
    final int dn;
    final Tombstones dDead;

    Snapshot(long[] ids, long idBase, long[] words, int n, MultiIndex mih, Tombstones dead, long[] dIds,
            long[] dWords, int dn, Tombstones dDead) {
        this.ids = ids;
        this.idBase = idBase;
        this.words = words;
        this.n = n;
        this.mih = mih;
        this.dead = dead;
        this.dIds = dIds;
        this.dWords = dWords;
        this.dn = dn;
        this.dDead = dDead;
    }

    /** Whether an index of this engine builds a multi-index over n base hashes. */
    static boolean wantsMultiIndex(Engine engine, int n) {
        return engine == Engine.MIH ? n > 0 : engine == Engine.AUTO && n >= HammingIndex.AUTO_MIH_MIN_SIZE;
    }

    /** A snapshot of n hashes sorted by unique id, with the multi-index the engine wants built over them. */
    static Snapshot base(Engine engine, long[] ids, long[] words, int n) {
        MultiIndex m = wantsMultiIndex(engine, n) ? MultiIndex.build(words, n, MultiIndex.widthsFor(n)) : null;
        return of(ids, words, n, m);
    }

    /** A snapshot of n hashes sorted by unique id over the given multi-index (or none), no delta. */
    static Snapshot of(long[] ids, long[] words, int n, MultiIndex m) {
        // sorted unique ids that are consecutive (typical database row ids) cost no memory
        boolean dense = n > 0 && ids[n - 1] - ids[0] == n - 1;
        return new Snapshot(dense ? null : ids, n > 0 ? ids[0] : 0, words, n, m, Tombstones.NONE, new long[16],
                new long[64], 0, Tombstones.NONE);
    }

    long id(int pos) {
        return ids == null ? idBase + pos : ids[pos];
    }

    /** Base position of this id, or -1. */
    int find(long id) {
        if (ids == null) {
            long p = id - idBase;
            return p >= 0 && p < n ? (int) p : -1;
        }
        int p = Arrays.binarySearch(ids, 0, n, id);
        return p >= 0 ? p : -1;
    }

    /** Live entries: base and delta minus their tombstones. */
    int live() {
        return n - dead.count + dn - dDead.count;
    }

    /** The snapshot without the live entry {@code id} (this same object when absent). */
    Snapshot without(long id) {
        int pos = find(id);
        if (pos >= 0 && !dead.get(pos)) {
            return new Snapshot(ids, idBase, words, n, mih, dead.with(pos), dIds, dWords, dn, dDead);
        }
        for (int i = dn - 1; i >= 0; i--) {
            if (dIds[i] == id && !dDead.get(i)) {
                return new Snapshot(ids, idBase, words, n, mih, dead, dIds, dWords, dn, dDead.with(i));
            }
        }
        return this;
    }

    /** The snapshot with (id, h) appended to its delta; the caller removed any live entry id first. */
    Snapshot with(long id, Hash256 h) {
        long[] di = dIds;
        long[] dw = dWords;
        if (dn == di.length) {
            di = Arrays.copyOf(di, dn * 2);
            dw = Arrays.copyOf(dw, dn * 8);
        }
        di[dn] = id;
        h.copyTo(dw, 4 * dn);
        return new Snapshot(ids, idBase, words, n, mih, dead, di, dw, dn + 1, dDead);
    }

    /** {ids, words} of the live entries, sorted by id. */
    long[][] liveArrays() {
        int m = live();
        long[] lIds = new long[m];
        long[] lWords = new long[4 * m];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!dead.get(i)) {
                lIds[k] = id(i);
                System.arraycopy(words, 4 * i, lWords, 4 * k, 4);
                k++;
            }
        }
        for (int i = 0; i < dn; i++) {
            if (!dDead.get(i)) {
                lIds[k] = dIds[i];
                System.arraycopy(dWords, 4 * i, lWords, 4 * k, 4);
                k++;
            }
        }
        if (dn > 0) {
            int[] perm = sortedUniqueOrder(lIds);
            long[] sIds = new long[perm.length];
            long[] sWords = new long[4 * perm.length];
            for (int i = 0; i < perm.length; i++) {
                sIds[i] = lIds[perm[i]];
                System.arraycopy(lWords, 4 * perm[i], sWords, 4 * i, 4);
            }
            return new long[][] {sIds, sWords};
        }
        return new long[][] {lIds, lWords};
    }

    /** Positions ordered by id, keeping the last position of each repeated id. */
    static int[] sortedUniqueOrder(long[] ids) {
        int n = ids.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int[] tmp = new int[n];
        // bottom-up stable merge sort on positions by id
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    tmp[k++] = ids[perm[j]] < ids[perm[i]] ? perm[j++] : perm[i++];
                }
                while (i < mid) {
                    tmp[k++] = perm[i++];
                }
                while (j < hi) {
                    tmp[k++] = perm[j++];
                }
            }
            int[] t = perm;
            perm = tmp;
            tmp = t;
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && ids[perm[i + 1]] == ids[perm[i]]) {
                continue; // stable order: the later occurrence comes next and wins
            }
            perm[m++] = perm[i];
        }
        return Arrays.copyOf(perm, m);
    }
}
