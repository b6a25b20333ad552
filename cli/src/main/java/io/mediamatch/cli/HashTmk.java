package io.mediamatch.cli;

import io.mediamatch.MediaException;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.tmk.TmkHasher;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code mediamatch hash --tmk VIDEO... -o FILE.tmk|DIR}: TMK+PDQF hashes written as Meta's {@code .tmk} files (with a
 * directory, created if missing, {@code DIR/NAME.tmk} for {@code NAME.ext}, as the reference's {@code -d}). One line per video on stdout,
 * {@code tmkfile,frames,video} (or JSON), in argument order; a video that fails prints one line on stderr.
 */
final class HashTmk {
    /** Extensions taken as videos when walking a directory (a file named explicitly is always tried). */
    static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "wmv", "flv",
            "mpg", "mpeg", "ts", "m2ts", "3gp", "ogv");

    private record Result(String out, String error) {}

    private HashTmk() {}

    static int run(CommandLine cl, List<Path> paths, Path output, boolean json, int threads, PrintWriter out,
            PrintWriter err) {
        if (output == null) {
            throw new ParameterException(cl, "--tmk needs -o FILE.tmk (one video) or -o DIR");
        }
        long start = System.nanoTime();
        int[] skipped = new int[1];
        List<Path> videos = expand(paths, skipped);
        boolean toDir = Files.isDirectory(output) || !output.toString().toLowerCase(Locale.ROOT).endsWith(".tmk");
        if (!toDir && videos.size() != 1) {
            throw new ParameterException(cl, "-o FILE.tmk takes one video; give a directory for " + videos.size()
                    + " videos");
        }
        if (toDir) {
            try {
                Files.createDirectories(output);
            } catch (IOException e) {
                throw new ParameterException(cl, "cannot create output directory " + output + ": " + e.getMessage());
            }
        }
        // Two videos named alike (a/x.mp4, b/x.mov) would overwrite one .tmk: the later one fails instead.
        Map<Path, Path> targets = new HashMap<>();
        List<Path> outFiles = new ArrayList<>();
        for (Path v : videos) {
            Path target = toDir ? output.resolve(stripExtension(String.valueOf(v.getFileName())) + ".tmk") : output;
            outFiles.add(targets.putIfAbsent(target.toAbsolutePath().normalize(), v) == null ? target : null);
        }
        ThreadLocal<TmkHasher> hashers = ThreadLocal.withInitial(TmkHasher::new);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "mediamatch-tmk");
            t.setDaemon(true);
            return t;
        });
        int failed = 0;
        try {
            int window = threads * 2;
            List<Future<Result>> pending = new ArrayList<>();
            int next = 0;
            for (int done = 0; done < videos.size(); done++) {
                while (next < videos.size() && next - done < window) {
                    Path v = videos.get(next);
                    Path target = outFiles.get(next);
                    next++;
                    pending.add(pool.submit(() -> hashOne(v, target, json, hashers.get())));
                }
                Result r = await(pending.get(done), videos.get(done));
                pending.set(done, null);
                if (r.error != null) {
                    failed++;
                    out.flush();
                    err.println("mediamatch hash: " + r.error);
                    err.flush();
                } else {
                    out.print(r.out);
                    out.flush();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        err.printf(Locale.ROOT, "mediamatch hash: %d videos, %d hashed, %d failed%s, %.2f s%n", videos.size(),
                videos.size() - failed, failed, skipped[0] > 0 ? ", " + skipped[0] + " non-video files skipped" : "",
                (System.nanoTime() - start) / 1e9);
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private static Result hashOne(Path video, Path target, boolean json, TmkHasher hasher) {
        if (target == null) {
            return new Result(null, video + ": another video already writes the same .tmk name");
        }
        try {
            TmkHash hash = hasher.hash(video);
            writeAtomically(target, hash.toBytes());
            if (json) {
                StringBuilder sb = new StringBuilder("{\"path\":");
                HashCommand.quote(sb, video.toString());
                sb.append(",\"tmk\":");
                HashCommand.quote(sb, target.toString());
                sb.append(",\"frames\":").append(hash.frameCount()).append("}\n");
                return new Result(sb.toString(), null);
            }
            return new Result(target + "," + hash.frameCount() + "," + video + "\n", null);
        } catch (MediaException e) {
            return new Result(null, e.getMessage());
        } catch (IOException e) {
            return new Result(null, target + ": cannot write: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            return new Result(null, video + ": not enough memory to hash this video");
        } catch (RuntimeException e) {
            return new Result(null, video + ": internal error: " + e);
        }
    }

    /** Never leaves a partial .tmk behind: write a sibling temporary file, then rename it over the target. */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".tmk-", ".part");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Result await(Future<Result> f, Path file) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, file + ": interrupted");
        } catch (ExecutionException e) {
            return new Result(null, file + ": internal error: " + e.getCause());
        }
    }

    /** Arguments in order; directories walked recursively (sorted), keeping files with a video extension. */
    static List<Path> expand(List<Path> args, int[] skipped) {
        List<Path> out = new ArrayList<>();
        for (Path arg : args) {
            if (!Files.isDirectory(arg)) {
                out.add(arg);
                continue;
            }
            try (Stream<Path> walk = Files.walk(arg)) {
                for (Path f : walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                    if (VIDEO_EXTENSIONS.contains(extension(String.valueOf(f.getFileName())))) {
                        out.add(f);
                    } else {
                        skipped[0]++;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                out.add(arg); // reported as a failure when hashed
            }
        }
        return out;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** {@code foo.mp4} to {@code foo}, as the reference names its output. */
    static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
