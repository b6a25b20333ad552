package io.mediamatch.match;

import io.mediamatch.pdq.Orientation;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.util.Set;

/**
 * One signal a media matched.
 *
 * @param bank        the bank's name
 * @param negative    whether the bank is a negative (allow-list) bank
 * @param signalId    the signal's id in the store
 * @param type        the signal type
 * @param value       the signal's value (canonical text)
 * @param distance    Hamming distance (0 for exact hashes)
 * @param threshold   the distance the bank matched at
 * @param orientation which rotation/flip of the media matched ({@link Orientation#ORIGINAL} unless dihedral)
 * @param query       the media's hash that matched (canonical text)
 * @param labels      the signal's labels, sorted
 * @param source      the signal's source
 * @param externalId  the signal's id at its source
 * @param status      active or disputed
 */
public record Match(String bank, boolean negative, long signalId, SignalType type, String value, int distance,
                    int threshold, Orientation orientation, String query, Set<String> labels, String source,
                    String externalId, SignalStatus status) {
    public Match {
        labels = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(labels));
    }
}
