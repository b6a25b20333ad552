package io.mediamatch.eval;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded photo-like video clips: scenes of a few seconds, each a slow pan and zoom over a {@link SyntheticImages}
 * photo, with hard cuts between scenes. The same seed, size and frame rate give the same frames on every run and
 * machine. {@link #reshot} films the same photos with other camera moves and another scene order (a near-duplicate
 * that is not a copy). Immutable and thread-safe; {@link #frame} draws a new image per call.
 */
public final class SyntheticVideos {
    /** Scenes last this many seconds at least (and up to 1.5 times as long). */
    private static final double SCENE_SECONDS = 2.0;

    private final int width;
    private final int height;
    private final int frames;
    private final List<Scene> scenes;

    /** A scene: photo, the frame it starts on, the crop rectangle (fractions of the photo) at its start and end. */
    private record Scene(BufferedImage photo, int start, double[] from, double[] to) {}

    private SyntheticVideos(int width, int height, int frames, List<Scene> scenes) {
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.scenes = scenes;
    }

    /**
     * A clip of {@code frames} frames of {@code width x height} at {@code fps} drawn from {@code seed}.
     *
     * @throws IllegalArgumentException when a size, the frame count or the rate is not positive
     */
    public static SyntheticVideos clip(long seed, int width, int height, int frames, double fps) {
        return build(seed, seed, width, height, frames, fps);
    }

    /** The same photos as {@code clip(seed, ...)}, filmed with the camera moves of {@code take} in another order. */
    public static SyntheticVideos reshot(long seed, long take, int width, int height, int frames, double fps) {
        return build(seed, take ^ 0x5DEECE66DL, width, height, frames, fps);
    }

    private static SyntheticVideos build(long seed, long moves, int width, int height, int frames, double fps) {
        if (width < 1 || height < 1 || frames < 1 || !(fps > 0)) {
            throw new IllegalArgumentException("bad clip geometry: " + width + "x" + height + ", " + frames
                    + " frames at " + fps + " fps");
        }
        Random photos = new Random(seed);
        Random camera = new Random(moves);
        int perScene = (int) Math.max(1, Math.round(SCENE_SECONDS * fps));
        List<long[]> plan = new ArrayList<>();
        for (int start = 0; start < frames; ) {
            int len = perScene + photos.nextInt(perScene / 2 + 1);
            plan.add(new long[] {photos.nextLong(), start});
            start += len;
        }
        if (moves != seed && plan.size() > 1) {
            // Another take: the scenes' photos in rotated order, cut at the same places.
            int shift = 1 + camera.nextInt(plan.size() - 1);
            List<long[]> rotated = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                long[] p = plan.get((i + shift) % plan.size());
                rotated.add(new long[] {p[0], plan.get(i)[1]});
            }
            plan = rotated;
        }
        List<Scene> scenes = new ArrayList<>();
        for (long[] p : plan) {
            // The photo is larger than the frame so pans and zooms stay inside it.
            BufferedImage photo = SyntheticImages.photo(p[0], Math.max(2, width * 3 / 2), Math.max(2, height * 3 / 2));
            scenes.add(new Scene(photo, (int) p[1], window(camera), window(camera)));
        }
        return new SyntheticVideos(width, height, frames, List.copyOf(scenes));
    }

    /** A crop rectangle {x, y, w, h} as fractions of the photo: 55-90% of its size, anywhere inside. */
    private static double[] window(Random r) {
        double s = 0.55 + 0.35 * r.nextDouble();
        return new double[] {r.nextDouble() * (1 - s), r.nextDouble() * (1 - s), s, s};
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Number of frames of the clip. */
    public int frames() {
        return frames;
    }

    /** Frame {@code index} (0-based, below {@link #frames()}) as a new {@code TYPE_INT_RGB} image. */
    public BufferedImage frame(int index) {
        if (index < 0 || index >= frames) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
        }
        int k = scenes.size() - 1;
        while (scenes.get(k).start() > index) {
            k--;
        }
        Scene s = scenes.get(k);
        int end = k + 1 < scenes.size() ? scenes.get(k + 1).start() : frames;
        double t = end - s.start() <= 1 ? 0 : (double) (index - s.start()) / (end - s.start() - 1);
        int pw = s.photo().getWidth();
        int ph = s.photo().getHeight();
        double x = lerp(s.from()[0], s.to()[0], t) * pw;
        double y = lerp(s.from()[1], s.to()[1], t) * ph;
        double w = lerp(s.from()[2], s.to()[2], t) * pw;
        double h = lerp(s.from()[3], s.to()[3], t) * ph;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(s.photo(), 0, 0, width, height, (int) Math.round(x), (int) Math.round(y),
                (int) Math.round(x + w), (int) Math.round(y + h), null);
        g.dispose();
        return out;
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
