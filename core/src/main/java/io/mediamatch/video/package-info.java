/**
 * vPDQ, the video hash of Meta's {@code vpdq}: FFmpeg frame reading ({@code VideoFrameReader}; decoded frames as
 * images for other tools through {@link io.mediamatch.video.VideoFrames}), hashing of sampled
 * frames ({@link io.mediamatch.video.VpdqHasher}, into a {@link io.mediamatch.video.VpdqHash} in the reference's
 * text format; also every frame of an animated image, {@code hashAnimation}), the reference comparison ({@link io.mediamatch.video.VpdqMatcher}) and an in-memory index of many
 * hashed videos ({@link io.mediamatch.video.VpdqIndex}, built once). Hashers and built indexes are thread-safe,
 * hashes immutable; the frame reader is not (one per decode).
 */
package io.mediamatch.video;
