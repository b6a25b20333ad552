package io.mediamatch.cli;

import io.mediamatch.image.ImageFormat;
import io.mediamatch.video.VideoFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Expands command-line paths into the files to process, and says what kind of media each file is: the one place
 * where file types are dispatched. Every file a directory walk sees is either kept, skipped with a reason, or
 * unreadable with a reason, so a run's summary adds up.
 */
final class MediaFiles {
    /** What a file is taken to be, from its extension; the decoder then checks the content. */
    enum Kind { IMAGE, VIDEO, OTHER }

    /** Which directory entries a walk keeps. */
    enum Keep {
        /** Files with an image or video extension. */
        MEDIA,
        /** Files with a video extension (TMK+PDQF). */
        VIDEOS,
        /** Every regular file, whatever its name: the content decides ({@code --all-files}). */
        ALL
    }

    /** A file left out or not readable, and why (one line, without the file name). */
    record Skip(Path file, String reason) {}

    /**
     * What the arguments expand to: the files to process in order, the directory entries left out on purpose
     * ({@code skipped}), and entries that could not be read ({@code unreadable}: failures, not skips).
     */
    record Expansion(List<Path> files, List<Skip> skipped, List<Skip> unreadable) {
        /** Every file seen: processed, skipped or unreadable. */
        int seen() {
            return files.size() + skipped.size() + unreadable.size();
        }

        /** The summary's skip count, e.g. {@code ", 3 skipped"}, or "" if none. */
        String skippedSummary() {
            return skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped";
        }
    }

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
        if (VideoFiles.hasVideoExtension(file)) {
            return Kind.VIDEO;
        }
        return Kind.OTHER;
    }

    /**
     * The files to process, in a deterministic order: each argument in the order given; a directory expands to the
     * files under it that {@code keep} selects (recursively, symbolic links to directories not followed, sorted by
     * path); a file named explicitly is always kept, whatever its extension (the decoder tells what it really is).
     */
    static Expansion expand(List<Path> args, Keep keep) {
        List<Path> out = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        List<Skip> unreadable = new ArrayList<>();
        for (Path arg : args) {
            if (!Files.isDirectory(arg)) {
                out.add(arg);
                continue;
            }
            List<Path> kept = new ArrayList<>();
            List<Skip> left = new ArrayList<>();
            try {
                Files.walkFileTree(arg, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        Skip why = classify(file, attrs, keep);
                        if (why == null) {
                            kept.add(file);
                        } else {
                            left.add(why);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        unreadable.add(new Skip(file, "cannot read: " + reason(e)));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                unreadable.add(new Skip(arg, "cannot walk the directory: " + reason(e)));
            }
            kept.sort(Comparator.comparing(Path::toString));
            left.sort(Comparator.comparing(s -> s.file().toString()));
            out.addAll(kept);
            skipped.addAll(left);
        }
        return new Expansion(List.copyOf(out), List.copyOf(skipped), List.copyOf(unreadable));
    }

    /** Null if a walk keeps {@code file}, else why not. */
    private static Skip classify(Path file, BasicFileAttributes attrs, Keep keep) {
        if (attrs.isSymbolicLink()) {
            if (Files.isDirectory(file)) {
                return new Skip(file, "symbolic link to a directory, not followed");
            }
            if (!Files.isRegularFile(file)) {
                return new Skip(file, "symbolic link to nothing readable");
            }
        } else if (!attrs.isRegularFile()) {
            return new Skip(file, "not a regular file");
        }
        if (keep == Keep.ALL) {
            return null;
        }
        Kind kind = kindOf(file);
        boolean kept = keep == Keep.VIDEOS ? kind == Kind.VIDEO : kind != Kind.OTHER;
        if (kept) {
            return null;
        }
        String name = String.valueOf(file.getFileName());
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? "extension " + name.substring(dot).toLowerCase(Locale.ROOT) : "no extension";
        return new Skip(file, (keep == Keep.VIDEOS ? "not a video by its name (" : "not an image or video by its name (")
                + ext + "); --all-files tries every file by its content");
    }

    /**
     * Names each skipped file on stderr ({@code mediamatch CMD: skipped FILE: reason}) and, when {@code jsonKey} is
     * not null, also as a JSON Lines record on stdout: {@code {jsonKey: FILE, "skipped": reason}}.
     */
    static void reportSkips(String command, Expansion walk, String jsonKey, PrintWriter out, PrintWriter err) {
        for (Skip s : walk.skipped()) {
            if (jsonKey != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(jsonKey, s.file().toString());
                m.put("skipped", s.reason());
                out.println(JsonOut.line(m));
            }
            err.println("mediamatch " + command + ": skipped " + s.file() + ": " + s.reason());
        }
        out.flush();
        err.flush();
    }

    /**
     * {@link #reportSkips}, then one stderr line per unreadable entry ({@code mediamatch CMD: FILE: reason});
     * returns how many were unreadable, the run's first failures.
     */
    static int reportWalk(String command, Expansion walk, String jsonKey, PrintWriter out, PrintWriter err) {
        reportSkips(command, walk, jsonKey, out, err);
        for (Skip s : walk.unreadable()) {
            err.println("mediamatch " + command + ": " + s.file() + ": " + s.reason());
        }
        err.flush();
        return walk.unreadable().size();
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        String cls = e.getClass().getSimpleName();
        return switch (cls) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file";
            default -> m == null || m.isBlank() ? cls : m;
        };
    }
}
