/**
 * Robustness evaluation: the seeded edits re-uploads go through ({@link io.mediamatch.eval.Transform}: same seed,
 * same pixels on every machine), seeded photo-like images ({@link io.mediamatch.eval.SyntheticImages}), and the
 * recall and false-positive accounting of an evaluation run ({@link io.mediamatch.eval.Evaluation}, what
 * {@code mediamatch eval} reports). For video: the seeded re-upload edits ({@link io.mediamatch.eval.VideoEdit}),
 * written through the bundled FFmpeg ({@link io.mediamatch.eval.VideoClips}), seeded moving clips
 * ({@link io.mediamatch.eval.SyntheticVideos}). Immutable and thread-safe.
 */
package io.mediamatch.eval;
