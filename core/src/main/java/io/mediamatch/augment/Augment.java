package io.mediamatch.augment;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named, deterministic view of an image for augmented banking: a crop keeping {@code keep}% of the width and
 * height at the centre, a side or a corner, or a rotation by a few degrees. Hashed on the banking side only; the
 * plain hash always stays. Names: {@code centre-K}, {@code top-K}/{@code bottom-K} (the top or bottom K% of the
 * rows, full width), {@code left-K}/{@code right-K}, {@code top-left-K} etc. (K% of both sides at that corner),
 * K in 50..99; {@code rot-cw-D}/{@code rot-ccw-D} (D in 1..15 degrees clockwise or counter-clockwise, the whole
 * rotated picture on a canvas grown to hold it, corners black, as a rotated re-upload looks), and
 * {@code rotframe-cw-D} (the rotation cropped back to the original frame). Immutable and thread-safe.
 */
public final class Augment {
    /** Which part of the frame a crop keeps: fractions of the cut-off margin left of and above the kept part. */
    private enum Anchor {
        CENTRE("centre", 0.5, 0.5, true, true), TOP("top", 0.5, 0, false, true), BOTTOM("bottom", 0.5, 1, false, true),
        LEFT("left", 0, 0.5, true, false), RIGHT("right", 1, 0.5, true, false),
        TOP_LEFT("top-left", 0, 0, true, true), TOP_RIGHT("top-right", 1, 0, true, true),
        BOTTOM_LEFT("bottom-left", 0, 1, true, true), BOTTOM_RIGHT("bottom-right", 1, 1, true, true);

        final String id;
        final double fx;
        final double fy;
        final boolean cropsX;
        final boolean cropsY;

        Anchor(String id, double fx, double fy, boolean cropsX, boolean cropsY) {
            this.id = id;
            this.fx = fx;
            this.fy = fy;
            this.cropsX = cropsX;
            this.cropsY = cropsY;
        }
    }

    /** The views {@code --augment default} names: chosen from measurements, see benchmarks/results/eval.md. */
    public static final String DEFAULT_SPEC = "centre-80,top-75,bottom-75,left-75,right-75,"
            + "rot-cw-3,rot-ccw-3,rot-cw-5,rot-ccw-5,rot-cw-7,rot-ccw-7";

    private static final Pattern CROP = Pattern.compile(
            "(centre|center|top|bottom|left|right|top-left|top-right|bottom-left|bottom-right)-(\\d{1,2})");
    private static final Pattern ROTATE = Pattern.compile("(rot|rotframe)-(cw|ccw)-(\\d{1,2})");

    private final String name;
    private final Anchor anchor; // null for a rotation
    private final int keep; // percent of each cropped side kept
    private final int degrees; // clockwise positive; 0 for a crop
    private final boolean frame; // rotation cropped back to the original frame

    private Augment(String name, Anchor anchor, int keep, int degrees, boolean frame) {
        this.name = name;
        this.anchor = anchor;
        this.keep = keep;
        this.degrees = degrees;
        this.frame = frame;
    }

    /** The view's name as {@code --augment} takes it and {@code path#aug:NAME} prints it, e.g. {@code centre-80}. */
    public String name() {
        return name;
    }

    /** {@code aug:NAME}: the view's label on a banked signal and its suffix after {@code #} in hash output. */
    public String label() {
        return "aug:" + name;
    }

    /** Whether this view is a rotation (else a crop). */
    public boolean isRotation() {
        return anchor == null;
    }

    /** Rotation angle in degrees, clockwise positive (0 for a crop). */
    public int degrees() {
        return degrees;
    }

    /** For a rotation: whether it is cropped back to the original frame (else the canvas grows to hold it all). */
    public boolean croppedToFrame() {
        return frame;
    }

