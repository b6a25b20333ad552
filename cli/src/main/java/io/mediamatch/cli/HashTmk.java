package io.mediamatch.cli;

import io.mediamatch.MediaException;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.tmk.TmkHasher;
import io.mediamatch.video.VideoFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * {@code mediamatch hash --tmk VIDEO... -o FILE.tmk|DIR}: TMK+PDQF hashes written as Meta's {@code .tmk} files (with a
 * directory, created if missing, {@code DIR/NAME.tmk} for {@code NAME.ext}, as the reference's {@code -d}). One line per video on stdout,
 * {@code tmkfile,frames,video} (or JSON), in argument order; a video that fails prints one line on stderr.
 */
final class HashTmk {
    private record Result(String out, String error) {}

    private HashTmk() {}

    static int run(CommandLine cl, MediaFiles.Expansion walk, Path output, boolean json, int threads,
            PrintWriter out, PrintWriter err) throws IOException {
        if (output == null) {
            throw new ParameterException(cl, "--tmk needs -o FILE.tmk (one video) or -o DIR");
        }
        long start = System.nanoTime();
        List<Path> videos = walk.files();
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
        HashRecords records = new HashRecords(json);
        int[] failed = {MediaFiles.reportWalk("hash", walk, json ? "path" : null, out, err)};
        OrderedWorkers.run(videos.size(), Math.max(1, threads), Math.max(1, threads) * 2, "mediamatch-tmk",
                i -> hashOne(videos.get(i), outFiles.get(i), records, hashers.get()),
                (i, why) -> new Result(null, videos.get(i) + ": " + why),
                (i, r) -> {
                    if (r.error != null) {
                        failed[0]++;
                        out.flush();
                        err.println("mediamatch hash: " + r.error);
                        err.flush();
                    } else {
                        out.print(r.out);
                        out.flush();
                    }
                });
        err.printf(Locale.ROOT, "mediamatch hash: %d files, %d hashed, %d failed%s, %.2f s%n", walk.seen(),
                walk.seen() - walk.skipped().size() - failed[0], failed[0], walk.skippedSummary(),
                (System.nanoTime() - start) / 1e9);
        err.flush();
        return failed[0] == 0 ? 0 : 1;
    }

    private static Result hashOne(Path video, Path target, HashRecords records, TmkHasher hasher) {
        if (target == null) {
            return new Result(null, video + ": another video already writes the same .tmk name");
        }
        try {
            TmkHash hash = hasher.hash(video);
            writeAtomically(target, hash.toBytes());
            return new Result(records.tmk(video.toString(), target.toString(), hash.frameCount()), null);
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

    /** {@code foo.mp4} to {@code foo}, as the reference names its output. */
    static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
