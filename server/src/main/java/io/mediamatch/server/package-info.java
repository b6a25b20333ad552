/**
 * The matcher service: HMA's HTTP API ({@code /h} hashing, {@code /m} matching, {@code /c} curation) over a
 * mediamatch store, with live indexes, every mediamatch signal type, batch lookups, request coalescing, API tokens,
 * safe URL fetching, bounded work and Prometheus metrics. Entry point: {@link io.mediamatch.server.MatchServer}
 * with {@link io.mediamatch.server.ServeOptions}; each route group in its own class. Thread-safe.
 */
package io.mediamatch.server;
