/**
 * TMK+PDQF, the video hash of Meta's {@code tmk}: frames resampled and scaled as its FFmpeg pipeline does, PDQ-float
 * features, the temporal match kernel ({@link io.mediamatch.tmk.TmkHasher}, one per thread), the {@code .tmk}
 * file format ({@link io.mediamatch.tmk.TmkHash}, immutable), level 1 and level 2 scores
 * ({@link io.mediamatch.tmk.TmkScores}) and an in-memory index of many hashes ({@link io.mediamatch.tmk.TmkIndex}:
 * searches run concurrently, adds and removes alone).
 */
package io.mediamatch.tmk;
