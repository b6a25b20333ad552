package io.mediamatch.match;

/**
 * How a {@link Matcher} matches.
 *
 * @param distance    PDQ distance (0..256) for banks without their own distance; the reference's default is 31
 * @param minQuality  PDQ hashes of lower quality (0..100) are not matched, and the result says so; default 50
 *                    (the reference's advice)
 * @param dihedral    also match the 7 rotations/flips of each image (PDQ only)
 * @param exactHashes also match MD5 and SHA-256 of the file bytes
 */
public record MatchOptions(int distance, int minQuality, boolean dihedral, boolean exactHashes) {
    /** The reference's PDQ match distance. */
    public static final int DEFAULT_DISTANCE = 31;
    /** The reference's PDQ quality floor. */
    public static final int DEFAULT_MIN_QUALITY = 50;

    public MatchOptions {
        if (distance < 0 || distance > 256) {
            throw new IllegalArgumentException("distance must be 0..256, got " + distance);
        }
        if (minQuality < 0 || minQuality > 100) {
            throw new IllegalArgumentException("quality must be 0..100, got " + minQuality);
        }
    }

    /** Distance 31, quality 50, no dihedral, exact hashes on. */
    public static MatchOptions defaults() {
        return new MatchOptions(DEFAULT_DISTANCE, DEFAULT_MIN_QUALITY, false, true);
    }

    /** These options with another default distance. */
    public MatchOptions withDistance(int d) {
        return new MatchOptions(d, minQuality, dihedral, exactHashes);
    }

    /** These options with another quality floor. */
    public MatchOptions withMinQuality(int q) {
        return new MatchOptions(distance, q, dihedral, exactHashes);
    }

    /** These options with dihedral matching on or off. */
    public MatchOptions withDihedral(boolean on) {
        return new MatchOptions(distance, minQuality, on, exactHashes);
    }

    /** These options with MD5/SHA-256 matching on or off. */
    public MatchOptions withExactHashes(boolean on) {
        return new MatchOptions(distance, minQuality, dihedral, on);
    }
}
