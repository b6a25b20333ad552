package io.mediamatch.store;

import io.mediamatch.pdq.Hash256;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One signal (a hash and what is known about it) in one bank. The same value may sit in several banks; within a
 * bank, {@code (type, value)} is unique. Timestamps have millisecond precision (what the store keeps).
 *
 * @param id         store-assigned id, 0 for a signal not yet stored
 * @param bank       the bank's name
 * @param type       the signal type
 * @param value      the canonical text form of the value ({@link SignalType#canonical})
 * @param labels     free labels (a category, an entity, {@code key:value} metadata), sorted, never null
 * @param source     where it came from (exchange or file kind), may be empty
 * @param externalId the id the source gives it, may be empty
 * @param firstSeen  when it was first seen (the source's creation time when it has one)
 * @param updated    when it last changed (the source's update time when it has one)
 * @param status     active, disputed or a deleted tombstone
 */
public record Signal(long id, String bank, SignalType type, String value, Set<String> labels, String source,
                     String externalId, Instant firstSeen, Instant updated, SignalStatus status) {
    public Signal {
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(status, "status");
        labels = labels == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(labels));
        for (String l : labels) {
            checkLabel(l);
        }
        source = source == null ? "" : source;
        externalId = externalId == null ? "" : externalId;
        firstSeen = firstSeen == null ? null : firstSeen.truncatedTo(ChronoUnit.MILLIS);
        updated = updated == null ? null : updated.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The value as a PDQ hash. @throws IllegalStateException if this is not a PDQ signal */
    public Hash256 pdq() {
        if (type != SignalType.PDQ) {
            throw new IllegalStateException("not a pdq signal: " + type);
        }
        return Hash256.fromHex(value);
    }

    /** This signal with another id. */
    public Signal withId(long newId) {
        return new Signal(newId, bank, type, value, labels, source, externalId, firstSeen, updated, status);
    }

    /** This signal in another bank. */
    public Signal withBank(String newBank) {
        return new Signal(id, newBank, type, value, labels, source, externalId, firstSeen, updated, status);
    }

    /** This signal with another status. */
    public Signal withStatus(SignalStatus s) {
        return new Signal(id, bank, type, value, labels, source, externalId, firstSeen, updated, s);
    }

    /** This signal with more labels. */
    public Signal withLabels(Set<String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Set<String> all = new TreeSet<>(labels);
        all.addAll(extra);
        return new Signal(id, bank, type, value, all, source, externalId, firstSeen, updated, status);
    }

    /** This signal with other timestamps. */
    public Signal withTimes(Instant first, Instant last) {
        return new Signal(id, bank, type, value, labels, source, externalId, first, last, status);
    }

    /** A label is 1..500 characters without control characters. @throws IllegalArgumentException otherwise */
    public static void checkLabel(String l) {
        if (l == null || l.isEmpty() || l.length() > 500) {
            throw new IllegalArgumentException("a label needs 1..500 characters");
        }
        for (int i = 0; i < l.length(); i++) {
            if (Character.isISOControl(l.charAt(i))) {
                throw new IllegalArgumentException("a label may not hold control characters: '" + l + "'");
            }
        }
    }
}
