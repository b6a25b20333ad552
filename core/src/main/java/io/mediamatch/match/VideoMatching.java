package io.mediamatch.match;

import io.mediamatch.MediaException;
import io.mediamatch.pdq.Orientation;
import io.mediamatch.store.Bank;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import io.mediamatch.tmk.TmkIndex;
import io.mediamatch.tmk.TmkFormatException;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.tmk.TmkHasher;
import io.mediamatch.tmk.TmkMatch;
import io.mediamatch.video.VpdqIndex;
import io.mediamatch.video.VpdqFeature;
import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqHasher;
import io.mediamatch.video.VpdqMatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The video half of a {@link MediaMatcher}: one {@link VpdqIndex} and one {@link TmkIndex} (memory-light: level 2 loads
 * the candidates' hashes from the store) per enabled bank holding such signals, rebuilt from the store when its
 * vpdq or tmk_pdqf rows or the enabled banks change. Indexes are immutable once published, so matching runs
 * concurrently with refreshes. {@link #refresh} must be called under the matcher's refresh lock.
 */
final class VideoMatching {
    private final SignalStore store;
    private final VideoMatchOptions options;
    private final VpdqHasher vpdqHasher;
    /** Hashes uploads with their shared black bars cut off; null unless {@link VideoMatchOptions#trimBlackBars}. */
    private final VpdqHasher trimmedHasher;
    private final ThreadLocal<TmkHasher> tmkHashers = ThreadLocal.withInitial(TmkHasher::new);
    private volatile State state = new State(Map.of(), Map.of(), Map.of(), 0, 0);
    private long vpdqSeq = -1;
    private long tmkSeq = -1;

    /** Enabled banks and their video indexes; never modified after publication. */
    private record State(Map<Long, Bank> banks, Map<Long, VpdqIndex> vpdq, Map<Long, TmkIndex> tmk, long vpdqCount,
                         long tmkCount) {}

    VideoMatching(SignalStore store, VideoMatchOptions options) {
        this.store = store;
        this.options = options;
        this.vpdqHasher = VpdqHasher.builder().secondsPerHash(options.secondsPerHash()).build();
        this.trimmedHasher = options.trimBlackBars()
                ? VpdqHasher.builder().secondsPerHash(options.secondsPerHash()).trimBlackBars(true).build()
                : null;
    }

    /** Live vpdq and tmk_pdqf signals held in memory (enabled banks). */
    long indexedSignals() {
        State s = state;
        return s.vpdqCount() + s.tmkCount();
    }

    /** Rebuilds what changed since the last call: the vPDQ or TMK indexes, or both when the enabled banks changed. */
    void refresh(Map<Long, Bank> enabled) throws IOException {
        State old = state;
        boolean banksChanged = !old.banks().equals(enabled);
        Map<Long, VpdqIndex> vpdq = old.vpdq();
        long vpdqCount = old.vpdqCount();
        // Sequence first, then the check: a row written in between is caught by the next refresh.
        long seqBefore = vpdqSeq < 0 || tmkSeq < 0 ? store.changeSequence() : -1;
        if (vpdqSeq < 0 && !store.hasSignals(SignalType.VPDQ)) {
            // None stored (the common case for image-only stores): skip the full-table scan.
            vpdqSeq = seqBefore;
            vpdq = Map.of();
            vpdqCount = 0;
        } else if (banksChanged || store.countChangedSince(SignalType.VPDQ, vpdqSeq) > 0) {
            Map<Long, VpdqIndex.Builder> builders = new HashMap<>();
            long[] n = new long[1];
            vpdqSeq = store.scan(SignalType.VPDQ, -1, (id, bankId, value, status) -> {
                if (!status.matchable() || !enabled.containsKey(bankId)) {
                    return;
                }
                VpdqHash h;
                try {
                    h = VpdqHash.parse(new String(value, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return; // values are validated on import; an unreadable row cannot match
                }
                builders.computeIfAbsent(bankId, b -> VpdqIndex.builder(options.vpdq())).add(id, h);
                n[0]++;
            });
            Map<Long, VpdqIndex> built = new HashMap<>();
            builders.forEach((bankId, b) -> built.put(bankId, b.build()));
            vpdq = Map.copyOf(built);
            vpdqCount = n[0];
        }
        Map<Long, TmkIndex> tmk = old.tmk();
        long tmkCount = old.tmkCount();
        if (tmkSeq < 0 && !store.hasSignals(SignalType.TMK_PDQF)) {
            tmkSeq = seqBefore;
            tmk = Map.of();
            tmkCount = 0;
        } else if (banksChanged || store.countChangedSince(SignalType.TMK_PDQF, tmkSeq) > 0) {
            Map<Long, TmkIndex> built = new HashMap<>();
            long[] n = new long[1];
            tmkSeq = store.scan(SignalType.TMK_PDQF, -1, (id, bankId, value, status) -> {
                if (!status.matchable() || !enabled.containsKey(bankId)) {
                    return;
                }
                try {
                    TmkHash h = TmkHash.parse(value, "signal " + id);
                    built.computeIfAbsent(bankId, b -> new TmkIndex(this::loadTmk)).add(id, h);
                    n[0]++;
                } catch (TmkFormatException | IllegalArgumentException e) {
                    // validated on import; a hash made with other TMK parameters cannot be compared
                }
            });
            tmk = Map.copyOf(built);
            tmkCount = n[0];
        }
        state = new State(Map.copyOf(enabled), vpdq, tmk, vpdqCount, tmkCount);
    }

    private TmkHash loadTmk(long id) throws IOException {
        Signal s = store.get(id).orElseThrow(() -> new IOException("signal " + id + " is gone"));
        return TmkHash.parse(Base64.getDecoder().decode(s.value()), "signal " + id);
    }

    /**
     * Hashes a video (vPDQ always; TMK+PDQF as {@link VideoMatchOptions#tmk()} says) and matches it against the
     * banks. Adds the computed hashes to {@code hashes} and what was skipped to {@code notes}.
     *
     * @throws MediaException when the file cannot be decoded as a video for vPDQ (nothing is added then); a
     *     TMK+PDQF failure after that is a note
     * @throws IOException    when the store fails
     */
    List<Match> match(Path file, List<QueryHash> hashes, List<String> notes) throws IOException {
        State s = state;
        VpdqHash query = vpdqHasher.hash(file);
        List<Match> out = new ArrayList<>(matchVpdq(s, query, hashes, notes));
        if (trimmedHasher != null) {
            VpdqHash trimmed = trimmedHasher.hash(file);
            if (!trimmed.frames().equals(query.frames())) {
                // The bar-free view: signals it finds that the frames as they are did not are added.
                java.util.Set<Long> found = new java.util.HashSet<>();
                out.forEach(m -> found.add(m.signalId()));
                for (Match m : matchVpdq(s, trimmed, hashes, notes)) {
                    if (found.add(m.signalId())) {
                        out.add(m);
                    }
                }
            }
        }
        boolean tmkWanted = switch (options.tmk()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> s.tmkCount() > 0;
        };
        if (tmkWanted) {
            TmkHash t;
            try {
                t = tmkHashers.get().hash(file);
            } catch (MediaException e) {
                // e.g. longer than TMK's 4-hour limit: the vPDQ matches stand
                notes.add("tmk_pdqf skipped: " + e.reason());
                return out;
            }
            out.addAll(matchTmk(s, t, hashes, notes));
        }
        return out;
    }

    /**
     * Hashes every frame of an animated image as vPDQ and matches it; nothing (and no note) for a still image.
     *
     * @throws MediaException when the animation is damaged or above a limit
     * @throws IOException    when the store fails
     */
    List<Match> matchAnimation(Path file, List<QueryHash> hashes, List<String> notes) throws IOException {
        VpdqHash query = vpdqHasher.hashFrames(file);
        return query == null ? List.of() : matchVpdq(state, query, hashes, notes); // a still: its PDQ hash is all
    }

    /** Matches a vPDQ hash computed elsewhere. */
    List<Match> match(VpdqHash query, List<QueryHash> hashes, List<String> notes) throws IOException {
        return matchVpdq(state, query, hashes, notes);
    }

    /** Matches a TMK+PDQF hash computed elsewhere. */
    List<Match> match(TmkHash query, List<QueryHash> hashes, List<String> notes) throws IOException {
        return matchTmk(state, query, hashes, notes);
    }

    private List<Match> matchVpdq(State s, VpdqHash query, List<QueryHash> hashes, List<String> notes)
            throws IOException {
        List<Match> out = new ArrayList<>();
        int usable = 0;
        for (VpdqFeature f : query.frames()) {
            usable += f.quality() >= options.vpdq().qualityThreshold() ? 1 : 0;
        }
        String summary = vpdqSummary(query);
        hashes.add(new QueryHash(SignalType.VPDQ, summary, -1, usable > 0));
        if (usable == 0) {
            notes.add("vpdq: no frame of quality >= " + options.vpdq().qualityThreshold() + ": not matched");
        } else {
            Map<Long, VpdqMatch> scores = new LinkedHashMap<>();
            Map<Long, Bank> bankOf = new HashMap<>();
            for (Map.Entry<Long, VpdqIndex> e : s.vpdq().entrySet()) {
                for (VpdqIndex.Result r : e.getValue().search(query)) {
                    scores.put(r.videoId(), r.match());
                    bankOf.put(r.videoId(), s.banks().get(e.getKey()));
                }
            }
            for (Signal sig : live(scores.keySet(), bankOf)) {
                Bank bank = bankOf.get(sig.id());
                out.add(new Match(bank.name(), bank.negative(), sig.id(), SignalType.VPDQ,
                        vpdqSummary(VpdqHash.parse(sig.value())), 0, options.vpdq().maxDistance(),
                        Orientation.ORIGINAL, summary, sig.labels(), sig.source(), sig.externalId(), sig.status(),
                        scores.get(sig.id()), null));
            }
        }
        return out;
    }

    private List<Match> matchTmk(State s, TmkHash t, List<QueryHash> hashes, List<String> notes)
            throws IOException {
        List<Match> out = new ArrayList<>();
        String tmkSummary = t.frameCount() + " frames at " + t.framesPerSecond() + " fps";
        hashes.add(new QueryHash(SignalType.TMK_PDQF, tmkSummary, -1, true));
        Map<Long, TmkMatch> scores = new LinkedHashMap<>();
        Map<Long, Bank> bankOf = new HashMap<>();
        try {
            for (Map.Entry<Long, TmkIndex> e : s.tmk().entrySet()) {
                List<TmkMatch> found;
                try {
                    found = e.getValue().search(t, options.tmkLevel1(), options.tmkLevel2());
                } catch (IllegalArgumentException incompatible) {
                    notes.add("tmk_pdqf: " + incompatible.getMessage());
                    continue;
                }
                for (TmkMatch m : found) {
                    scores.put(m.id(), m);
                    bankOf.put(m.id(), s.banks().get(e.getKey()));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Signal sig : live(scores.keySet(), bankOf)) {
            Bank bank = bankOf.get(sig.id());
            TmkHash banked = loadTmkSummary(sig);
            out.add(new Match(bank.name(), bank.negative(), sig.id(), SignalType.TMK_PDQF,
                    banked == null ? "" : banked.frameCount() + " frames at " + banked.framesPerSecond()
                            + " fps", 0, 0, Orientation.ORIGINAL, tmkSummary, sig.labels(), sig.source(),
                    sig.externalId(), sig.status(), null, scores.get(sig.id())));
        }
        return out;
    }

    /** The stored rows of the matched ids that are still live and in the bank they were indexed for. */
    private List<Signal> live(java.util.Set<Long> ids, Map<Long, Bank> bankOf) throws IOException {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Signal> out = new ArrayList<>();
        for (Signal sig : store.get(ids)) {
            Bank bank = bankOf.get(sig.id());
            if (sig.status().matchable() && sig.bank().equals(bank.name())) {
                out.add(sig);
            }
        }
        return out;
    }

    private static TmkHash loadTmkSummary(Signal sig) {
        try {
            return TmkHash.parse(Base64.getDecoder().decode(sig.value()), "signal " + sig.id());
        } catch (TmkFormatException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A vPDQ hash in a line: frame count and duration (the full value is the store's or {@code hash}'s). */
    private static String vpdqSummary(VpdqHash h) {
        List<VpdqFeature> f = h.frames();
        double last = f.isEmpty() ? 0 : f.get(f.size() - 1).timestampSeconds();
        return f.size() + " frames to " + String.format(java.util.Locale.ROOT, "%.3f", last) + " s";
    }
}
