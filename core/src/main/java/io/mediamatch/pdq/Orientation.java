package io.mediamatch.pdq;

/**
 * The eight dihedral transforms of an image, in the order the reference prints them.
 * A dihedral hash for orientation {@code o} is the hash of the image transformed by {@code o}.
 */
public enum Orientation {
    ORIGINAL, ROTATE_90, ROTATE_180, ROTATE_270, FLIP_X, FLIP_Y, FLIP_PLUS_1, FLIP_MINUS_1;

    /** Lower-case name used in JSON and CLI output, e.g. {@code rotate_90}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
