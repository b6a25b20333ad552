package io.mediamatch.cli;

import io.mediamatch.image.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands command-line paths into the files to process, and says what kind of media each file is: the one place
 * where file types are dispatched.
 */
final class MediaFiles {
    /** What a file is taken to be, from its extension; the decoder then checks the content. */
    enum Kind { IMAGE, VIDEO, OTHER }

    /** Container extensions hashed as video (FFmpeg reads the content, whatever the extension says). */
    static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "qt", "mkv", "webm", "avi", "wmv",
            "asf", "flv", "mpg", "mpeg", "m2v", "ts", "mts", "m2ts", "vob", "3gp", "3g2", "ogv", "mxf", "f4v");

    private MediaFiles() {}

    static Kind kindOf(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Kind.OTHER;
        }
        String n = name.toString();
        if (ImageFormat.fromFileName(n) != null) {
            return Kind.IMAGE;
        }
        int dot = n.lastIndexOf('.');
        if (dot >= 0 && VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT))) {
            return Kind.VIDEO;
        }
        return Kind.OTHER;
    }

    /**
     * The files to process, in a deterministic order: each argument in the order given; a directory expands to the
     * media files under it (recursively, symlinks not followed, sorted by path); a file named explicitly is always
     * kept, whatever its extension (the decoder tells what it really is). {@code skipped} counts directory entries
     * left out because their extension is not a media type.
     */
    static List<Path> expand(List<Path> args, int[] skipped) {
        List<Path> out = new ArrayList<>();
        for (Path arg : args) {
            if (Files.isDirectory(arg)) {
                try (Stream<Path> walk = Files.walk(arg)) {
                    List<Path> files = walk.filter(Files::isRegularFile)
                            .sorted(Comparator.comparing(Path::toString))
                            .toList();
                    for (Path f : files) {
                        if (kindOf(f) == Kind.OTHER) {
                            skipped[0]++;
                        } else {
                            out.add(f);
                        }
                    }
                } catch (IOException | UncheckedIOException e) {
                    out.add(arg); // reported as a failure when processed
                }
            } else {
                out.add(arg);
            }
        }
        return out;
    }
}
