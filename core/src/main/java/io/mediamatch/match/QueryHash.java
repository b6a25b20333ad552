package io.mediamatch.match;

import io.mediamatch.store.SignalType;

/**
 * A hash computed from the media and whether it was looked up.
 *
 * @param type    the signal type
 * @param value   the hash (canonical text)
 * @param quality PDQ quality 0..100, -1 for hashes without one
 * @param used    false when it was dropped (quality below the floor)
 * @param view    the preprocessing step whose output was hashed ({@code "unletterbox"}, ...), empty for the media
 *                as it is
 */
public record QueryHash(SignalType type, String value, int quality, boolean used, String view) {
    /** A hash of the media as it is. */
    public QueryHash(SignalType type, String value, int quality, boolean used) {
        this(type, value, quality, used, "");
    }
}
