package io.mediamatch.match;

import io.mediamatch.preprocess.Preprocess;
import java.util.List;

/**
 * How a {@link MediaMatcher} matches.
 *
 * @param distance    PDQ distance (0..256) for banks without their own distance; the reference's default is 31
 * @param minQuality  PDQ hashes of lower quality (0..100) are not matched, and the result says so; default 50
 *                    (the reference's advice)
 * @param dihedral    also match the 7 rotations/flips of each image (PDQ only)
 * @param exactHashes also match MD5 and SHA-256 of the file bytes
 * @param video       how videos are hashed and matched (vPDQ, TMK+PDQF)
 * @param preprocess  query-time cleaned-up views of each image ({@link Preprocess}) hashed and matched besides the
 *                    image itself; empty by default (the image as stored is what shared databases hash)
 */
public record MatchOptions(int distance, int minQuality, boolean dihedral, boolean exactHashes,
                           VideoMatchOptions video, List<Preprocess> preprocess) {
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
        java.util.Objects.requireNonNull(video, "video");
        preprocess = List.copyOf(preprocess);
    }

    /** Options without preprocessing. */
    public MatchOptions(int distance, int minQuality, boolean dihedral, boolean exactHashes,
            VideoMatchOptions video) {
        this(distance, minQuality, dihedral, exactHashes, video, List.of());
    }

    /** Options with the default video matching ({@link VideoMatchOptions#defaults()}). */
    public MatchOptions(int distance, int minQuality, boolean dihedral, boolean exactHashes) {
        this(distance, minQuality, dihedral, exactHashes, VideoMatchOptions.defaults());
    }

    /** Distance 31, quality 50, no dihedral, exact hashes on, default video matching. */
    public static MatchOptions defaults() {
        return new MatchOptions(DEFAULT_DISTANCE, DEFAULT_MIN_QUALITY, false, true);
    }

    /** These options with another default distance. */
    public MatchOptions withDistance(int d) {
        return new MatchOptions(d, minQuality, dihedral, exactHashes, video, preprocess);
    }

    /** These options with another quality floor. */
    public MatchOptions withMinQuality(int q) {
        return new MatchOptions(distance, q, dihedral, exactHashes, video, preprocess);
    }

    /** These options with dihedral matching on or off. */
    public MatchOptions withDihedral(boolean on) {
        return new MatchOptions(distance, minQuality, on, exactHashes, video, preprocess);
    }

    /** These options with MD5/SHA-256 matching on or off. */
    public MatchOptions withExactHashes(boolean on) {
        return new MatchOptions(distance, minQuality, dihedral, on, video, preprocess);
    }

    /** These options with query-time preprocessing steps (see {@link Preprocess#views}). */
    public MatchOptions withPreprocess(List<Preprocess> steps) {
        return new MatchOptions(distance, minQuality, dihedral, exactHashes, video, steps);
    }

    /** These options with other video matching. */
    public MatchOptions withVideo(VideoMatchOptions v) {
        return new MatchOptions(distance, minQuality, dihedral, exactHashes, v, preprocess);
    }
}