    /** One line for help texts. */
    public String description() {
        if (anchor == null) {
            return "rotate " + Math.abs(degrees) + " degrees " + (degrees > 0 ? "clockwise" : "counter-clockwise")
                    + (frame ? ", cropped back to the frame" : ", canvas grown to hold it, corners black");
        }
        return "keep " + keep + "% " + (anchor.cropsX && anchor.cropsY ? "of width and height" : anchor.cropsX
                ? "of the width" : "of the height") + " at the " + anchor.id;
    }

    /**
     * The rectangle a crop keeps of a {@code width x height} frame (at least 1x1, inside the frame).
     * @throws IllegalStateException for a rotation
     */
    public Rectangle region(int width, int height) {
        if (anchor == null) {
            throw new IllegalStateException(name + " is a rotation, not a crop");
        }
        int w = anchor.cropsX ? Math.max(1, (int) Math.round(width * keep / 100.0)) : width;
        int h = anchor.cropsY ? Math.max(1, (int) Math.round(height * keep / 100.0)) : height;
        int x = (int) Math.round((width - w) * anchor.fx);
        int y = (int) Math.round((height - h) * anchor.fy);
        return new Rectangle(x, y, w, h);
    }

    /**
     * The view as an image, for thumbnails and tests: a crop shares {@code image}'s pixels (a sub-image); a rotation
     * is a new {@code TYPE_INT_RGB} image, bilinear, black outside the picture. Hashing it gives the same hash as
     * {@link AugmentHasher} for a crop, and one within a few bits for a rotation (which the hasher does on luma).
     */
    public BufferedImage apply(BufferedImage image) {
        if (anchor != null) {
            Rectangle r = region(image.getWidth(), image.getHeight());
            return image.getSubimage(r.x, r.y, r.width, r.height);
        }
        return Rotation.rotateRgb(image, degrees, frame);
    }

