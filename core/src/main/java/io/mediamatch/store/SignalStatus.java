package io.mediamatch.store;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a signal stands. {@link #ACTIVE} and {@link #DISPUTED} match (a disputed match says so);
 * {@link #DELETED} is a tombstone that never matches and is not revived by re-importing older data.
 */
public enum SignalStatus {
    /** Current and matchable. */
    ACTIVE(1),
    /** Matchable but contested (some exchange members disagree); matches carry this status. */
    DISPUTED(2),
    /** Tombstone: kept so that an old copy of the signal cannot come back; never matches. */
    DELETED(3);

    private final int code;

    SignalStatus(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** True for the statuses that match. */
    public boolean matchable() {
        return this != DELETED;
    }

    /** The lower-case name used in files ({@code active}, {@code disputed}, {@code deleted}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SignalStatus fromCode(int code) {
        for (SignalStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalStateException("unknown status code " + code + " in the database");
    }

    /** Parses a status name, any case. */
    public static Optional<SignalStatus> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (SignalStatus s : values()) {
            if (s.name().equalsIgnoreCase(name.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
