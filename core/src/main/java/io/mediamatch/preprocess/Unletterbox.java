package io.mediamatch.preprocess;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Finds and removes uniform borders (letterbox/pillarbox bars, padding, the flat background around a pasted
 * picture) of any colour. A border line is a row or column whose pixels (stored values: grey replicated, bands
 * 0..2 otherwise, alpha ignored) all but {@link #OUTLIER_FRACTION} lie within {@link #TOLERANCE} levels per channel
 * of the line's mean colour. Lines are peeled from each side in turn, and the sides are revisited, so nested borders
 * of different colours (a frame around padding) come off too. Stateless and thread-safe.
 */
final class Unletterbox {
    /** Per-channel distance (0..255) from the line's mean still counted as border: absorbs JPEG noise in flat bars, yet a smooth real background (a lit table top) varies more. */
    static final int TOLERANCE = 10;
    /** Fraction of a border line's pixels allowed to be further away (noise, a thin frame line crossing it). */
    static final double OUTLIER_FRACTION = 0.02;
    /** Content narrower or shorter than this fraction of the input is not trusted: the input is kept whole. */
    static final double MIN_KEPT_FRACTION = 0.1;
    private static final int MIN_KEPT_PIXELS = 8;
    /** Band mode: a line is part of a bar when this fraction of it is one colour (the rest: title text, icons). */
    static final double BAND_FLAT_FRACTION = 0.6;
    /** Band mode: at most this fraction of the width or height comes off each side as a band. */
    static final double MAX_BAND_FRACTION = 0.15;

    private Unletterbox() {}

    /** The content rectangle of {@code image}: its full bounds when there is no border or the result is implausible. */
    static Rectangle contentBounds(BufferedImage image) {
        return contentBounds(image, false);
    }

    /**
     * As {@link #contentBounds(BufferedImage)}; with {@code bands}, after the uniform borders are gone, edge bands of
     * up to {@link #MAX_BAND_FRACTION} of each side whose lines are mostly ({@link #BAND_FLAT_FRACTION}) one colour
     * come off too (a window title bar, a caption strip), then any uniform border freed by that.
     */
    static Rectangle contentBounds(BufferedImage image, boolean bands) {
        int w = image.getWidth();
        int h = image.getHeight();
        Rectangle whole = new Rectangle(0, 0, w, h);
        if (w < 2 * MIN_KEPT_PIXELS || h < 2 * MIN_KEPT_PIXELS) {
            return whole;
        }
        int[] rgb = storedRgb(image);
        int[] box = {0, 0, w, h}; // left, top, right, bottom (exclusive)
        peelUniform(rgb, w, box);
        if (bands) {
            int maxX = (int) (w * MAX_BAND_FRACTION);
            int maxY = (int) (h * MAX_BAND_FRACTION);
            int[][] hist = new int[3][256];
            int[] bar = new int[3];
            bar[0] = -1;
            int limit = box[1] + maxY;
            while (box[1] < limit && box[3] - box[1] > MIN_KEPT_PIXELS
                    && isBandLine(rgb, box[1] * w + box[0], box[2] - box[0], 1, hist, bar)) {
                box[1]++;
            }
            bar[0] = -1;
            limit = box[3] - maxY;
            while (box[3] > limit && box[3] - box[1] > MIN_KEPT_PIXELS
                    && isBandLine(rgb, (box[3] - 1) * w + box[0], box[2] - box[0], 1, hist, bar)) {
                box[3]--;
            }
            bar[0] = -1;
            limit = box[0] + maxX;
            while (box[0] < limit && box[2] - box[0] > MIN_KEPT_PIXELS
                    && isBandLine(rgb, box[1] * w + box[0], box[3] - box[1], w, hist, bar)) {
                box[0]++;
            }
            bar[0] = -1;
            limit = box[2] - maxX;
            while (box[2] > limit && box[2] - box[0] > MIN_KEPT_PIXELS
                    && isBandLine(rgb, box[1] * w + box[2] - 1, box[3] - box[1], w, hist, bar)) {
                box[2]--;
            }
            peelUniform(rgb, w, box);
        }
        int kw = box[2] - box[0];
        int kh = box[3] - box[1];
        if (kw < Math.max(MIN_KEPT_PIXELS, w * MIN_KEPT_FRACTION) || kh < Math.max(MIN_KEPT_PIXELS, h * MIN_KEPT_FRACTION)) {
            return whole; // (nearly) flat image: nothing trustworthy to keep
        }
        return new Rectangle(box[0], box[1], kw, kh);
    }

    /** Peels uniform lines off the four sides of {@code box} (left, top, right, bottom), revisiting until stable. */
    private static void peelUniform(int[] rgb, int w, int[] box) {
        boolean changed = true;
        for (int pass = 0; pass < 4 && changed; pass++) {
            changed = false;
            while (box[3] - box[1] > MIN_KEPT_PIXELS && isFlat(rgb, box[1] * w + box[0], box[2] - box[0], 1)) {
                box[1]++;
                changed = true;
            }
            while (box[3] - box[1] > MIN_KEPT_PIXELS && isFlat(rgb, (box[3] - 1) * w + box[0], box[2] - box[0], 1)) {
                box[3]--;
                changed = true;
            }
            while (box[2] - box[0] > MIN_KEPT_PIXELS && isFlat(rgb, box[1] * w + box[0], box[3] - box[1], w)) {
                box[0]++;
                changed = true;
            }
            while (box[2] - box[0] > MIN_KEPT_PIXELS && isFlat(rgb, box[1] * w + box[2] - 1, box[3] - box[1], w)) {
                box[2]--;
                changed = true;
            }
        }
    }

    /** {@code image} cropped to {@link #contentBounds}, same type and stored values; {@code image} itself if no border. */
    static BufferedImage apply(BufferedImage image, boolean bands) {
        Rectangle r = contentBounds(image, bands);
        if (r.width == image.getWidth() && r.height == image.getHeight()) {
            return image;
        }
        return crop(image, r);
    }

    /**
     * Whether at least {@link #BAND_FLAT_FRACTION} of the line's pixels lie within {@link #TOLERANCE} of its
     * per-channel median colour (text or buttons on a bar do not move the median), and that median matches the
     * band's colour {@code bar} (set from the first band line when {@code bar[0] < 0}): a band is one colour, so
     * peeling stops at a smooth part of the picture. {@code hist} is scratch space.
     */
    private static boolean isBandLine(int[] rgb, int start, int n, int step, int[][] hist, int[] bar) {
        for (int[] hh : hist) {
            java.util.Arrays.fill(hh, 0);
        }
        for (int i = 0, p = start; i < n; i++, p += step) {
            int v = rgb[p];
            hist[0][(v >> 16) & 255]++;
            hist[1][(v >> 8) & 255]++;
            hist[2][v & 255]++;
        }
        int mr = median(hist[0], n);
        int mg = median(hist[1], n);
        int mb = median(hist[2], n);
        if (bar[0] >= 0 && (Math.abs(mr - bar[0]) > TOLERANCE || Math.abs(mg - bar[1]) > TOLERANCE
                || Math.abs(mb - bar[2]) > TOLERANCE)) {
            return false;
        }
        int need = (int) Math.ceil(n * BAND_FLAT_FRACTION);
        int near = 0;
        for (int i = 0, p = start; i < n; i++, p += step) {
            int v = rgb[p];
            if (Math.abs(((v >> 16) & 255) - mr) <= TOLERANCE && Math.abs(((v >> 8) & 255) - mg) <= TOLERANCE
                    && Math.abs((v & 255) - mb) <= TOLERANCE) {
                near++;
            }
        }
        if (near < need) {
            return false;
        }
        if (bar[0] < 0) {
            bar[0] = mr;
            bar[1] = mg;
            bar[2] = mb;
        }
        return true;
    }

    private static int median(int[] hist, int n) {
        int half = (n + 1) / 2;
        int seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += hist[v];
            if (seen >= half) {
                return v;
            }
        }
        return 255;
    }

    /** A copy (not a view) of the region, keeping the colour model and raster layout of {@code image}. */
    static BufferedImage crop(BufferedImage image, Rectangle r) {
        Raster src = image.getRaster();
        WritableRaster raster = src.createCompatibleWritableRaster(r.width, r.height);
        // Copy through data elements: WritableRaster.setRect with a negative offset loses pixels on some rasters.
        raster.setDataElements(0, 0, r.width, r.height,
                src.getDataElements(src.getMinX() + r.x, src.getMinY() + r.y, r.width, r.height, null));
        return new BufferedImage(image.getColorModel(), raster, image.isAlphaPremultiplied(), null);
    }

    /**
     * Whether the line of {@code n} pixels starting at index {@code start} of the packed array, walking {@code step}
     * ({@code 1} along a row, the width down a column), is flat.
     */
    private static boolean isFlat(int[] rgb, int start, int n, int step) {
        long sr = 0;
        long sg = 0;
        long sb = 0;
        for (int i = 0, p = start; i < n; i++, p += step) {
            int v = rgb[p];
            sr += (v >> 16) & 255;
            sg += (v >> 8) & 255;
            sb += v & 255;
        }
        int mr = (int) (sr / n);
        int mg = (int) (sg / n);
        int mb = (int) (sb / n);
        int allowed = (int) (n * OUTLIER_FRACTION);
        int outliers = 0;
        for (int i = 0, p = start; i < n; i++, p += step) {
            int v = rgb[p];
            if (Math.abs(((v >> 16) & 255) - mr) > TOLERANCE || Math.abs(((v >> 8) & 255) - mg) > TOLERANCE
                    || Math.abs((v & 255) - mb) > TOLERANCE) {
                if (++outliers > allowed) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Packed 0xRRGGBB of the stored values, row-major. */
    private static int[] storedRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[w * h];
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB
                || image.getColorModel() instanceof IndexColorModel) {
            image.getRGB(0, 0, w, h, out, 0, w);
            return out;
        }
        Raster src = image.getRaster();
        int bands = src.getNumBands();
        int shift = Math.max(0, src.getSampleModel().getSampleSize(0) - 8);
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            src.getPixels(src.getMinX(), src.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int b = x * bands;
                int r = clamp(row[b] >> shift);
                int g = bands < 3 ? r : clamp(row[b + 1] >> shift);
                int bl = bands < 3 ? r : clamp(row[b + 2] >> shift);
                out[y * w + x] = (r << 16) | (g << 8) | bl;
            }
        }
        return out;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
