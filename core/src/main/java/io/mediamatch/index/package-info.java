/**
 * In-memory Hamming-distance search over 256-bit hashes: range and nearest queries, single and batched.
 * Entry point: {@link io.mediamatch.index.HammingIndex} (built with its builder, or saved and loaded through
 * the versioned {@code IndexFile} format); engines are a flat scan ({@code Scan}: {@code ScalarScan}, or
 * {@code VectorScan} on JDK 25's Vector API) and a multi-index, one concept
 * a file: {@code MultiIndex} (the tables), {@code UnarySelect} (bucket bounds), {@code MultiIndexPlanner} (the
 * cost model), {@code MultiIndexSearcher} (one query) and {@code MultiIndexBatchSearcher} (many at once).
 * Everything else is package-private. A HammingIndex is thread-safe: queries read an immutable snapshot, while
 * add and remove publish a new one under a lock.
 */
package io.mediamatch.index;
