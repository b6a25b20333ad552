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

    private Unletterbox() {}

    /** The content rectangle of {@code image}: its full bounds when there is no border or the result is implausible. */
    static Rectangle contentBounds(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Rectangle whole = new Rectangle(0, 0, w, h);
        if (w < 2 * MIN_KEPT_PIXELS || h < 2 * MIN_KEPT_PIXELS) {
            return whole;
        }
        int[] rgb = storedRgb(image);
        int top = 0;
        int bottom = h;
        int left = 0;
        int right = w;
        boolean changed = true;
        for (int pass = 0; pass < 4 && changed; pass++) {
            changed = false;
            while (bottom - top > MIN_KEPT_PIXELS && isFlat(rgb, top * w + left, right - left, 1)) {
                top++;
                changed = true;
            }
            while (bottom - top > MIN_KEPT_PIXELS && isFlat(rgb, (bottom - 1) * w + left, right - left, 1)) {
                bottom--;
                changed = true;
            }
            while (right - left > MIN_KEPT_PIXELS && isFlat(rgb, top * w + left, bottom - top, w)) {
                left++;
                changed = true;
            }
            while (right - left > MIN_KEPT_PIXELS && isFlat(rgb, top * w + right - 1, bottom - top, w)) {
                right--;
                changed = true;
            }
        }
        int kw = right - left;
        int kh = bottom - top;
        if (kw < Math.max(MIN_KEPT_PIXELS, w * MIN_KEPT_FRACTION) || kh < Math.max(MIN_KEPT_PIXELS, h * MIN_KEPT_FRACTION)) {
            return whole; // (nearly) flat image: nothing trustworthy to keep
        }
        return new Rectangle(left, top, kw, kh);
    }

    /** {@code image} cropped to {@link #contentBounds}, same type and stored values; {@code image} itself if no border. */
    static BufferedImage apply(BufferedImage image) {
        Rectangle r = contentBounds(image);
        if (r.width == image.getWidth() && r.height == image.getHeight()) {
            return image;
        }
        return crop(image, r);
    }

    /** A copy (not a view) of the region, keeping the colour model and raster layout of {@code image}. */
    static BufferedImage crop(BufferedImage image, Rectangle r) {
        WritableRaster raster = image.getRaster().createCompatibleWritableRaster(r.width, r.height);
        raster.setRect(-r.x, -r.y, image.getRaster());
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
