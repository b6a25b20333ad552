package io.mediamatch.eval;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * A named re-upload edit of a video: a pixel edit applied to every frame (the image {@link Transform}s where one
 * exists), a change of timing (frame rate, speed, trim, embedding in a longer unrelated clip) and the encoder's
 * quantiser, applied by {@link VideoClips#edit}. Random choices (logo corner, filler content) are drawn from a
 * seed per video, the same for every frame. Immutable and thread-safe.
 */
public final class VideoEdit {
    /** MPEG-4 quantiser of an ordinary re-encode (visually clean). */
    static final int NORMAL_QUANTISER = 4;
    /** MPEG-4 quantiser of the low-quality re-encode (visible blocking). */
    static final int LOW_QUANTISER = 20;

    private final String name;
    private final String description;
    private final BiFunction<BufferedImage, Random, BufferedImage> pixels;
    private final Timing timing;
    private final int quantiser;

    /**
     * Which source frame each output frame shows. Implementations are pure functions of their arguments.
     */
    interface Timing {
        /** Output frames for {@code n} source frames (at least 1 when n >= 1). */
        int frames(int n);

        /** Output frame rate for a source at {@code fps}. */
        double fps(double fps);

        /** Source frame shown as output frame {@code out} of {@link #frames(int)}, or -1 for a filler frame. */
        int source(int out, int n);

        Timing SAME = new Timing() {
            public int frames(int n) {
                return n;
            }

            public double fps(double fps) {
                return fps;
            }

            public int source(int out, int n) {
                return out;
            }
        };

        /** {@code first}, then {@code second} on its output. */
        static Timing chain(Timing first, Timing second) {
            return new Timing() {
                public int frames(int n) {
                    return second.frames(first.frames(n));
                }

                public double fps(double fps) {
                    return second.fps(first.fps(fps));
                }

                public int source(int out, int n) {
                    int mid = second.source(out, first.frames(n));
                    return mid < 0 ? -1 : first.source(mid, n);
                }
            };
        }
    }

    private VideoEdit(String name, String description, BiFunction<BufferedImage, Random, BufferedImage> pixels,
                      Timing timing, int quantiser) {
        this.name = name;
        this.description = description;
        this.pixels = pixels;
        this.timing = timing;
        this.quantiser = quantiser;
    }

    /** Short stable identifier, e.g. {@code crop-10} or {@code letterbox+logo}. */
    public String name() {
        return name;
    }

    /** One line saying what the edit does. */
    public String description() {
        return description;
    }

    /** Output frames for a source of {@code n} frames. */
    public int frames(int n) {
        return timing.frames(n);
    }

    /** Output frame rate for a source at {@code fps}. */
    public double fps(double fps) {
        return timing.fps(fps);
    }

    Timing timing() {
        return timing;
    }

    int quantiser() {
        return quantiser;
    }

    /** The edited copy of one frame; {@code random} must be seeded the same way for every frame of a video. */
    BufferedImage apply(BufferedImage frame, Random random) {
        return pixels.apply(frame, random);
    }

    /** This edit followed by {@code next}, named {@code this+next}; the worse of the two quantisers. */
    public VideoEdit then(VideoEdit next) {
        BiFunction<BufferedImage, Random, BufferedImage> a = pixels;
        BiFunction<BufferedImage, Random, BufferedImage> b = next.pixels;
        return new VideoEdit(name + "+" + next.name, description + ", then " + next.description,
                (img, r) -> b.apply(a.apply(img, r), r), Timing.chain(timing, next.timing),
                Math.max(quantiser, next.quantiser));
    }

    @Override
    public String toString() {
        return name;
    }

    // ---------------------------------------------------------------- registry

    private static final Map<String, VideoEdit> ALL;

    static {
        Map<String, VideoEdit> m = new LinkedHashMap<>();
        add(m, "reencode", "re-encode at normal quality (the baseline: nothing else changes)", (f, r) -> f);
        put(m, new VideoEdit("reencode-low", "re-encode at low quality (MPEG-4 quantiser " + LOW_QUANTISER + ")",
                (f, r) -> f, Timing.SAME, LOW_QUANTISER));
        add(m, "downscale-50", "scale to 50%", (f, r) -> Edits.scale(f, 0.5));
        add(m, "downscale-240p", "scale to 240 pixels on the short side", (f, r) -> shortSide(f, 240));
        add(m, "letterbox", "black bars above and below, 1/8 of the new height each", (f, r) -> bars(f, false));
        add(m, "pillarbox", "black bars left and right, 1/8 of the new width each", (f, r) -> bars(f, true));
        add(m, "crop-10", "crop 10% off every side", (f, r) -> Transform.byName("crop-10").apply(f, r));
        add(m, "logo", "opaque text logo in a random corner, 20% of the width", VideoEdit::logo);
        add(m, "watermark", "semi-transparent text across the middle, 80% of the width", (f, r) -> watermark(f));
        add(m, "mirror", "mirror left-right", (f, r) -> Transform.byName("mirror").apply(f, r));
        add(m, "greyscale", "convert to grey", (f, r) -> Transform.byName("greyscale").apply(f, r));
        add(m, "brightness", "brighten by 30%", (f, r) -> Transform.byName("brightness").apply(f, r));
        timing(m, "fps-half", "halve the frame rate (30 to 15 fps): every second frame", new Timing() {
            public int frames(int n) {
                return (n + 1) / 2;
            }

            public double fps(double fps) {
                return fps / 2;
            }

            public int source(int out, int n) {
                return Math.min(n - 1, out * 2);
            }
        });
        timing(m, "speed-1.25", "play 1.25x faster at the same frame rate (frames dropped)", new Timing() {
            public int frames(int n) {
                return Math.max(1, (int) Math.floor(n / 1.25));
            }

            public double fps(double fps) {
                return fps;
            }

            public int source(int out, int n) {
                return Math.min(n - 1, (int) Math.floor(out * 1.25));
            }
        });
        timing(m, "trim-50", "keep the middle 50% of the frames", new Timing() {
            public int frames(int n) {
                return Math.max(1, n / 2);
            }

            public double fps(double fps) {
                return fps;
            }

            public int source(int out, int n) {
                return Math.min(n - 1, n / 4 + out);
            }
        });
        timing(m, "embed", "inside an unrelated clip: half the clip's length of other footage before and after",
                new Timing() {
                    public int frames(int n) {
                        return n + 2 * (n / 2);
                    }

                    public double fps(double fps) {
                        return fps;
                    }

                    public int source(int out, int n) {
                        int k = out - n / 2;
                        return k >= 0 && k < n ? k : -1;
                    }
                });
        combo(m, "reencode-low", "downscale-50");
        combo(m, "letterbox", "logo");
        combo(m, "crop-10", "reencode-low");
        combo(m, "mirror", "fps-half");
        combo(m, "trim-50", "watermark");
        combo(m, "greyscale", "speed-1.25");
        ALL = Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, VideoEdit> m, String name, String description,
                            BiFunction<BufferedImage, Random, BufferedImage> op) {
        put(m, new VideoEdit(name, description, op, Timing.SAME, NORMAL_QUANTISER));
    }

    private static void timing(Map<String, VideoEdit> m, String name, String description, Timing t) {
        put(m, new VideoEdit(name, description, (f, r) -> f, t, NORMAL_QUANTISER));
    }

    private static void put(Map<String, VideoEdit> m, VideoEdit e) {
        m.put(e.name, e);
    }

    private static void combo(Map<String, VideoEdit> m, String first, String second) {
        put(m, m.get(first).then(m.get(second)));
    }

    /** Every registered edit, single edits first, then combinations of two, in a stable order. */
    public static List<VideoEdit> all() {
        return List.copyOf(ALL.values());
    }

    /** The edit called {@code name} (case-insensitive). Throws IllegalArgumentException naming the choices. */
    public static VideoEdit byName(String name) {
        VideoEdit e = ALL.get(name.trim().toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("unknown video edit '" + name + "'; known: "
                    + String.join(", ", ALL.keySet()));
        }
        return e;
    }

    /** {@code all}, or a comma-separated list of names (each may be {@code a+b} to chain registered edits). */
    public static List<VideoEdit> parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
            return all();
        }
        List<VideoEdit> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            VideoEdit e = ALL.get(part.trim().toLowerCase(Locale.ROOT));
            if (e == null) {
                String[] steps = part.split("\\+");
                e = byName(steps[0]);
                for (int i = 1; i < steps.length; i++) {
                    e = e.then(byName(steps[i]));
                }
            }
            out.add(e);
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- pixel edits

    private static BufferedImage shortSide(BufferedImage f, int side) {
        double s = (double) side / Math.min(f.getWidth(), f.getHeight());
        return Edits.resize(f, Math.max(2, (int) Math.round(f.getWidth() * s)),
                Math.max(2, (int) Math.round(f.getHeight() * s)));
    }

    private static BufferedImage bars(BufferedImage f, boolean sides) {
        int w = f.getWidth();
        int h = f.getHeight();
        int nw = sides ? (int) Math.round(w / 0.75) : w;
        int nh = sides ? h : (int) Math.round(h / 0.75);
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, nw, nh);
        g.drawImage(f, (nw - w) / 2, (nh - h) / 2, null);
        g.dispose();
        return out;
    }

    private static BufferedImage logo(BufferedImage f, Random r) {
        BufferedImage out = Edits.copy(f);
        int w = f.getWidth();
        int h = f.getHeight();
        String text = "MEDIA";
        int cell = Math.max(1, (int) Math.round(w * 0.20 / BlockLetters.width(text)));
        int pad = cell * 2;
        int bw = BlockLetters.width(text) * cell + 2 * pad;
        int bh = BlockLetters.HEIGHT * cell + 2 * pad;
        int margin = Math.max(2, w / 40);
        int corner = r.nextInt(4);
        int x = (corner & 1) == 0 ? margin : w - bw - margin;
        int y = (corner & 2) == 0 ? margin : h - bh - margin;
        Graphics2D g = out.createGraphics();
        g.setColor(new Color(200, 30, 40));
        g.fillRect(x, y, bw, bh);
        g.setColor(Color.WHITE);
        BlockLetters.draw(g, text, x + pad, y + pad, cell);
        g.dispose();
        return out;
    }

    private static BufferedImage watermark(BufferedImage f) {
        BufferedImage out = Edits.copy(f);
        int w = f.getWidth();
        int h = f.getHeight();
        String text = "WATERMARK";
        int cell = Math.max(1, (int) Math.round(w * 0.80 / BlockLetters.width(text)));
        Graphics2D g = out.createGraphics();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.45f));
        g.setColor(Color.WHITE);
        BlockLetters.draw(g, text, (w - BlockLetters.width(text) * cell) / 2, (h - BlockLetters.HEIGHT * cell) / 2,
                cell);
        g.dispose();
        return out;
    }
}
