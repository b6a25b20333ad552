package io.mediamatch.match;

import io.mediamatch.FileDigests;
import io.mediamatch.MediaException;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.index.HammingIndex;
import io.mediamatch.index.IndexMatch;
import io.mediamatch.pdq.DihedralHashes;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.Orientation;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import io.mediamatch.preprocess.Preprocess;
import io.mediamatch.store.Bank;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.video.VideoFiles;
import io.mediamatch.video.VpdqHash;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Matches media against every enabled bank of a {@link SignalStore}: PDQ through in-memory Hamming indexes (one
 * per bank, each bank at its own distance), videos by vPDQ and TMK+PDQF through per-bank video indexes
 * ({@link VideoMatchOptions}), MD5 and SHA-256 of the file bytes through the store. A match in a negative bank
 * suppresses the media's other matches. The indexes follow every change made through the store
 * object ({@link #store()}); call {@link #refresh()} to pick up changes made by other processes.
 * Thread-safe: any number of threads may match while the store is written.
 */
public final class MediaMatcher implements AutoCloseable {
    private static final Comparator<Match> ORDER = Comparator.comparingInt(Match::distance)
            .thenComparing(Match::bank).thenComparingLong(Match::signalId);
    /** Changed rows above which a refresh rebuilds the indexes instead of updating them one by one. */
    private static final long BULK_RELOAD = 20_000;

    private final SignalStore store;
    private final boolean ownsStore;
    private final MatchOptions options;
    private final ImageDecoder decoder = ImageDecoder.defaults();
    private final ThreadLocal<PdqHasher> hashers = ThreadLocal.withInitial(PdqHasher::new);
    private final Object refreshLock = new Object();
    private final Runnable listener = this::refreshAfterWrite;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());
    private volatile boolean stale;
    private long lastSeq = -1;
    private final IndexCache cache;
    private final VideoMatching video;

    /** Enabled banks and their PDQ indexes; replaced as a whole, never modified after publication. */
    private record Snapshot(Map<Long, Bank> banks, Map<Long, HammingIndex> pdq) {
        Bank byName(String name) {
            for (Bank b : banks.values()) {
                if (b.name().equals(name)) {
                    return b;
                }
            }
            return null;
        }
    }

    private MediaMatcher(SignalStore store, boolean ownsStore, MatchOptions options) throws IOException {
        this.store = store;
        this.ownsStore = ownsStore;
        this.options = Objects.requireNonNull(options, "options");
        this.cache = new IndexCache(store.path());
        this.video = new VideoMatching(store, options.video());
        IndexCache.Loaded cached = cache.load(store.storeId());
        if (cached != null) {
            // Start from the saved indexes; refresh() then applies what changed since they were saved.
            Map<Long, Bank> banks = new HashMap<>();
            for (Bank b : store.banks()) {
                banks.put(b.id(), b);
            }
            snapshot = new Snapshot(Map.copyOf(banks), Map.copyOf(cached.indexes()));
            lastSeq = cached.seq();
        }
        refresh();
        store.addChangeListener(listener);
    }

    /** Opens the store in {@code db} (created if missing) with default options; closing the matcher closes it. */
    public static MediaMatcher open(Path db) throws IOException {
        return open(db, MatchOptions.defaults());
    }

    /** Opens the store in {@code db} (created if missing); closing the matcher closes it. */
    public static MediaMatcher open(Path db, MatchOptions options) throws IOException {
        SignalStore s = SignalStore.open(db);
        try {
            return new MediaMatcher(s, true, options);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A matcher over a store the caller keeps open (and closes after the matcher). */
    public static MediaMatcher over(SignalStore store, MatchOptions options) throws IOException {
        return new MediaMatcher(store, false, options);
    }

    /** The store; changes made through it are matched as soon as its method returns. */
    public SignalStore store() {
        return store;
    }

    /** This matcher's options. */
    public MatchOptions options() {
        return options;
    }

    /** How many vpdq and tmk_pdqf signals the video indexes hold (enabled banks, live signals). */
    public long indexedVideoSignals() {
        return video.indexedSignals();
    }

    /** How many PDQ signals the in-memory indexes hold (enabled banks, live signals). */
    public long indexedSignals() {
        return snapshot.pdq().values().stream().mapToLong(HammingIndex::size).sum();
    }

    // ---------------------------------------------------------------- matching

    /**
     * Hashes a file and matches it: PDQ (and its dihedral variants if enabled) when it decodes as an image; vPDQ
     * (and TMK+PDQF, see {@link VideoMatchOptions#tmk()}) when it is a video (a {@link VideoFiles} extension, or
     * a file the image decoder does not recognise and FFmpeg decodes); MD5 and SHA-256 of its bytes (streamed)
     * when enabled. A file that is neither still gets its exact hashes matched; the result notes why the
     * perceptual hashes were skipped.
     *
     * @throws IOException if the file cannot be read or the store fails
     */
    public MatchResult match(Path file) throws IOException {
        refreshIfStale();
        String media = file.toString();
        List<QueryHash> hashes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Match> found = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            throw new MediaException(file.toString(), MediaException.Kind.IO, "not a regular file");
        }
        if (options.exactHashes()) {
            FileDigests digests = digests(file);
            found.addAll(exact(SignalType.MD5, digests.md5(), hashes));
            found.addAll(exact(SignalType.SHA256, digests.sha256(), hashes));
        }
        // Per-type dispatch: each perceptual type hashes the media its own way and searches its own per-bank
        // indexes (PDQ here, vPDQ and TMK+PDQF in VideoMatching).
        BufferedImage image = null;
        PdqHashes direct = null; // hashed without an image (no preprocessed views wanted)
        boolean isVideo = VideoFiles.hasVideoExtension(file);
        String imageFailure = null;
        if (!isVideo) {
            try {
                if (options.preprocess().isEmpty()) {
                    direct = pdqOfFile(file);
                } else {
                    image = decoder.decode(file);
                }
            } catch (MediaException e) {
                // Not an image format we know: it may be a video with an unexpected name.
                isVideo = e.kind() == MediaException.Kind.UNSUPPORTED_FORMAT;
                imageFailure = e.reason();
                if (!isVideo) {
                    notes.add("pdq skipped: " + e.reason());
                }
            }
        }
        if (isVideo) {
            try {
                found.addAll(video.match(file, hashes, notes));
            } catch (MediaException e) {
                notes.add(imageFailure != null ? "pdq skipped: " + imageFailure + "; not a video either: "
                        + e.reason() : "vpdq skipped: " + e.reason());
            }
        }
        if (direct != null) {
            found.addAll(pdq(direct.orientations(), direct.quality(), "", hashes, notes));
        }
        if (image != null) {
            found.addAll(pdqOfImage(image, "", hashes, notes));
            if (!options.preprocess().isEmpty()) {
                // Cleaned-up views can only add matches; a signal found by several views keeps its closest one.
                Map<Long, Match> bySignal = new LinkedHashMap<>();
                for (Match m : found) {
                    bySignal.put(m.signalId(), m);
                }
                for (Preprocess step : options.preprocess()) {
                    BufferedImage view = step.apply(image);
                    if (view != image) {
                        for (Match m : pdqOfImage(view, step.id(), hashes, notes)) {
                            bySignal.merge(m.signalId(), m, (x, y) -> y.distance() < x.distance() ? y : x);
                        }
                    }
                }
                found = new ArrayList<>(bySignal.values());
            }
        }
        return result(media, hashes, found, notes);
    }

    /** Matches a PDQ hash taken as good quality (plain, not dihedral). */
    public MatchResult match(Hash256 pdq) throws IOException {
        return match(new PdqHash(pdq, 100));
    }

    /** Matches a PDQ hash; one below the quality floor is not looked up (the result notes it). */
    public MatchResult match(PdqHash pdq) throws IOException {
        refreshIfStale();
        List<QueryHash> hashes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Match> found = pdq(List.of(pdq.hash()), pdq.quality(), hashes, notes);
        return result("pdq:" + pdq.hash().toHex(), hashes, found, notes);
    }

    /** Matches the 8 dihedral hashes of one image (in {@link Orientation} order). */
    public MatchResult match(DihedralHashes dihedral) throws IOException {
        refreshIfStale();
        List<QueryHash> hashes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Match> found = pdq(dihedral.all(), dihedral.quality(), hashes, notes);
        return result("pdq:" + dihedral.get(Orientation.ORIGINAL).toHex(), hashes, found, notes);
    }

    /** Matches a vPDQ hash you already have (e.g. read with {@link VpdqHash#read}) against the vpdq signals. */
    public MatchResult match(VpdqHash vpdq) throws IOException {
        refreshIfStale();
        List<QueryHash> hashes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Match> found = video.match(vpdq, hashes, notes);
        return result("vpdq:" + hashes.get(0).value(), hashes, found, notes);
    }

    /** Matches a TMK+PDQF hash you already have (e.g. {@link TmkHash#read}) against the tmk_pdqf signals. */
    public MatchResult match(TmkHash tmk) throws IOException {
        refreshIfStale();
        List<QueryHash> hashes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Match> found = video.match(tmk, hashes, notes);
        return result("tmk_pdqf:" + hashes.get(0).value(), hashes, found, notes);
    }

    /** Matches an exact hash (md5 or sha256; value in hex). */
    public MatchResult matchExact(SignalType type, String value) throws IOException {
        if (type != SignalType.MD5 && type != SignalType.SHA256) {
            throw new IllegalArgumentException("exact matching is for md5 and sha256, not " + type);
        }
        String v = type.canonical(value);
        List<QueryHash> hashes = new ArrayList<>();
        List<Match> found = exact(type, v, hashes);
        return result(type + ":" + v, hashes, found, List.of());
    }

    /** The PDQ hash of a file, or its 8 orientations when dihedral matching is on. */
    private record PdqHashes(List<Hash256> orientations, int quality) {}

    private PdqHashes pdqOfFile(Path file) throws MediaException {
        PdqHasher hasher = hashers.get();
        if (options.dihedral()) {
            DihedralHashes d = hasher.hashDihedral(file, decoder);
            return new PdqHashes(d.all(), d.quality());
        }
        PdqHash h = hasher.hash(file, decoder);
        return new PdqHashes(List.of(h.hash()), h.quality());
    }

    /** PDQ (dihedral if enabled) of one image or preprocessed view ({@code view} empty for the image as it is). */
    private List<Match> pdqOfImage(BufferedImage image, String view, List<QueryHash> hashes, List<String> notes)
            throws IOException {
        PdqHasher hasher = hashers.get();
        if (options.dihedral()) {
            DihedralHashes d = hasher.hashDihedral(image);
            return pdq(d.all(), d.quality(), view, hashes, notes);
        }
        PdqHash h = hasher.hash(image);
        return pdq(List.of(h.hash()), h.quality(), view, hashes, notes);
    }

    private List<Match> pdq(List<Hash256> orientations, int quality, List<QueryHash> hashes, List<String> notes)
            throws IOException {
        return pdq(orientations, quality, "", hashes, notes);
    }

    private List<Match> pdq(List<Hash256> orientations, int quality, String view, List<QueryHash> hashes,
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

    /**
     * {@link #match(PdqHash)} for many hashes at once, results in input order: each bank's index is searched
     * once for all of them ({@link HammingIndex#rangeBatch}), which at millions of signals takes about a third of
     * the time per hash of one call each. For re-checking a hash list (a partner's export, the hashes of past
     * uploads) against the banks. Plain hashes: no dihedral or preprocessed views, whatever the options say.
     */
    public List<MatchResult> matchPdq(List<PdqHash> pdqs) throws IOException {
        refreshIfStale();
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
        List<MatchResult> out = new ArrayList<>(pdqs.size());
        int j = 0; // index in used of the next hash good enough to be matched
        for (PdqHash pdq : pdqs) {
            List<QueryHash> hashes = new ArrayList<>(1);
            List<String> notes = new ArrayList<>(0);
            List<Match> found = usable(pdq.hash(), pdq.quality(), "", hashes, notes)
                    ? toMatches(best.get(j++), bankOf, rows, List.of(pdq.hash())) : List.of();
            out.add(result("pdq:" + pdq.hash().toHex(), hashes, found, notes));
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

    private List<Match> exact(SignalType type, String value, List<QueryHash> hashes) throws IOException {
        hashes.add(new QueryHash(type, value, -1, true));
        Snapshot s = snapshot;
        List<Match> out = new ArrayList<>();
        for (Signal sig : store.find(type, value)) {
            Bank bank = s.byName(sig.bank());
            if (bank == null || !sig.status().matchable()) {
                continue;
            }
            out.add(new Match(bank.name(), bank.negative(), sig.id(), type, sig.value(), 0, 0,
                    Orientation.ORIGINAL, value, sig.labels(), sig.source(), sig.externalId(), sig.status()));
        }
        return out;
    }

    private static MatchResult result(String media, List<QueryHash> hashes, List<Match> found, List<String> notes) {
        List<Match> positive = new ArrayList<>();
        List<Match> negative = new ArrayList<>();
        for (Match m : found) {
            (m.negative() ? negative : positive).add(m);
        }
        positive.sort(ORDER);
        negative.sort(ORDER);
        if (negative.isEmpty()) {
            return new MatchResult(media, hashes, positive, List.of(), List.of(), notes);
        }
        return new MatchResult(media, hashes, List.of(), negative, positive, notes);
    }

    /** MD5 and SHA-256 of a file's bytes ({@link FileDigests}), failures as a {@link MediaException}. */
    static FileDigests digests(Path file) throws IOException {
        try {
            return FileDigests.of(file);
        } catch (IOException e) {
            throw new MediaException(file, MediaException.Kind.IO, "cannot read: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- keeping the indexes in step

    private void refreshAfterWrite() {
        try {
            refresh();
        } catch (IOException | UncheckedIOException e) {
            stale = true; // the next match retries
        }
    }

    private void refreshIfStale() throws IOException {
        if (stale) {
            refresh();
        }
    }

    /**
     * Brings the indexes up to date with the store: new or changed banks, signals added, changed or deleted since
     * the last refresh. Bulk-loads banks that were not loaded. Matches keep running meanwhile.
     */
    public void refresh() throws IOException {
        synchronized (refreshLock) {
            stale = false;
            Snapshot old = snapshot;
            Map<Long, Bank> banks = new HashMap<>();
            for (Bank b : store.banks()) {
                if (b.enabled()) {
                    banks.put(b.id(), b);
                }
            }
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
                // Incremental: apply the rows changed since the last refresh to the loaded indexes.
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
            video.refresh(banks);
        }
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

    /** Stops following the store; closes it if this matcher opened it. */
    @Override
    public void close() {
        store.removeChangeListener(listener);
        if (ownsStore) {
            store.close();
        }
    }
}