    /** The view called {@code name} (case-insensitive). Throws IllegalArgumentException saying the name forms. */
    public static Augment byName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        Matcher m = CROP.matcher(key);
        if (m.matches()) {
            int k = Integer.parseInt(m.group(2));
            if (k < 50 || k > 99) {
                throw new IllegalArgumentException("augmentation '" + name + "': keep " + k + "% is outside 50..99");
            }
            String where = m.group(1).equals("center") ? "centre" : m.group(1);
            Anchor a = Anchor.valueOf(where.toUpperCase(Locale.ROOT).replace('-', '_'));
            return new Augment(a.id + "-" + k, a, k, 0, false);
        }
        m = ROTATE.matcher(key);
        if (m.matches()) {
            int d = Integer.parseInt(m.group(3));
            if (d < 1 || d > 15) {
                throw new IllegalArgumentException("augmentation '" + name + "': " + d
                        + " degrees is outside 1..15");
            }
            boolean cw = m.group(2).equals("cw");
            boolean frame = m.group(1).equals("rotframe");
            return new Augment(m.group(1) + "-" + m.group(2) + "-" + d, null, 100, cw ? d : -d, frame);
        }
        throw new IllegalArgumentException("unknown augmentation '" + name + "'; forms: centre-K, top-K, bottom-K,"
                + " left-K, right-K, top-left-K, top-right-K, bottom-left-K, bottom-right-K (K = % kept, 50..99),"
                + " rot-cw-D, rot-ccw-D, rotframe-cw-D, rotframe-ccw-D (D = degrees, 1..15), or default");
    }

    /**
     * Parses {@code NAME[,NAME...]} as given to {@code --augment}: {@code default} expands to {@link #DEFAULT_SPEC};
     * {@code null}, empty or {@code none} give an empty list. Duplicates dropped, order kept.
     * @throws IllegalArgumentException on an unknown or out-of-range name
     */
    public static List<Augment> parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        Set<Augment> out = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            if (part.trim().equalsIgnoreCase("default")) {
                out.addAll(parse(DEFAULT_SPEC));
            } else {
                out.add(byName(part));
            }
        }
        return List.copyOf(new ArrayList<>(out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Augment a && a.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

    /** The geometry of a rotation: output size, and the inverse map from output to source coordinates. */
    static final class Rotation {
        private Rotation() {}

        /** Output {width, height} of rotating a {@code w x h} frame by {@code degrees}. */
        static int[] size(int w, int h, int degrees, boolean frame) {
            if (frame) {
                return new int[] {w, h};
            }
            double a = Math.toRadians(degrees);
            double c = Math.abs(Math.cos(a));
            double s = Math.abs(Math.sin(a));
            return new int[] {(int) Math.ceil(w * c + h * s), (int) Math.ceil(w * s + h * c)};
        }

        /**
         * Bilinear rotation of a float plane {@code src} ({@code w x h}) about its centre into {@code dst}
         * ({@code ow x oh}, row-major): pixel centres at +0.5, black (0) outside, samples outside weighted as black.
         */
        static void rotate(float[] src, int w, int h, int degrees, float[] dst, int ow, int oh) {
            double a = Math.toRadians(degrees);
            // Inverse rotation: image y points down, so a positive angle turns the picture clockwise on screen.
            double cos = Math.cos(a);
            double sin = Math.sin(a);
            double cx = w / 2.0;
            double cy = h / 2.0;
            double ocx = ow / 2.0;
            double ocy = oh / 2.0;
            for (int oy = 0; oy < oh; oy++) {
                double dy = oy + 0.5 - ocy;
                // source = R(-a) (o - oc) + c, with o at pixel centres and the result in pixel-index coordinates
                double sxRow = sin * dy + cos * (0.5 - ocx) + cx - 0.5;
                double syRow = cos * dy - sin * (0.5 - ocx) + cy - 0.5;
                int base = oy * ow;
                for (int ox = 0; ox < ow; ox++) {
                    double sx = sxRow + ox * cos;
                    double sy = syRow - ox * sin;
                    dst[base + ox] = sample(src, w, h, sx, sy);
                }
            }
        }

        private static float sample(float[] src, int w, int h, double x, double y) {
            if (x <= -1 || y <= -1 || x >= w || y >= h) {
                return 0f;
            }
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            float fx = (float) (x - x0);
            float fy = (float) (y - y0);
            float v00 = at(src, w, h, x0, y0);
            float v10 = at(src, w, h, x0 + 1, y0);
            float v01 = at(src, w, h, x0, y0 + 1);
            float v11 = at(src, w, h, x0 + 1, y0 + 1);
            float top = v00 + (v10 - v00) * fx;
            float bottom = v01 + (v11 - v01) * fx;
            return top + (bottom - top) * fy;
        }

        private static float at(float[] src, int w, int h, int x, int y) {
            return x < 0 || y < 0 || x >= w || y >= h ? 0f : src[y * w + x];
        }

        /** The rotation as a {@code TYPE_INT_RGB} image, each channel rotated as {@link #rotate} does luma. */
        static BufferedImage rotateRgb(BufferedImage image, int degrees, boolean frame) {
            int w = image.getWidth();
            int h = image.getHeight();
            int[] size = size(w, h, degrees, frame);
            int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
            float[][] planes = new float[3][w * h];
            for (int i = 0; i < rgb.length; i++) {
                planes[0][i] = (rgb[i] >> 16) & 255;
                planes[1][i] = (rgb[i] >> 8) & 255;
                planes[2][i] = rgb[i] & 255;
            }
            int n = size[0] * size[1];
            float[][] out = new float[3][n];
            for (int c = 0; c < 3; c++) {
                rotate(planes[c], w, h, degrees, out[c], size[0], size[1]);
            }
            int[] px = new int[n];
            for (int i = 0; i < n; i++) {
                px[i] = (to8(out[0][i]) << 16) | (to8(out[1][i]) << 8) | to8(out[2][i]);
            }
            BufferedImage img = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, size[0], size[1], px, 0, size[0]);
            return img;
        }

        private static int to8(float v) {
            int i = Math.round(v);
            return i < 0 ? 0 : Math.min(255, i);
        }
    }
}
