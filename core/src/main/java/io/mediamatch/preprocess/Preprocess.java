package io.mediamatch.preprocess;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Optional image clean-ups applied to a query image before it is hashed, to catch re-uploads that plain PDQ misses.
 * All are off by default: they change the hash of an edited image, never the hash a shared database holds for an
 * unedited one (a borderless image passes through unchanged). Results keep the input's colour model and stored
 * values, so PDQ's pixel conventions still hold. Thread-safe.
 */
public enum Preprocess {
    /**
     * Trim uniform borders of any colour (letterbox and pillarbox bars, padding, flat backgrounds around a pasted
     * picture), in the spirit of python-threatexchange's {@code unletterbox}, which trims near-black bars only.
     */
    UNLETTERBOX("unletterbox", "trim uniform borders (letterbox bars, padding, flat backgrounds) of any colour") {
        @Override
        public BufferedImage apply(BufferedImage image) {
            return Unletterbox.apply(image);
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

    /** Applies {@code steps} in order. */
    public static BufferedImage applyAll(List<Preprocess> steps, BufferedImage image) {
        BufferedImage out = image;
        for (Preprocess p : steps) {
            out = p.apply(out);
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
