package io.mediamatch.eval;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * Seeded near-duplicate sets for measuring false positives seriously: a banked picture (a scene or a stock
 * background, a few subjects, a meme-like caption) and pictures that share most of it yet are other content: the
 * same template with different text, another frame of the scene (subjects moved), the scene panned by 15%, and the
 * background alone (stock backgrounds are shared by every third set). Same seed, same pixels on every machine
 * (pure Java2D fills, block letters, no fonts). Thread-safe.
 */
public final class NearDuplicates {
    /** The near-duplicates of a set's banked picture, each other content than it. */
    public enum Kind {
        /** The same background and subjects with a different caption. */
        TEXT("text"),
        /** Another frame of the scene: the subjects moved. */
        FRAME("frame"),
        /** The scene seen 15% further right (a camera pan). */
        SHIFTED("shifted"),
        /** The background alone: no subjects, no caption (a stock background reused). */
        BACKGROUND("background");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** Short name used in distractor names, e.g. {@code text}. */
        public String id() {
            return id;
        }
    }

    private static final List<String> WORDS = List.of("TRADE", "DREAM", "MEDIA", "TIRED", "WAKE", "DRAW", "KITE",
            "MAKER", "WATER", "TWEAK", "DATE", "MARK", "WIDE", "TRAM", "REMIT", "AWAKE");
    private static final double PAN = 0.15;

    private NearDuplicates() {}

    /** The banked picture of set {@code set}, {@code width x height} (each at least 16), TYPE_INT_RGB. */
    public static BufferedImage original(long set, int width, int height) {
        return render(set, width, height, 0, 0, 0, true);
    }

    /** The near-duplicate of that kind of {@link #original}{@code (set, width, height)}. */
    public static BufferedImage distractor(long set, Kind kind, int width, int height) {
        return switch (kind) {
            case TEXT -> render(set, width, height, 0, 0, 1, true);
            case FRAME -> render(set, width, height, 0, 1, 0, true);
            case SHIFTED -> render(set, width, height, PAN, 0, 0, true);
            case BACKGROUND -> render(set, width, height, 0, 0, 0, false);
        };
    }

    /**
     * The scene of {@code set} (a photo 1.3x the frame's width, or for every third set one of three shared stock
     * backgrounds) seen from {@code pan} of the width, with the subjects of {@code frame} and caption
     * {@code caption} when {@code content}.
     */
    private static BufferedImage render(long set, int w, int h, double pan, int frame, int caption, boolean content) {
        if (w < 16 || h < 16) {
            throw new IllegalArgumentException("size must be at least 16x16: " + w + "x" + h);
        }
        Random r = new Random(set * 0x9E3779B97F4A7C15L + 17);
        boolean stock = Math.floorMod(set, 3) == 2;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        int sceneW = (int) Math.ceil(w * (1 + 2 * PAN));
        int dx = (int) Math.round(w * pan);
        if (stock) {
            drawStock(g, (int) Math.floorMod(set / 3, 3L), sceneW, h, dx);
        } else {
            g.drawImage(SyntheticImages.photo(r.nextLong(), sceneW, h), -dx, 0, null);
        }
        long subjectSeed = r.nextLong();
        long captionSeed = r.nextLong();
        if (content) {
            Random s = new Random(subjectSeed);
            int n = 2 + s.nextInt(3);
            int side = Math.min(w, h);
            for (int i = 0; i < n; i++) {
                double cx = sceneW * (0.15 + 0.7 * s.nextDouble());
                double cy = h * (0.3 + 0.55 * s.nextDouble());
                double sw = side * (0.15 + 0.2 * s.nextDouble());
                double sh = side * (0.15 + 0.25 * s.nextDouble());
                // Another frame: each subject walked a seeded 10-25% of the short side.
                double angle = 2 * Math.PI * s.nextDouble();
                double step = side * (0.10 + 0.15 * s.nextDouble()) * frame;
                cx += Math.cos(angle) * step - dx;
                cy += Math.sin(angle) * step;
                Color c1 = new Color(s.nextInt(256), s.nextInt(256), s.nextInt(256));
                Color c2 = new Color(s.nextInt(256), s.nextInt(256), s.nextInt(256));
                g.setPaint(new GradientPaint((float) (cx - sw / 2), (float) (cy - sh / 2), c1,
                        (float) (cx + sw / 2), (float) (cy + sh / 2), c2));
                if (s.nextBoolean()) {
                    g.fill(new Ellipse2D.Double(cx - sw / 2, cy - sh / 2, sw, sh));
                } else {
                    g.fill(new RoundRectangle2D.Double(cx - sw / 2, cy - sh / 2, sw, sh, sw / 5, sh / 5));
                }
            }
            Random t = new Random(captionSeed);
            String text = WORDS.get(t.nextInt(WORDS.size()));
            for (int i = 0; i < caption; i++) { // caption k: the k-th next word that differs from the last one
                String next = text;
                while (next.equals(text)) {
                    next = WORDS.get(t.nextInt(WORDS.size()));
                }
                text = next;
            }
            // A meme caption: white block letters with a dark outline across the top 20%, 80% of the width.
            int cell = Math.max(1, Math.min((int) (w * 0.8 / BlockLetters.width(text)),
                    (int) (h * 0.16 / BlockLetters.HEIGHT)));
            int tx = (w - BlockLetters.width(text) * cell) / 2;
            int ty = Math.max(1, (int) (h * 0.03));
            g.setColor(Color.BLACK);
            int o = Math.max(1, cell / 4);
            BlockLetters.draw(g, text, tx - o, ty - o, cell);
            BlockLetters.draw(g, text, tx + o, ty + o, cell);
            g.setColor(Color.WHITE);
            BlockLetters.draw(g, text, tx, ty, cell);
        }
        g.dispose();
        return out;
    }

    /** One of three smooth studio/sky-like gradients with a soft vignette, the same for every set using it. */
    private static void drawStock(Graphics2D g, int which, int w, int h, int dx) {
        Color[][] palettes = {
            {new Color(90, 150, 220), new Color(220, 235, 250)},
            {new Color(60, 60, 64), new Color(170, 170, 176)},
            {new Color(240, 200, 150), new Color(250, 245, 235)}};
        Color[] p = palettes[which];
        g.setPaint(new GradientPaint(0, 0, p[0], 0, h, p[1]));
        g.fillRect(0, 0, w, h);
        g.setPaint(new java.awt.RadialGradientPaint(w / 2f - dx, h * 0.45f, Math.max(w, h) * 0.7f,
                new float[] {0.6f, 1f}, new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 70)}));
        g.fillRect(0, 0, w, h);
    }
}
