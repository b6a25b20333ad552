package io.mediamatch.match;

import io.mediamatch.MediaException;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.index.HammingIndex;
import io.mediamatch.index.IndexMatch;
import io.mediamatch.pdq.DihedralHashes;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.Orientation;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import io.mediamatch.store.Bank;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PDQ half of a {@link MediaMatcher}: hashes images (plain or dihedral) and searches one {@link HammingIndex}
 * per enabled bank, each at its bank's distance; the indexes follow the store's change feed incrementally and
 * start from the saved {@link IndexCache}. Matching is thread-safe; {@link #refresh} runs under the matcher's lock.
 */
final class PdqMatching {
    /** Changed rows above which a refresh rebuilds the indexes instead of updating them one by one. */
    private static final long BULK_RELOAD = 20_000;

    private final SignalStore store;
    private final MatchOptions options;
    private final ImageDecoder decoder;
    private final ThreadLocal<PdqHasher> hashers = ThreadLocal.withInitial(PdqHasher::new);
    private final IndexCache cache;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());
    private long lastSeq = -1;

    /** Enabled banks and their PDQ indexes; replaced as a whole, never modified after publication. */
    private record Snapshot(Map<Long, Bank> banks, Map<Long, HammingIndex> pdq) {}

    /** The PDQ hash of a file, or its 8 orientations when dihedral matching is on. */
    record Hashes(List<Hash256> orientations, int quality) {}

    /** Starts from the indexes saved beside the store, if any are current; {@link #refresh} brings them up to date. */
    PdqMatching(SignalStore store, MatchOptions options, ImageDecoder decoder) throws IOException {
        this.store = store;
        this.options = options;
        this.decoder = decoder;
        this.cache = new IndexCache(store.path());
        IndexCache.Loaded cached = cache.load(store.storeId());
        if (cached != null) {
            Map<Long, Bank> banks = new HashMap<>();
            for (Bank b : store.banks()) {
                banks.put(b.id(), b);
            }
            snapshot = new Snapshot(Map.copyOf(banks), Map.copyOf(cached.indexes()));
            lastSeq = cached.seq();
        }
    }

    /** Live PDQ signals held in memory (enabled banks). */
    long indexedSignals() {
        return snapshot.pdq().values().stream().mapToLong(HammingIndex::size).sum();
    }

    /** Hashes a file without keeping its image: one hash, or eight when dihedral matching is on. */
    Hashes hashFile(Path file) throws MediaException {
        PdqHasher hasher = hashers.get();
        if (options.dihedral()) {
            DihedralHashes d = hasher.hashDihedral(file, decoder);
            return new Hashes(d.all(), d.quality());
        }
        PdqHash h = hasher.hash(file, decoder);
        return new Hashes(List.of(h.hash()), h.quality());
    }

    /** Hashes and matches one image or preprocessed view ({@code view} empty for the image as it is). */
    List<Match> matchImage(BufferedImage image, String view, List<QueryHash> hashes, List<String> notes)
            throws IOException {
        PdqHasher hasher = hashers.get();
        if (options.dihedral()) {
            DihedralHashes d = hasher.hashDihedral(image);
            return match(d.all(), d.quality(), view, hashes, notes);
        }
        PdqHash h = hasher.hash(image);
        return match(List.of(h.hash()), h.quality(), view, hashes, notes);
    }

    /**
     * Matches one hash (a single orientation) or its eight orientations against every enabled bank, recording the
     * query hash; below the quality floor nothing is searched and a note says so.
     */
    List<Match> match(List<Hash256> orientations, int quality, String view, List<QueryHash> hashes,
            List<String> notes) throws IOException {
        Hash256 original = orientations.get(0);
        if (!usable(original, quality, view, hashes, notes)) {
            return List.of();
        }
        Snapshot s = snapshot;
        Map<Long, IndexMatch> best = new LinkedHashMap<>();
        Map<Long, Bank> bankOf = new HashMap<>();
        for (Map.Entry<Long, HammingIndex> e : s.pdq().entrySet()) {
            Bank bank = s.banks().get(e.getKey());
            int d = bank.matchDistance().orElse(options.distance());
            List<IndexMatch> hits = orientations.size() == 1 ? e.getValue().range(original, d)
                    : e.getValue().rangeDihedral(orientations, d);
            for (IndexMatch m : hits) {
                best.put(m.id(), m);
                bankOf.put(m.id(), bank);
            }
        }
        if (best.isEmpty()) {
            return List.of();
        }
        return toMatches(best, bankOf, rows(best.keySet()), orientations);
    }

    /** The query hash, notes and matches of one of many plain hashes, in input order. */
    record Found(List<QueryHash> hashes, List<String> notes, List<Match> matches) {}

    /** Plain hashes matched in one batch search per bank ({@link HammingIndex#rangeBatch}), results in input order. */
    List<Found> matchBatch(List<PdqHash> pdqs) throws IOException {
        List<Hash256> used = new ArrayList<>();
        for (PdqHash pdq : pdqs) {
            if (pdq.quality() >= options.minQuality()) {
                used.add(pdq.hash());
            }
        }
        Snapshot s = snapshot;
        List<Map<Long, IndexMatch>> best = new ArrayList<>(used.size());
        for (int j = 0; j < used.size(); j++) {
            best.add(new LinkedHashMap<>());
        }
        Map<Long, Bank> bankOf = new HashMap<>();
        for (Map.Entry<Long, HammingIndex> e : s.pdq().entrySet()) {
            Bank bank = s.banks().get(e.getKey());
            int d = bank.matchDistance().orElse(options.distance());
            List<List<IndexMatch>> hits = e.getValue().rangeBatch(used, d);
            for (int j = 0; j < hits.size(); j++) {
                for (IndexMatch m : hits.get(j)) {
                    best.get(j).put(m.id(), m);
                    bankOf.put(m.id(), bank);
                }
            }
        }
        Map<Long, Signal> rows = rows(bankOf.keySet());
        List<Found> out = new ArrayList<>(pdqs.size());
        int j = 0; // index in used of the next hash good enough to be matched
        for (PdqHash pdq : pdqs) {
            List<QueryHash> hashes = new ArrayList<>(1);
            List<String> notes = new ArrayList<>(0);
            List<Match> found = usable(pdq.hash(), pdq.quality(), "", hashes, notes)
                    ? toMatches(best.get(j++), bankOf, rows, List.of(pdq.hash())) : List.of();
            out.add(new Found(hashes, notes, found));
        }
        return out;
    }

    /**
     * Records a PDQ query hash (of {@code view}, empty for the image as it is) and whether it is matched: not when
     * its quality is below the floor, which a note then says.
     */
    private boolean usable(Hash256 original, int quality, String view, List<QueryHash> hashes, List<String> notes) {
        boolean used = quality >= options.minQuality();
        hashes.add(new QueryHash(SignalType.PDQ, original.toHex(), quality, used, view));
        if (!used) {
            notes.add("pdq" + (view.isEmpty() ? "" : " of view " + view) + " quality " + quality + " is below "
                    + options.minQuality() + ": not matched");
        }
        return used;
    }

    /** The stored rows of these signals, by id. */
    private Map<Long, Signal> rows(Collection<Long> ids) throws IOException {
        Map<Long, Signal> rows = new HashMap<>();
        for (Signal sig : store.get(ids)) {
            rows.put(sig.id(), sig);
        }
        return rows;
    }

    /** The matches of one query's index hits: the stored rows decide, as the index may trail another process. */
    private List<Match> toMatches(Map<Long, IndexMatch> best, Map<Long, Bank> bankOf, Map<Long, Signal> rows,
            List<Hash256> orientations) {
        List<Match> out = new ArrayList<>(best.size());
        for (IndexMatch m : best.values()) {
            Signal sig = rows.get(m.id());
            Bank bank = bankOf.get(m.id());
            if (sig == null || !sig.status().matchable() || !sig.bank().equals(bank.name())) {
                continue;
            }
            Orientation o = Orientation.values()[m.orientation()];
            out.add(new Match(bank.name(), bank.negative(), sig.id(), sig.type(), sig.value(), m.distance(),
                    bank.matchDistance().orElse(options.distance()), o, orientations.get(m.orientation()).toHex(),
                    sig.labels(), sig.source(), sig.externalId(), sig.status()));
        }
        return out;
    }

    // ---------------------------------------------------------------- keeping the indexes in step

    /**
     * Brings the indexes up to the store for these enabled banks: the PDQ rows changed since the last refresh are
     * applied one by one, banks not loaded yet (or everything, after a big import) are bulk-loaded.
     */
    void refresh(Map<Long, Bank> banks) throws IOException {
        Snapshot old = snapshot;
        Map<Long, HammingIndex> pdq = new HashMap<>();
        List<Long> toLoad = new ArrayList<>();
        // Many changes (a big import): one bulk load beats that many single updates.
        boolean reload = lastSeq < 0 || store.countChangedSince(SignalType.PDQ, lastSeq) > BULK_RELOAD;
        for (Long id : banks.keySet()) {
            HammingIndex idx = old.pdq().get(id);
            if (idx != null && !reload) {
                pdq.put(id, idx);
            } else {
                toLoad.add(id);
            }
        }
        long seq = reload ? -1 : lastSeq;
        if (!reload && !pdq.isEmpty()) {
            seq = store.scan(SignalType.PDQ, lastSeq, (id, bankId, value, status) -> {
                HammingIndex idx = pdq.get(bankId);
                if (idx == null) {
                    return;
                }
                if (status.matchable()) {
                    idx.add(id, hash(value));
                } else {
                    idx.remove(id);
                }
            });
        }
        if (!toLoad.isEmpty()) {
            long loadedSeq = bulkLoad(toLoad, pdq);
            if (seq < 0) {
                seq = loadedSeq;
                long n = pdq.values().stream().mapToLong(HammingIndex::size).sum();
                if (n >= IndexCache.minSignals()) {
                    cache.save(store.storeId(), loadedSeq, pdq);
                }
            }
        }
        lastSeq = seq;
        snapshot = new Snapshot(Map.copyOf(banks), Map.copyOf(pdq));
    }

    /** Loads the live PDQ signals of the given banks in one scan; returns the scan's sequence number. */
    private long bulkLoad(List<Long> bankIds, Map<Long, HammingIndex> into) throws IOException {
        Map<Long, Growable> rows = new HashMap<>();
        for (Long id : bankIds) {
            rows.put(id, new Growable());
        }
        long seq = store.scan(SignalType.PDQ, -1, (id, bankId, value, status) -> {
            Growable g = rows.get(bankId);
            if (g != null && status.matchable()) {
                g.add(id, value);
            }
        });
        for (Map.Entry<Long, Growable> e : rows.entrySet()) {
            Growable g = e.getValue();
            into.put(e.getKey(), HammingIndex.of(Arrays.copyOf(g.ids, g.n), Arrays.copyOf(g.words, 4 * g.n),
                    HammingIndex.Engine.AUTO));
        }
        return seq;
    }

    private static Hash256 hash(byte[] v) {
        return Hash256.of(word(v, 0), word(v, 8), word(v, 16), word(v, 24));
    }

    private static long word(byte[] v, int off) {
        long w = 0;
        for (int i = 0; i < 8; i++) {
            w = (w << 8) | (v[off + i] & 0xFF);
        }
        return w;
    }

    /** Growing id and word arrays for a bulk load (no boxing). */
    private static final class Growable {
        long[] ids = new long[1024];
        long[] words = new long[4096];
        int n;

        void add(long id, byte[] v) {
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
                words = Arrays.copyOf(words, n * 8);
            }
            ids[n] = id;
            int o = 4 * n;
            words[o] = word(v, 0);
            words[o + 1] = word(v, 8);
            words[o + 2] = word(v, 16);
            words[o + 3] = word(v, 24);
            n++;
        }
    }
}
