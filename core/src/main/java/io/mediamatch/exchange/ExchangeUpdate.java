package io.mediamatch.exchange;

import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One change an exchange reports for one signal: its current state (active, disputed: positive and negative
 * opinions, or a {@link SignalStatus#DELETED} tombstone), its labels (tags, categories, opinions as
 * {@code opinion:negative} and the like) and the exchange's own id and update time when it has them.
 *
 * @param type       the signal type (null only for an entry withdrawal)
 * @param value      the value as the exchange gives it (canonicalised when applied); empty only for an entry
 *                   withdrawal: every value stored under {@code externalId} becomes a tombstone
 * @param status     {@code ACTIVE}, {@code DISPUTED} or {@code DELETED}
 * @param labels     labels to store with it, never null
 * @param externalId the exchange's id of the record, may be empty
 * @param updated    the exchange's update time, or null
 */
public record ExchangeUpdate(SignalType type, String value, SignalStatus status, Set<String> labels,
                             String externalId, Instant updated) {
    public ExchangeUpdate {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(status, "status");
        labels = labels == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(labels));
        externalId = externalId == null ? "" : externalId;
        if (value.isEmpty()) {
            if (status != SignalStatus.DELETED || externalId.isEmpty()) {
                throw new IllegalArgumentException("an update without a value withdraws an entry: it needs the"
                        + " DELETED status and an external id");
            }
        } else {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * The exchange withdrew its entry {@code externalId} without saying which values it held (NCMEC's deletions):
     * every live value stored under that id becomes a tombstone.
     */
    public static ExchangeUpdate withdrawn(String externalId, Instant updated) {
        return new ExchangeUpdate(null, "", SignalStatus.DELETED, Set.of(), externalId, updated);
    }

    /** True for an entry withdrawal ({@link #withdrawn}). */
    public boolean withdrawsEntry() {
        return value.isEmpty();
    }

    /** A tombstone: the exchange withdrew this value. */
    public static ExchangeUpdate deleted(SignalType type, String value, String externalId, Instant updated) {
        return new ExchangeUpdate(type, value, SignalStatus.DELETED, Set.of(), externalId, updated);
    }
}
