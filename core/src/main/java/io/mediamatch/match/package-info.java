/**
 * Matching media and hashes against every enabled bank of a {@link io.mediamatch.store.SignalStore}: PDQ through
 * per-bank Hamming indexes ({@code PdqMatching}), vPDQ and TMK+PDQF through per-bank video indexes
 * ({@code VideoMatching}), MD5 and SHA-256 exactly ({@code ExactMatching}); a match in a negative bank suppresses the others. Entry point:
 * {@link io.mediamatch.match.MediaMatcher} (options in {@link io.mediamatch.match.MatchOptions}, results in
 * {@link io.mediamatch.match.MatchResult}). Thread-safe: any number of threads match while the store is written.
 */
package io.mediamatch.match;
