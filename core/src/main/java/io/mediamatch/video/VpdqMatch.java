package io.mediamatch.video;

/**
 * Result of comparing a query video with another: the percentage (0..100) of the query's usable frames that
 * match some frame of the other video, the same for the other video, and whether both reach the thresholds.
 */
public record VpdqMatch(double queryPercent, double comparedPercent, boolean isMatch) {}
