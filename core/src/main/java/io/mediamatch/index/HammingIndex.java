package io.mediamatch.index;

import com.google.common.base.Preconditions;
import io.mediamatch.pdq.Hash256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Exact Hamming-distance search over 256-bit hashes, each stored under a caller-chosen {@code long} id.
 * Two engines: a brute-force scan over a flat {@code long[]} and multi-index hashing ({@link Engine#MIH});
 * {@link Engine#AUTO} builds the multi-index for 50,000 hashes or more and then, per query, uses whichever the
 * cost model says is cheaper. Every engine returns the same, exact result sets.
 *
 * <p>Thread-safety: all methods may be called concurrently. Queries read an immutable snapshot (a base segment
 * sorted by id, a small append-only delta and copy-on-write tombstones) published through a volatile field, so
 * a query sees every {@code add}/{@code remove} that returned before it started and none that started after
 * it ended. Writers are serialised; adding an id that is present replaces its hash. When the delta outgrows
 * {@link #MAX_DELTA} (or a quarter of the base is removed) the writer that crosses the limit merges it into a
 * new base, rebuilding the multi-index; concurrent queries keep using the old snapshot meanwhile.
 *
 * <p>Layout: the snapshot is {@code Snapshot}, the engines {@code Scan} and {@code MultiIndex*}, the file format
 * {@code IndexFile}; this class keeps the public API, the writers' lock and, per query, the choice of engine and
 * the merging of base and delta hits (about 530 lines: the query methods share those steps, so they stay
 * together).
 */
public final class HammingIndex {
    /** Which search engine answers queries. */
    public enum Engine {
        /** Multi-index hashing for 50,000 hashes or more, chosen per query by estimated cost; else scan. */
        AUTO,
        /** Always scan every hash (no extra memory). */
        SCAN,
        /** Always build the multi-index; queries whose radius makes it costlier than a scan still scan. */
        MIH
    }

    /** Database size from which {@link Engine#AUTO} builds the multi-index. */
    public static final int AUTO_MIH_MIN_SIZE = 50_000;
    /** Delta entries (hashes added since the last merge) that trigger a merge. */
    public static final int MAX_DELTA = 8192;
    private static final int MIN_SCAN_PER_THREAD = 1 << 16;

    private final Engine engine;
    private final int threads;
    private final Object writeLock = new Object();
    private volatile Snapshot state;

    private HammingIndex(Engine engine, int threads, Snapshot state) {
        this.engine = engine;
        this.threads = threads;
        this.state = state;
    }

    /**
     * The brute-force kernel this JVM runs: "scalar", or the Vector API kernel on JDK 25+ started with
     * {@code --add-modules jdk.incubator.vector} (same results, faster scans and kNN; see {@code Scan}).
     */
    public static String scanKernel() {
        return Scan.KERNEL.name();
    }

    /** A builder for bulk loading. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Bulk path: {@code ids[i]} is stored with the hash in {@code words[4i .. 4i+4)} (most significant word
     * first, as {@link Hash256#copyTo}). A repeated id keeps its last hash. The arrays are copied.
     *
     * @throws IllegalArgumentException if {@code words.length != 4 * ids.length}
     */
    public static HammingIndex of(long[] ids, long[] words, Engine engine) {
        return of(ids, words, engine, 1);
    }

    static HammingIndex of(long[] ids, long[] words, Engine engine, int threads) {
        Preconditions.checkNotNull(engine, "engine");
        Preconditions.checkArgument(words.length == 4L * ids.length,
                "words.length %s != 4 * ids.length %s", words.length, ids.length);
        Preconditions.checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
        int n = ids.length;
        long[] sIds;
        long[] sWords;
        if (strictlyIncreasing(ids)) {
            sIds = ids.clone();
            sWords = words.clone();
        } else {
            int[] perm = Snapshot.sortedUniqueOrder(ids);
            sIds = new long[perm.length];
            sWords = new long[4 * perm.length];
            for (int i = 0; i < perm.length; i++) {
                sIds[i] = ids[perm[i]];
                System.arraycopy(words, 4 * perm[i], sWords, 4 * i, 4);
            }
        }
        return new HammingIndex(engine, threads, Snapshot.base(engine, sIds, sWords, sIds.length));
    }

    private static boolean strictlyIncreasing(long[] ids) {
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Collects (id, hash) pairs, then builds the index in one pass. Not thread-safe. */
    public static final class Builder {
        private long[] ids = new long[1024];
        private long[] words = new long[4096];
        private int n;
        private Engine engine = Engine.AUTO;
        private int threads = 1;

        private Builder() {}

        /** Adds one entry; a repeated id keeps its last hash. */
        public Builder add(long id, Hash256 h) {
            Preconditions.checkNotNull(h, "hash");
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
                words = Arrays.copyOf(words, n * 8);
            }
            ids[n] = id;
            h.copyTo(words, 4 * n);
            n++;
            return this;
        }

        /** The engine (default {@link Engine#AUTO}). */
        public Builder engine(Engine e) {
            this.engine = Preconditions.checkNotNull(e, "engine");
            return this;
        }

        /** Threads a single scan query is split over (default 1); multi-index probes stay single-threaded. */
        public Builder threads(int t) {
            Preconditions.checkArgument(t >= 1, "threads must be >= 1, got %s", t);
            this.threads = t;
            return this;
        }

        public HammingIndex build() {
            return of(Arrays.copyOf(ids, n), Arrays.copyOf(words, 4 * n), engine, threads);
        }
    }

    // ------------------------------------------------------------------ updates

    /** Adds (or replaces) one entry; visible to every query that starts after this returns. */
    public void add(long id, Hash256 h) {
        Preconditions.checkNotNull(h, "hash");
        synchronized (writeLock) {
            Snapshot next = state.without(id).with(id, h);
            state = next.dn > MAX_DELTA ? merge(next) : next;
        }
    }

    /** Removes the entry with this id; returns false if absent. No query starting after this returns sees it. */
    public boolean remove(long id) {
        synchronized (writeLock) {
            Snapshot s = state;
            Snapshot next = s.without(id);
            if (next == s) {
                return false;
            }
            state = next.dead.count > Math.max(MAX_DELTA, next.n / 4) ? merge(next) : next;
            return true;
        }
    }

    private Snapshot merge(Snapshot s) {
        long[][] live = s.liveArrays();
        HammingIndex fresh = of(live[0], live[1], engine, threads);
        return fresh.state;
    }

    /** Number of live entries. */
    public int size() {
        return state.live();
    }

    /** The engine this index was built with. */
    public Engine engine() {
        return engine;
    }

    /** Approximate heap bytes held by the current snapshot (hashes, ids, tables, tombstones, delta). */
    public long memoryBytes() {
        Snapshot s = state;
        long b = (s.ids == null ? 0 : 16 + 8L * s.ids.length) + 16 + 8L * s.words.length + 16 + 8L * s.dIds.length + 16
                + 8L * s.dWords.length + s.dead.memoryBytes() + s.dDead.memoryBytes();
        if (s.mih != null) {
            b += s.mih.memoryBytes();
        }
        return b;
    }

    /** Substring widths of the multi-index, or an empty array when none is built (for reports). */
    public int[] multiIndexWidths() {
        MultiIndex m = state.mih;
        return m == null ? new int[0] : m.widths();
    }

    // ------------------------------------------------------------------ queries

    private static void checkDistance(int maxDistance) {
        Preconditions.checkArgument(maxDistance >= 0, "maxDistance must be >= 0, got %s", maxDistance);
    }

    /** Multi-index radii for this distance, or null to scan. */
    private int[] plan(Snapshot s, int maxDistance) {
        if (s.mih == null || engine == Engine.SCAN) {
            return null;
        }
        return MultiIndexPlanner.plan(s.mih, maxDistance);
    }

    /** Every live entry within {@code maxDistance} (>= 0) of {@code q}, sorted by (distance, id). */
    public List<IndexMatch> range(Hash256 q, int maxDistance) {
        return rangeBatch(List.of(q), maxDistance).get(0);
    }

    /**
     * {@link #range} for each query, sharing passes over memory: a scan compares 8 queries per pass, and the
     * multi-index walks its tables once for a large batch (thousands of queries at millions of hashes).
     */
    public List<List<IndexMatch>> rangeBatch(List<Hash256> qs, int maxDistance) {
        checkDistance(maxDistance);
        int d = Math.min(maxDistance, Hash256.BITS);
        Snapshot s = state;
        long[] q = words(qs);
        int nq = qs.size();
        Hits[] hits = new Hits[nq];
        for (int i = 0; i < nq; i++) {
            hits[i] = new Hits();
        }
        int[] radii = plan(s, d);
        Scan.Sink base = baseSink(s, hits, 0);
        if (radii != null && MultiIndexPlanner.batchPays(s.mih, nq, radii)) {
            MultiIndexBatchSearcher.rangeBatch(s.mih, s.words, q, nq, d, radii, base);
        } else if (radii != null) {
            for (int i = 0; i < nq; i++) {
                MultiIndexSearcher.range(s.mih, s.words, q[4 * i], q[4 * i + 1], q[4 * i + 2], q[4 * i + 3], d, radii,
                        i, base);
            }
        } else {
            scanRange(s, q, nq, d, hits, false);
        }
        deltaRange(s, q, nq, d, hits, false);
        List<List<IndexMatch>> out = new ArrayList<>(nq);
        for (Hits h : hits) {
            out.add(h.toList(false, Integer.MAX_VALUE));
        }
        return out;
    }

    /**
     * Each live entry within {@code maxDistance} of any of the given orientations (1..8 hashes, normally the
     * 8 dihedral hashes of one image) once, with its smallest distance and the index in
     * {@code eightOrientations} of the orientation giving it (lowest index on ties); sorted by (distance, id).
     */
    public List<IndexMatch> rangeDihedral(List<Hash256> eightOrientations, int maxDistance) {
        checkDistance(maxDistance);
        Preconditions.checkArgument(!eightOrientations.isEmpty() && eightOrientations.size() <= Scan.BLOCK,
                "1..8 orientations, got %s", eightOrientations.size());
        int d = Math.min(maxDistance, Hash256.BITS);
        Snapshot s = state;
        long[] q = words(eightOrientations);
        int nq = eightOrientations.size();
        Hits hits = new Hits();
        Hits[] all = new Hits[nq];
        Arrays.fill(all, hits);
        int[] radii = plan(s, d);
        if (radii != null) {
            Scan.Sink sink = (o, pos, dist) -> {
                if (!s.dead.get(pos)) {
                    hits.add(s.id(pos), dist, o);
                }
            };
            for (int i = 0; i < nq; i++) {
                MultiIndexSearcher.range(s.mih, s.words, q[4 * i], q[4 * i + 1], q[4 * i + 2], q[4 * i + 3], d, radii,
                        i, sink);
            }
        } else {
            scanRange(s, q, nq, d, all, true);
        }
        deltaRange(s, q, nq, d, all, true);
        return hits.toList(true, Integer.MAX_VALUE);
    }

    /** The {@code k} (>= 0) live entries nearest to {@code q}, by (distance, id); fewer if the index is smaller. */
    public List<IndexMatch> nearest(Hash256 q, int k) {
        return nearestBatch(List.of(q), k).get(0);
    }

    /** {@link #nearest} for each query, sharing passes over memory when scanning. */
    public List<List<IndexMatch>> nearestBatch(List<Hash256> qs, int k) {
        Preconditions.checkArgument(k >= 0, "k must be >= 0, got %s", k);
        Snapshot s = state;
        int nq = qs.size();
        List<List<IndexMatch>> out = new ArrayList<>(nq);
        if (k == 0) {
            for (int i = 0; i < nq; i++) {
                out.add(List.of());
            }
            return out;
        }
        long[] q = words(qs);
        TopK[] tops = new TopK[nq];
        boolean[] done = new boolean[nq];
        for (int i = 0; i < nq; i++) {
            tops[i] = new TopK(k);
            if (s.mih != null && engine != Engine.SCAN) {
                done[i] = nearestByRadius(s, q, i, tops[i]);
            }
        }
        // scan the base for the queries the multi-index could not settle, 8 per pass
        int[] rest = IntStream.range(0, nq).filter(i -> !done[i]).toArray();
        for (int from = 0; from < rest.length; from += Scan.BLOCK) {
            int m = Math.min(Scan.BLOCK, rest.length - from);
            long[] block = new long[4 * m];
            TopK[] bt = new TopK[m];
            for (int j = 0; j < m; j++) {
                System.arraycopy(q, 4 * rest[from + j], block, 4 * j, 4);
                bt[j] = tops[rest[from + j]];
            }
            scanNearest(s, block, m, bt);
        }
        TopK[] delta = new TopK[nq];
        for (int i = 0; i < nq; i++) {
            delta[i] = new TopK(k);
        }
        for (int from = 0; from < nq; from += Scan.BLOCK) {
            int m = Math.min(Scan.BLOCK, nq - from);
            Scan.KERNEL.nearest(s.dWords, 0, s.dn, Arrays.copyOfRange(q, 4 * from, 4 * (from + m)), m,
                    Arrays.copyOfRange(delta, from, from + m), s.dIds, 0, s.dDead);
        }
        for (int i = 0; i < nq; i++) {
            tops[i].addAll(delta[i]);
            out.add(tops[i].toList());
        }
        return out;
    }

    /**
     * Grows the radius through the multi-index until the base holds k live entries within it; true when the
     * base's top-k is then exact, false when the radius got too costly (the caller scans instead).
     */
    private boolean nearestByRadius(Snapshot s, long[] q, int i, TopK top) {
        if (top.k > s.n - s.dead.count) {
            return false;
        }
        for (int d = 7; ; d = Math.min(Hash256.BITS, 2 * d + 1)) {
            int[] radii = MultiIndexPlanner.plan(s.mih, d);
            if (radii == null) {
                return false;
            }
            Hits h = new Hits();
            MultiIndexSearcher.range(s.mih, s.words, q[4 * i], q[4 * i + 1], q[4 * i + 2], q[4 * i + 3], d, radii, 0,
                    baseSink(s, new Hits[] {h}, 0));
            if (h.size >= top.k) {
                for (int j = 0; j < h.size; j++) {
                    top.offer(h.ids[j], h.dist[j], 0);
                }
                return true;
            }
            if (d == Hash256.BITS) {
                return false;
            }
        }
    }

    private static Scan.Sink baseSink(Snapshot s, Hits[] hits, int orientation) {
        return (qi, pos, dist) -> {
            if (!s.dead.get(pos)) {
                hits[qi].add(s.id(pos), dist, orientation);
            }
        };
    }

    private static long[] words(List<Hash256> qs) {
        long[] q = new long[4 * qs.size()];
        for (int i = 0; i < qs.size(); i++) {
            Preconditions.checkNotNull(qs.get(i), "query %s is null", i);
            qs.get(i).copyTo(q, 4 * i);
        }
        return q;
    }

    /** Ranges [from, to) splitting n positions over the configured threads. */
    private int[] chunks(int n) {
        int t = Math.max(1, Math.min(threads, n / MIN_SCAN_PER_THREAD));
        int[] bounds = new int[t + 1];
        for (int i = 0; i <= t; i++) {
            bounds[i] = (int) ((long) n * i / t);
        }
        return bounds;
    }

    /**
     * Scans the base for nq queries (8 per pass); {@code best} reports each entry once with its nearest query
     * (the dihedral form, where every element of {@code hits} is the same buffer and the orientation is kept).
     */
    private void scanRange(Snapshot s, long[] q, int nq, int d, Hits[] hits, boolean best) {
        int[] b = chunks(s.n);
        int parts = b.length - 1;
        Hits[][] local = new Hits[parts][];
        IntStream stream = IntStream.range(0, parts);
        (parts > 1 ? stream.parallel() : stream).forEach(c -> {
            Hits[] mine = new Hits[nq];
            Hits shared = best ? new Hits() : null;
            for (int i = 0; i < nq; i++) {
                mine[i] = best ? shared : new Hits();
            }
            local[c] = mine;
            for (int from = 0; from < nq; from += Scan.BLOCK) {
                int m = Math.min(Scan.BLOCK, nq - from);
                long[] block = Arrays.copyOfRange(q, 4 * from, 4 * (from + m));
                int base = from;
                Scan.Sink sink = (qi, pos, dist) -> {
                    if (!s.dead.get(pos)) {
                        mine[best ? 0 : qi].add(s.id(pos), dist, best ? base + qi : 0);
                    }
                };
                if (best) {
                    Scan.KERNEL.rangeBest(s.words, b[c], b[c + 1], block, m, d, sink);
                } else {
                    Scan.KERNEL.rangeMulti(s.words, b[c], b[c + 1], block, m, d, base, sink);
                }
            }
        });
        for (Hits[] mine : local) {
            if (best) {
                hits[0].addAll(mine[0]);
            } else {
                for (int i = 0; i < nq; i++) {
                    hits[i].addAll(mine[i]);
                }
            }
        }
    }

    private static void deltaRange(Snapshot s, long[] q, int nq, int d, Hits[] hits, boolean best) {
        if (s.dn == 0) {
            return;
        }
        for (int from = 0; from < nq; from += Scan.BLOCK) {
            int m = Math.min(Scan.BLOCK, nq - from);
            long[] block = Arrays.copyOfRange(q, 4 * from, 4 * (from + m));
            int base = from;
            Scan.Sink sink = (qi, pos, dist) -> {
                if (!s.dDead.get(pos)) {
                    hits[best ? 0 : qi].add(s.dIds[pos], dist, best ? base + qi : 0);
                }
            };
            if (best) {
                Scan.KERNEL.rangeBest(s.dWords, 0, s.dn, block, m, d, sink);
            } else {
                Scan.KERNEL.rangeMulti(s.dWords, 0, s.dn, block, m, d, base, sink);
            }
        }
    }

    private void scanNearest(Snapshot s, long[] block, int m, TopK[] tops) {
        int[] b = chunks(s.n);
        int parts = b.length - 1;
        if (parts == 1) {
            Scan.KERNEL.nearest(s.words, 0, s.n, block, m, tops, s.ids, s.idBase, s.dead);
            return;
        }
        TopK[][] local = new TopK[parts][m];
        IntStream.range(0, parts).parallel().forEach(c -> {
            for (int j = 0; j < m; j++) {
                local[c][j] = new TopK(tops[j].k);
            }
            Scan.KERNEL.nearest(s.words, b[c], b[c + 1], block, m, local[c], s.ids, s.idBase, s.dead);
        });
        for (TopK[] l : local) {
            for (int j = 0; j < m; j++) {
                tops[j].addAll(l[j]);
            }
        }
    }

    // ------------------------------------------------------------------ persistence

    /**
     * Writes the live entries and the multi-index tables to {@code file} (format in {@link IndexFile}), via a
     * temporary file moved into place. Pending adds and removes are merged first (as a merge would).
     */
    public void save(Path file) throws IOException {
        Snapshot s;
        synchronized (writeLock) {
            s = state;
            if (s.dn > 0 || s.dead.count > 0) {
                s = merge(s);
                state = s;
            }
        }
        long[] ids = s.ids;
        if (ids == null) {
            ids = new long[s.n];
            for (int i = 0; i < s.n; i++) {
                ids[i] = s.idBase + i;
            }
        }
        IndexFile.write(file, engine, ids, s.words, s.mih);
    }

    /**
     * Reads an index written by {@link #save}; its engine is the one it was saved with.
     *
     * @throws IOException naming the file and the cause when it is missing, truncated, of another version or
     *     fails its checksum
     */
    public static HammingIndex load(Path file) throws IOException {
        IndexFile.Contents c = IndexFile.read(file);
        int n = c.ids().length;
        MultiIndex mih = c.mih();
        if (mih == null && Snapshot.wantsMultiIndex(c.engine(), n)) {
            mih = MultiIndex.build(c.words(), n, MultiIndex.widthsFor(n));
        }
        if (!Snapshot.wantsMultiIndex(c.engine(), n)) {
            mih = null;
        }
        return new HammingIndex(c.engine(), 1, Snapshot.of(c.ids(), c.words(), n, mih));
    }
}
