package io.mediamatch.tmk;

import io.mediamatch.pdq.PdqHasher;
import io.mediamatch.MediaException;
import java.nio.file.Path;

/**
 * Computes the TMK+PDQF hash of a video file the way Meta's {@code tmk-hash-video} does: frames resampled to 15 fps
 * and scaled to 64x64 RGB24 (as its FFmpeg command line produces them), the PDQ-float feature of each frame, then the
 * temporal match kernel with the reference periods and Fourier coefficients.
 *
 * <p>Not thread-safe (owns a {@link PdqHasher} and scratch buffers): use one per thread. Throws {@link MediaException}
 * naming the file when it cannot be read, is not a video FFmpeg decodes, has no decodable frame, or resamples to
 * more than 4 hours of frames.
 */
public final class TmkHasher {
    private final PdqHasher pdq = new PdqHasher();
    private final float[] feature = new float[TmkParameters.FEATURE_DIMENSION];

    /** Hashes one video file. */
    public TmkHash hash(Path video) throws MediaException {
        TmkAccumulator accumulator = TmkAccumulator.reference();
        long[] featureOf = {-1};
        int size = TmkParameters.FRAME_SIZE;
        ResampledFrames.decode(video, (rgb, sourceIndex) -> {
            if (featureOf[0] != sourceIndex) {
                pdq.pdqFloatRgb(rgb, size, size, size * 3, feature);
                featureOf[0] = sourceIndex;
            }
            accumulator.add(feature);
        });
        return accumulator.finish();
    }
}
