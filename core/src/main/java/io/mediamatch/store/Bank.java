package io.mediamatch.store;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A named collection of signals, as an exchange or a collaboration shares them.
 *
 * @param id            store-assigned id (0 for a bank not yet stored)
 * @param name          unique name, 1..200 characters
 * @param description   free text, may be empty
 * @param enabled       disabled banks keep their signals but never match
 * @param matchDistance PDQ distance (0..256) this bank matches at, empty for the matcher's default
 * @param negative      an allow-list of known benign media: a match here suppresses every other match of the media
 */
public record Bank(long id, String name, String description, boolean enabled, OptionalInt matchDistance,
                   boolean negative) {
    public Bank {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(matchDistance, "matchDistance");
        checkName(name);
        if (matchDistance.isPresent() && (matchDistance.getAsInt() < 0 || matchDistance.getAsInt() > 256)) {
            throw new IllegalArgumentException("match distance must be 0..256, got " + matchDistance.getAsInt());
        }
    }

    /** A new enabled, positive bank with the default distance. */
    public static Bank named(String name) {
        return new Bank(0, name, "", true, OptionalInt.empty(), false);
    }

    /** This bank with another enabled flag. */
    public Bank withEnabled(boolean on) {
        return new Bank(id, name, description, on, matchDistance, negative);
    }

    /** This bank with another distance (empty: the matcher's default). */
    public Bank withMatchDistance(OptionalInt d) {
        return new Bank(id, name, description, enabled, d, negative);
    }

    /** This bank with another negative flag. */
    public Bank withNegative(boolean neg) {
        return new Bank(id, name, description, enabled, matchDistance, neg);
    }

    /** This bank with another description. */
    public Bank withDescription(String text) {
        return new Bank(id, name, text, enabled, matchDistance, negative);
    }

    static void checkName(String name) {
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("a bank name needs 1..200 characters, not blank: '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("a bank name may not hold control characters: '" + name + "'");
            }
        }
    }
}
