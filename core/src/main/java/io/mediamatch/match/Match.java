package io.mediamatch.match;

import io.mediamatch.pdq.Orientation;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import io.mediamatch.tmk.TmkMatch;
import io.mediamatch.video.VpdqMatch;
import java.util.Set;

/**
 * One signal a media matched.
 *
 * @param bank        the bank's name
 * @param negative    whether the bank is a negative (allow-list) bank
 * @param signalId    the signal's id in the store
 * @param type        the signal type
 * @param value       the signal's value (canonical text); for vpdq and tmk_pdqf a short summary (frame count),
 *                    the full value is {@code store().get(signalId)}
 * @param distance    Hamming distance (0 for exact hashes and videos)
 * @param threshold   the distance the bank matched at (vpdq: the frame distance D; 0 for exact hashes and tmk)
 * @param orientation which rotation/flip of the media matched ({@link Orientation#ORIGINAL} unless dihedral)
 * @param query       the media's hash that matched (canonical text; a summary for vpdq and tmk_pdqf)
 * @param labels      the signal's labels, sorted
 * @param source      the signal's source
 * @param externalId  the signal's id at its source
 * @param status      active or disputed
 * @param vpdq        for a vpdq match: the percentages of the query's and the banked video's unique frames that
 *                    matched (0..100); null otherwise
 * @param tmk         for a tmk_pdqf match: the level-1 and level-2 scores (-1..1; {@code id} is the signal id);
 *                    null otherwise
 */
public record Match(String bank, boolean negative, long signalId, SignalType type, String value, int distance,
                    int threshold, Orientation orientation, String query, Set<String> labels, String source,
                    String externalId, SignalStatus status, VpdqMatch vpdq, TmkMatch tmk) {
    public Match {
        labels = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(labels));
    }

    /** A match without video scores (PDQ, MD5, SHA-256). */
    public Match(String bank, boolean negative, long signalId, SignalType type, String value, int distance,
                 int threshold, Orientation orientation, String query, Set<String> labels, String source,
                 String externalId, SignalStatus status) {
        this(bank, negative, signalId, type, value, distance, threshold, orientation, query, labels, source,
                externalId, status, null, null);
    }
}
