package io.mediamatch.server;

import io.mediamatch.store.SignalType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The signal type and content type names the API speaks, and which store type each stands for. HMA's names are
 * {@code pdq} and {@code video_md5}; mediamatch adds {@code md5}, {@code sha256}, {@code vpdq} and
 * {@code video_tmk_pdqf}. A service runs with all of them or with a subset (HMA's default is pdq and video_md5).
 * Immutable.
 */
final class ApiTypes {
    /** Every name the API knows, in listing order, with its store type. */
    private static final Map<String, SignalType> ALL = new LinkedHashMap<>();

    static {
        ALL.put("pdq", SignalType.PDQ);
        ALL.put("video_md5", SignalType.MD5);
        ALL.put("md5", SignalType.MD5);
        ALL.put("sha256", SignalType.SHA256);
        ALL.put("vpdq", SignalType.VPDQ);
        ALL.put("video_tmk_pdqf", SignalType.TMK_PDQF);
    }

    /** The content types and the signal names each is hashed to, in HMA's order. */
    private static final Map<String, List<String>> CONTENT = Map.of(
            "photo", List.of("pdq", "md5", "sha256"),
            "video", List.of("video_md5", "sha256", "vpdq", "video_tmk_pdqf"));

    private final List<String> enabled;

    private ApiTypes(List<String> enabled) {
        this.enabled = List.copyOf(enabled);
    }

    /** Every mediamatch type. */
    static ApiTypes all() {
        return new ApiTypes(new ArrayList<>(ALL.keySet()));
    }

    /**
     * Only the listed names (comma-separated, e.g. {@code pdq,video_md5}).
     * @throws IllegalArgumentException naming an unknown name, or for an empty list
     */
    static ApiTypes parse(String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String n = part.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            if (!ALL.containsKey(n)) {
                throw new IllegalArgumentException("unknown signal type '" + n + "'; known: "
                        + String.join(", ", ALL.keySet()));
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no signal type given");
        }
        List<String> ordered = new ArrayList<>(ALL.keySet());
        ordered.retainAll(out);
        return new ApiTypes(ordered);
    }

    /** The enabled names, in listing order. */
    List<String> names() {
        return enabled;
    }

    boolean enabled(String name) {
        return enabled.contains(name);
    }

    /** True if the name is known at all (enabled or not). */
    static boolean known(String name) {
        return ALL.containsKey(name);
    }

    /** The store type behind an API name (enabled or not). */
    static Optional<SignalType> storeType(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /**
     * The API name a stored signal is shown under: the first enabled name for its type ({@code video_md5} for MD5
     * when both MD5 names are on), or the first known one.
     */
    String nameOf(SignalType type) {
        for (String n : enabled) {
            if (ALL.get(n) == type) {
                return n;
            }
        }
        for (Map.Entry<String, SignalType> e : ALL.entrySet()) {
            if (e.getValue() == type) {
                return e.getKey();
            }
        }
        throw new AssertionError(type);
    }

    /** The content type names, sorted. */
    static List<String> contentTypes() {
        List<String> l = new ArrayList<>(CONTENT.keySet());
        Collections.sort(l);
        return l;
    }

    static boolean isContentType(String name) {
        return CONTENT.containsKey(name);
    }

    /**
     * The enabled signal names a content type is hashed to, with the same store type named once (a photo gives
     * {@code md5}, a video {@code video_md5}).
     */
    List<String> forContent(String contentType) {
        List<String> out = new ArrayList<>();
        List<SignalType> seen = new ArrayList<>();
        for (String n : CONTENT.get(contentType)) {
            if (enabled.contains(n) && !seen.contains(ALL.get(n))) {
                out.add(n);
                seen.add(ALL.get(n));
            }
        }
        return out;
    }
}
