/**
 * Robustness evaluation: the seeded edits re-uploads go through ({@link io.mediamatch.eval.Transform}: same seed,
 * same pixels on every machine), seeded photo-like images ({@link io.mediamatch.eval.SyntheticImages}), and the
 * recall and false-positive accounting of an evaluation run ({@link io.mediamatch.eval.Evaluation}, what
 * {@code mediamatch eval} reports). Immutable and thread-safe.
 */
package io.mediamatch.eval;
