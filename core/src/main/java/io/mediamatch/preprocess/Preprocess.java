package io.mediamatch.preprocess;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Optional clean-ups of a query image, each giving an extra view to hash next to the image as it is, to catch
 * re-uploads that plain PDQ misses (see {@link #views}). All are off by default; they never change the hash of the
 * image as it is, which is what a shared database holds. Results keep the input's colour model and stored values,
 * so PDQ's pixel conventions still hold. Thread-safe.
 */
public enum Preprocess {
    /**
     * Trim uniform borders of any colour (letterbox and pillarbox bars, padding, flat backgrounds around a pasted
     * picture), in the spirit of python-threatexchange's {@code unletterbox}, which trims near-black bars only.
     */
    UNLETTERBOX("unletterbox", "trim uniform borders (letterbox bars, padding, flat backgrounds) of any colour") {
        @Override
        public BufferedImage apply(BufferedImage image) {
            return Unletterbox.apply(image, false);
        }
    },
    /**
     * {@link #UNLETTERBOX}, then also strip edge bands up to 15% of each side whose lines are mostly one colour
     * (window title bars and caption strips of screenshots), then any uniform border that uncovers.
     */
    UNFRAME("unframe", "unletterbox, then also strip mostly-flat edge bands (title bars, caption strips), "
            + "up to 15% per side") {
        @Override
        public BufferedImage apply(BufferedImage image) {
            return Unletterbox.apply(image, true);
        }
    };

    private final String id;
    private final String description;

    Preprocess(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used on the command line, e.g. {@code unletterbox}. */
    public String id() {
        return id;
    }

    /** One line for help texts. */
    public String description() {
        return description;
    }

    /** The cleaned-up image; {@code image} itself when there is nothing to do. Never modifies {@code image}. */
    public abstract BufferedImage apply(BufferedImage image);

    /**
     * The images to hash for a query: {@code image} itself first, then each step's result that differs from it
     * (each step applied to {@code image}, not chained). A query matches when any view's hash is within the
     * threshold, so a preprocessing step can only add matches, never lose the one the unedited image has.
     */
    public static List<BufferedImage> views(List<Preprocess> steps, BufferedImage image) {
        List<BufferedImage> out = new ArrayList<>(1 + steps.size());
        out.add(image);
        for (Preprocess p : steps) {
            BufferedImage v = p.apply(image);
            if (v != image) {
                out.add(v);
            }
        }
        return out;
    }

    /** The step called {@code id} (case-insensitive). Throws IllegalArgumentException listing the known names. */
    public static Preprocess byId(String id) {
        String key = id.trim().toLowerCase(Locale.ROOT);
        for (Preprocess p : values()) {
            if (p.id.equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preprocessing '" + id + "'; known: " + String.join(", ", ids()));
    }

    /**
     * Parses {@code NAME[,NAME...]} (as given to {@code --preprocess}); {@code null}, empty or {@code none} give an
     * empty list. Duplicates are dropped, order kept. Throws IllegalArgumentException on an unknown name.
     */
    public static List<Preprocess> parse(String spec) {
        List<Preprocess> out = new ArrayList<>();
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return out;
        }
        Set<Preprocess> seen = EnumSet.noneOf(Preprocess.class);
        for (String part : spec.split(",")) {
            if (!part.isBlank() && seen.add(byId(part))) {
                out.add(byId(part));
            }
        }
        return List.copyOf(out);
    }

    /** The command-line names of all steps. */
    public static List<String> ids() {
        List<String> out = new ArrayList<>();
        for (Preprocess p : values()) {
            out.add(p.id);
        }
        return out;
    }
}
