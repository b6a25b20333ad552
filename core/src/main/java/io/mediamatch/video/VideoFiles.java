package io.mediamatch.video;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The file-name extensions taken as video containers: the one list the matcher and the CLI share. FFmpeg reads
 * the content whatever the name says; the extension only decides what is tried first and which directory entries
 * are picked up.
 */
public final class VideoFiles {
    /** Lower-case container extensions, without the dot. */
    public static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "mov", "qt", "mkv", "webm", "avi", "wmv",
            "asf", "flv", "mpg", "mpeg", "m2v", "ts", "mts", "m2ts", "vob", "3gp", "3g2", "ogv", "mxf", "f4v");

    private VideoFiles() {}

    /** True when the file's name ends in one of {@link #EXTENSIONS} (any case). */
    public static boolean hasVideoExtension(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String n = name.toString();
        int dot = n.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
