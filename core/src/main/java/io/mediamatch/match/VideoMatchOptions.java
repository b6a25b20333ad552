package io.mediamatch.match;

import io.mediamatch.tmk.TmkIndex;
import io.mediamatch.video.VpdqMatchOptions;
import java.util.Objects;

/**
 * How a {@link MediaMatcher} hashes and matches videos. Immutable.
 *
 * @param secondsPerHash vPDQ sampling: one frame every this many seconds (default 1, as Meta's Python tooling);
 *                       0 hashes every frame (as the vPDQ reference tool's default)
 * @param vpdq           the vPDQ comparison (quality F, frame distance D, P_q, P_c); default
 *                       {@link VpdqMatchOptions#DEFAULTS} (F 50, D 31, P_q 80 %, P_c 0 %)
 * @param tmkLevel1      TMK+PDQF level-1 threshold (cosine of the average features, -1..1); default 0.7
 * @param tmkLevel2      TMK+PDQF level-2 threshold (the full kernel score, -1..1); default 0.7
 * @param tmk            when the TMK+PDQF hash (a second decoding pass at 15 fps) is computed
 * @param trimBlackBars  also match the upload's vPDQ hash with the black bars all its sampled frames share cut off
 *                       (two more decoding passes when bars are found); off by default, as the reference
 * @param animationFrames also hash every frame of an animated image (GIF, APNG, WebP) as vPDQ and match it against
 *                       the vpdq signals, next to its still PDQ hash (the first frame); off by default
 */
public record VideoMatchOptions(double secondsPerHash, VpdqMatchOptions vpdq, float tmkLevel1, float tmkLevel2,
                                Tmk tmk, boolean trimBlackBars, boolean animationFrames) {
    /** When to compute a video's TMK+PDQF hash. */
    public enum Tmk {
        /** Only when some enabled bank holds live tmk_pdqf signals (the default: no cost otherwise). */
        AUTO,
        /** Always (the hash is then listed in the result even when no bank holds tmk_pdqf signals). */
        ALWAYS,
        /** Never. */
        NEVER
    }

    public VideoMatchOptions {
        if (!(secondsPerHash >= 0 && secondsPerHash <= 3600)) {
            throw new IllegalArgumentException("seconds per hash must be 0..3600, got " + secondsPerHash);
        }
        Objects.requireNonNull(vpdq, "vpdq");
        Objects.requireNonNull(tmk, "tmk");
        if (!(tmkLevel1 >= -1 && tmkLevel1 <= 1) || !(tmkLevel2 >= -1 && tmkLevel2 <= 1)) {
            throw new IllegalArgumentException("TMK thresholds must be -1..1, got " + tmkLevel1 + " and "
                    + tmkLevel2);
        }
    }

    /** Options without black-bar trimming or animation frames. */
    public VideoMatchOptions(double secondsPerHash, VpdqMatchOptions vpdq, float tmkLevel1, float tmkLevel2, Tmk tmk) {
        this(secondsPerHash, vpdq, tmkLevel1, tmkLevel2, tmk, false, false);
    }

    /** One frame per second, {@link VpdqMatchOptions#DEFAULTS}, TMK thresholds 0.7/0.7, TMK when banked. */
    public static VideoMatchOptions defaults() {
        return new VideoMatchOptions(1.0, VpdqMatchOptions.DEFAULTS, TmkIndex.DEFAULT_LEVEL1_THRESHOLD,
                TmkIndex.DEFAULT_LEVEL2_THRESHOLD, Tmk.AUTO);
    }

    /** These options with another vPDQ sampling interval (0 = every frame). */
    public VideoMatchOptions withSecondsPerHash(double s) {
        return new VideoMatchOptions(s, vpdq, tmkLevel1, tmkLevel2, tmk, trimBlackBars, animationFrames);
    }

    /** These options with another vPDQ comparison. */
    public VideoMatchOptions withVpdq(VpdqMatchOptions v) {
        return new VideoMatchOptions(secondsPerHash, v, tmkLevel1, tmkLevel2, tmk, trimBlackBars, animationFrames);
    }

    /** These options with other TMK+PDQF thresholds. */
    public VideoMatchOptions withTmkThresholds(float level1, float level2) {
        return new VideoMatchOptions(secondsPerHash, vpdq, level1, level2, tmk, trimBlackBars, animationFrames);
    }

    /** These options with black-bar trimming of uploads on or off. */
    public VideoMatchOptions withTrimBlackBars(boolean trim) {
        return new VideoMatchOptions(secondsPerHash, vpdq, tmkLevel1, tmkLevel2, tmk, trim, animationFrames);
    }

    /** These options with animated images' frames matched as vPDQ, or not. */
    public VideoMatchOptions withAnimationFrames(boolean on) {
        return new VideoMatchOptions(secondsPerHash, vpdq, tmkLevel1, tmkLevel2, tmk, trimBlackBars, on);
    }

    /** These options with another TMK policy. */
    public VideoMatchOptions withTmk(Tmk t) {
        return new VideoMatchOptions(secondsPerHash, vpdq, tmkLevel1, tmkLevel2, t, trimBlackBars, animationFrames);
    }
}
