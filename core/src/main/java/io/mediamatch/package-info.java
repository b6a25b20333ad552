/**
 * What every package of the library shares: {@link io.mediamatch.MediaException}, the one error type for a media
 * file that cannot be read (it names the file, says why, and has a {@code kind} callers branch on), and
 * {@link io.mediamatch.FileDigests}, the MD5 and SHA-256 of a file's bytes. Immutable and thread-safe. The
 * library's entry point for matching is {@link io.mediamatch.match.MediaMatcher}; ARCHITECTURE.md maps the rest.
 */
package io.mediamatch;
