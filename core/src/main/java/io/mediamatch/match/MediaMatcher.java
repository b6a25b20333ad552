package io.mediamatch.match;

import io.mediamatch.FileDigests;
import io.mediamatch.MediaException;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.index.HammingIndex;
import io.mediamatch.pdq.DihedralHashes;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.Orientation;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.preprocess.Preprocess;
import io.mediamatch.store.Bank;
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

    private final SignalStore store;
    private final boolean ownsStore;
    private final MatchOptions options;
    private final ImageDecoder decoder = ImageDecoder.defaults();
    private final Object refreshLock = new Object();
    private final Runnable listener = this::refreshAfterWrite;
    private volatile boolean stale;
    private final PdqMatching pdq;
    private final ExactMatching exact;
    private final VideoMatching video;

    private MediaMatcher(SignalStore store, boolean ownsStore, MatchOptions options) throws IOException {
        this.store = store;
        this.ownsStore = ownsStore;
        this.options = Objects.requireNonNull(options, "options");
        // The PDQ indexes start from those saved beside the store; refresh() applies what changed since.
        this.pdq = new PdqMatching(store, options, decoder);
        this.exact = new ExactMatching(store);
        this.video = new VideoMatching(store, options.video());
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
        return pdq.indexedSignals();
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
            found.addAll(exact.match(SignalType.MD5, digests.md5(), hashes));
            found.addAll(exact.match(SignalType.SHA256, digests.sha256(), hashes));
        }
        // Per-type dispatch: each perceptual type hashes the media its own way and searches its own per-bank
        // indexes (PDQ here, vPDQ and TMK+PDQF in VideoMatching).
        BufferedImage image = null;
        PdqMatching.Hashes direct = null; // hashed without an image (no preprocessed views wanted)
        boolean isVideo = VideoFiles.hasVideoExtension(file);
        String imageFailure = null;
        boolean undecodable = false; // media whose perceptual hash failed; a file that is no media at all is not
        if (!isVideo) {
            try {
                if (options.preprocess().isEmpty()) {
                    direct = pdq.hashFile(file);
                } else {
                    image = decoder.decode(file);
                }
            } catch (MediaException e) {
                // Not an image format we know: it may be a video with an unexpected name.
                isVideo = e.kind() == MediaException.Kind.UNSUPPORTED_FORMAT;
                imageFailure = e.reason();
                if (!isVideo) {
                    notes.add("pdq skipped: " + e.reason());
                    undecodable = e.kind() != MediaException.Kind.EMPTY;
                }
            }
        }
        if (isVideo) {
            try {
                found.addAll(video.match(file, hashes, notes));
            } catch (MediaException e) {
                notes.add(imageFailure != null ? "pdq skipped: " + imageFailure + "; not a video either: "
                        + e.reason() : "vpdq skipped: " + e.reason());
                undecodable = e.kind() != MediaException.Kind.UNSUPPORTED_FORMAT && e.kind() != MediaException.Kind.EMPTY;
            }
        }
        if (direct != null) {
            found.addAll(pdq.match(direct.orientations(), direct.quality(), "", hashes, notes));
        }
        if ((direct != null || image != null) && options.video().animationFrames()) {
            try {
                found.addAll(video.matchAnimation(file, hashes, notes));
            } catch (MediaException e) {
                notes.add("vpdq of the animation's frames skipped: " + e.reason());
            }
        }
        if (image != null) {
            found.addAll(pdq.matchImage(image, "", hashes, notes));
            if (!options.preprocess().isEmpty()) {
                // Cleaned-up views can only add matches; a signal found by several views keeps its closest one.
                Map<Long, Match> bySignal = new LinkedHashMap<>();
                for (Match m : found) {
                    bySignal.put(m.signalId(), m);
                }
                for (Preprocess step : options.preprocess()) {
                    BufferedImage view = step.apply(image);
                    if (view != image) {
                        for (Match m : pdq.matchImage(view, step.id(), hashes, notes)) {
                            bySignal.merge(m.signalId(), m, (x, y) -> y.distance() < x.distance() ? y : x);
                        }
                    }
                }
                found = new ArrayList<>(bySignal.values());
            }
        }
        return result(media, hashes, found, notes, undecodable);
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
        List<Match> found = this.pdq.match(List.of(pdq.hash()), pdq.quality(), "", hashes, notes);
        return result("pdq:" + pdq.hash().toHex(), hashes, found, notes, false);
    }

    /** Matches the 8 dihedral hashes of one image (in {@link Orientation} order). */
    public MatchResult match(DihedralHashes dihedral) throws IOException {
        refreshIfStale();
        List<QueryHash> hashes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Match> found = pdq.match(dihedral.all(), dihedral.quality(), "", hashes, notes);
        return result("pdq:" + dihedral.get(Orientation.ORIGINAL).toHex(), hashes, found, notes, false);
    }

    /** Matches a vPDQ hash you already have (e.g. read with {@link VpdqHash#read}) against the vpdq signals. */
    public MatchResult match(VpdqHash vpdq) throws IOException {
        refreshIfStale();
        List<QueryHash> hashes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Match> found = video.match(vpdq, hashes, notes);
        return result("vpdq:" + hashes.get(0).value(), hashes, found, notes, false);
    }

    /** Matches a TMK+PDQF hash you already have (e.g. {@link TmkHash#read}) against the tmk_pdqf signals. */
    public MatchResult match(TmkHash tmk) throws IOException {
        refreshIfStale();
        List<QueryHash> hashes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Match> found = video.match(tmk, hashes, notes);
        return result("tmk_pdqf:" + hashes.get(0).value(), hashes, found, notes, false);
    }

    /** Matches an exact hash (md5 or sha256; value in hex). */
    public MatchResult matchExact(SignalType type, String value) throws IOException {
        if (type != SignalType.MD5 && type != SignalType.SHA256) {
            throw new IllegalArgumentException("exact matching is for md5 and sha256, not " + type);
        }
        String v = type.canonical(value);
        List<QueryHash> hashes = new ArrayList<>();
        List<Match> found = exact.match(type, v, hashes);
        return result(type + ":" + v, hashes, found, List.of(), false);
    }

    /**
     * {@link #match(PdqHash)} for many hashes at once, results in input order: each bank's index is searched
     * once for all of them ({@link HammingIndex#rangeBatch}), which at millions of signals takes about a third of
     * the time per hash of one call each. For re-checking a hash list (a partner's export, the hashes of past
     * uploads) against the banks. Plain hashes: no dihedral or preprocessed views, whatever the options say.
     */
    public List<MatchResult> matchPdq(List<PdqHash> pdqs) throws IOException {
        refreshIfStale();
        List<PdqMatching.Found> found = pdq.matchBatch(pdqs);
        List<MatchResult> out = new ArrayList<>(found.size());
        for (int j = 0; j < found.size(); j++) {
            PdqMatching.Found f = found.get(j);
            out.add(result("pdq:" + pdqs.get(j).hash().toHex(), f.hashes(), f.matches(), f.notes(), false));
        }
        return out;
    }

    /**
     * One result for one media known by several hashes matched apart (a PDQ and an MD5 of one upload): every
     * part's hashes, notes and matches, a signal found twice kept at its closest, a negative match suppressing all.
     */
    public static MatchResult combine(String media, List<MatchResult> parts) {
        List<QueryHash> hashes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<Long, Match> bySignal = new LinkedHashMap<>();
        boolean undecodable = false;
        for (MatchResult part : parts) {
            hashes.addAll(part.hashes());
            notes.addAll(part.notes());
            undecodable |= part.undecodable();
            for (List<Match> list : List.of(part.matches(), part.negative(), part.suppressed())) {
                for (Match m : list) {
                    bySignal.merge(m.signalId(), m, (x, y) -> y.distance() < x.distance() ? y : x);
                }
            }
        }
        return result(media, hashes, new ArrayList<>(bySignal.values()), notes, undecodable);
    }

    private static MatchResult result(String media, List<QueryHash> hashes, List<Match> found, List<String> notes,
            boolean undecodable) {
        List<Match> positive = new ArrayList<>();
        List<Match> negative = new ArrayList<>();
        for (Match m : found) {
            (m.negative() ? negative : positive).add(m);
        }
        positive.sort(ORDER);
        negative.sort(ORDER);
        if (negative.isEmpty()) {
            return new MatchResult(media, hashes, positive, List.of(), List.of(), notes, undecodable);
        }
        return new MatchResult(media, hashes, List.of(), negative, positive, notes, undecodable);
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
            Map<Long, Bank> banks = new HashMap<>();
            for (Bank b : store.banks()) {
                if (b.enabled()) {
                    banks.put(b.id(), b);
                }
            }
            pdq.refresh(banks);
            exact.refresh(banks);
            video.refresh(banks);
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
