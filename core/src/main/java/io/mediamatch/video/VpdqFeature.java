package io.mediamatch.video;

import com.google.common.base.Preconditions;
import io.mediamatch.pdq.Hash256;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One hashed frame of a vPDQ hash: frame number (0-based decode order), PDQ quality (0..100), PDQ hash and
 * timestamp in seconds. Immutable.
 */
public record VpdqFeature(int frameNumber, int quality, Hash256 hash, double timestampSeconds) {
    public VpdqFeature {
        Preconditions.checkArgument(frameNumber >= 0, "frame number %s < 0", frameNumber);
        Preconditions.checkArgument(quality >= 0 && quality <= 100, "quality %s outside 0..100", quality);
        Preconditions.checkNotNull(hash, "hash");
        Preconditions.checkArgument(timestampSeconds >= 0 && Double.isFinite(timestampSeconds),
                "timestamp %s is not a finite non-negative number", timestampSeconds);
    }

    /**
     * The reference's timestamp of frame {@code frameNumber}: computed in single precision,
     * {@code (float) frameNumber / (float) frameRate}.
     */
    static double timestampOf(long frameNumber, double frameRate) {
        return (float) frameNumber / (float) frameRate;
    }

    /** The reference text line {@code frameNumber,quality,pdqHex,timestamp} (timestamp with 3 decimals). */
    public String toLine() {
        return frameNumber + "," + quality + "," + hash.toHex() + "," + formatTimestamp(timestampSeconds);
    }

    /** Three decimals rounded from the exact binary value, half to even, as C's {@code printf("%.3f")} does. */
    static String formatTimestamp(double seconds) {
        return new BigDecimal(seconds).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
