package io.mediamatch.video;

/**
 * Black letterbox and pillarbox bars of a video: per side, the number of outer lines that are near-black in every
 * informative sampled frame (bars stay put for the whole video, while a dark scene or a flat wall does not span it),
 * so content is never trimmed from one frame's darkness alone. Frames that are black almost everywhere (fades) say
 * nothing and are skipped. Not thread-safe: one per video.
 */
final class BlackBars {
    /** Largest channel value (0..255) still counted as black: absorbs codec noise in bars. */
    static final int BLACK = 40;
    /** Fraction of a bar line's pixels allowed to be brighter (noise, a logo's edge). */
    static final double OUTLIER_FRACTION = 0.02;
    /** Content left by trimming must keep at least this fraction of each dimension, else the frame is a fade. */
    static final double MIN_KEPT_FRACTION = 0.3;

    private final int width;
    private final int height;
    /** left, top, right, bottom: the minimum over informative frames; -1 before the first one. */
    private final int[] bars = {-1, -1, -1, -1};

    BlackBars(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Takes one packed RGB24 frame ({@code stride} bytes per row) into account. */
    void add(byte[] rgb, int stride) {
        int left = 0;
        while (left < width && blackLine(rgb, left * 3, height, stride)) {
            left++;
        }
        int right = 0;
        while (right < width - left && blackLine(rgb, (width - 1 - right) * 3, height, stride)) {
            right++;
        }
        int top = 0;
        while (top < height && blackLine(rgb, top * stride, width, 3)) {
            top++;
        }
        int bottom = 0;
        while (bottom < height - top && blackLine(rgb, (height - 1 - bottom) * stride, width, 3)) {
            bottom++;
        }
        if (width - left - right < width * MIN_KEPT_FRACTION || height - top - bottom < height * MIN_KEPT_FRACTION) {
            return; // a fade or a black frame: no evidence either way
        }
        int[] found = {left, top, right, bottom};
        for (int i = 0; i < 4; i++) {
            bars[i] = bars[i] < 0 ? found[i] : Math.min(bars[i], found[i]);
        }
    }

    /** {left, top, right, bottom} bar widths in pixels; zeros when no frame was informative. */
    int[] bars() {
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            out[i] = Math.max(0, bars[i]);
        }
        return out;
    }

    /** Whether all but {@link #OUTLIER_FRACTION} of {@code n} pixels from {@code start}, {@code step} apart, are black. */
    private static boolean blackLine(byte[] rgb, int start, int n, int step) {
        int allowed = (int) (n * OUTLIER_FRACTION);
        for (int i = 0, p = start; i < n; i++, p += step) {
            if ((rgb[p] & 255) > BLACK || (rgb[p + 1] & 255) > BLACK || (rgb[p + 2] & 255) > BLACK) {
                if (--allowed < 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
