package io.mediamatch.tmk;

/**
 * One banked TMK hash that matched a query: its id in the {@link TmkIndex}, the level-1 score (-1..1) and the level-2
 * score (0..1; NaN from a level-1-only search), both computed exactly as the reference computes them.
 */
public record TmkMatch(long id, float level1, float level2) {}
