/**
 * PDQ, Meta's 256-bit perceptual image hash, bit for bit as the reference computes it: luma, Jarosz blur, 64x64
 * decimation, 16x16 DCT, median threshold and quality ({@link io.mediamatch.pdq.PdqHasher}, one per thread, no
 * allocation per hash but the result; {@link io.mediamatch.pdq.Pdq} for one-off calls), the hash value
 * {@link io.mediamatch.pdq.Hash256} (immutable), and the eight dihedral variants
 * ({@link io.mediamatch.pdq.DihedralHashes}).
 */
package io.mediamatch.pdq;
