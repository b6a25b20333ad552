package io.mediamatch.index;

/**
 * One search result: the entry's id, its Hamming distance to the query (0..256) and, for dihedral queries,
 * the index (0..7, in the caller's list order) of the query orientation that matched best; 0 for plain queries.
 */
public record IndexMatch(long id, int distance, int orientation) {}
