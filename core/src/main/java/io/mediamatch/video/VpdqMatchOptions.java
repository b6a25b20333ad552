package io.mediamatch.video;

import com.google.common.base.Preconditions;

/**
 * Parameters of the vPDQ comparison. Immutable.
 *
 * <ul>
 *   <li>{@code qualityThreshold} F: frames of lower PDQ quality (0..100) are ignored on both sides.
 *   <li>{@code maxDistance} D: two frames match when their Hamming distance is {@code <= D} (or {@code < D} in
 *       demo-compatible mode), 0..256.
 *   <li>{@code queryPercent} P_q and {@code comparedPercent} P_c (0..100): a video pair matches when at least
 *       P_q % of the query's frames and P_c % of the compared video's frames have a match on the other side.
 *   <li>{@code demoCompatible}: count as Meta's C++ demo matcher ({@code match-hashes-brute}) does: no frame
 *       de-duplication and distance strictly below D. Otherwise the documented algorithm, as Meta's Python
 *       tooling runs it: unique frame hashes, distance {@code <= D}.
 * </ul>
 */
public record VpdqMatchOptions(int qualityThreshold, int maxDistance, double queryPercent, double comparedPercent,
        boolean demoCompatible) {
    /** F = 50, the reference's quality filter. */
    public static final int DEFAULT_QUALITY = 50;
    /** D = 31, the reference's frame distance. */
    public static final int DEFAULT_DISTANCE = 31;
    /**
     * P_q = 80 %, as Meta's Python tooling (python-threatexchange, HMA) deploys it: most of the upload must be
     * banked content, so excerpts and re-encodes of a long banked video match.
     */
    public static final double DEFAULT_QUERY_PERCENT = 80.0;
    /**
     * P_c = 0 %: a short excerpt of a long banked video still matches. Raise it (the vPDQ README's example is
     * 80 %) to require that most of the banked video appears in the upload.
     */
    public static final double DEFAULT_COMPARED_PERCENT = 0.0;

    /** The defaults above. */
    public static final VpdqMatchOptions DEFAULTS = new VpdqMatchOptions(DEFAULT_QUALITY, DEFAULT_DISTANCE,
            DEFAULT_QUERY_PERCENT, DEFAULT_COMPARED_PERCENT, false);

    public VpdqMatchOptions {
        Preconditions.checkArgument(qualityThreshold >= 0 && qualityThreshold <= 101,
                "quality threshold %s outside 0..101", qualityThreshold);
        Preconditions.checkArgument(maxDistance >= 0 && maxDistance <= 256, "distance %s outside 0..256",
                maxDistance);
        Preconditions.checkArgument(queryPercent >= 0 && queryPercent <= 100, "P_q %s outside 0..100",
                queryPercent);
        Preconditions.checkArgument(comparedPercent >= 0 && comparedPercent <= 100, "P_c %s outside 0..100",
                comparedPercent);
    }

    /** A copy with other percentage thresholds. */
    public VpdqMatchOptions withThresholds(double queryPercent, double comparedPercent) {
        return new VpdqMatchOptions(qualityThreshold, maxDistance, queryPercent, comparedPercent, demoCompatible);
    }

    /** A copy counting as the C++ demo matcher does (see the class comment). */
    public VpdqMatchOptions withDemoCompatible(boolean demoCompatible) {
        return new VpdqMatchOptions(qualityThreshold, maxDistance, queryPercent, comparedPercent, demoCompatible);
    }

    /** The largest distance that counts as a frame match: D, or D - 1 in demo-compatible mode. */
    public int inclusiveDistance() {
        return demoCompatible ? maxDistance - 1 : maxDistance;
    }
}
