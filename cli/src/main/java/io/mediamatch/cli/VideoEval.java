package io.mediamatch.cli;

import io.mediamatch.MediaException;
import io.mediamatch.eval.SyntheticVideos;
import io.mediamatch.eval.VideoClips;
import io.mediamatch.eval.VideoEdit;
import io.mediamatch.eval.VideoEvaluation;
import io.mediamatch.eval.VideoEvaluation.Original;
import io.mediamatch.eval.VideoEvaluation.Query;
import io.mediamatch.eval.VideoEvaluation.VpdqThreshold;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.tmk.TmkHasher;
import io.mediamatch.video.VideoFiles;
import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqHasher;
import io.mediamatch.video.VpdqMatchOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code mediamatch eval --videos}: prepares each original (first seconds, scaled down), banks its every-frame vPDQ
 * and TMK+PDQF hashes, writes every seeded {@link VideoEdit} of it, hashes each as the matcher hashes an upload
 * (vPDQ one frame per second, plus the {@code --video-preprocess} view; TMK+PDQF) and counts with
 * {@link VideoEvaluation}; then writes the report ({@link VideoEvalReport}). Exit codes as {@link EvalCommand}.
 */
final class VideoEval {
    /** Synthetic clips: 16:9 at 30 fps. */
    private static final double SYNTHETIC_FPS = 30;

    private final VideoEvalOptions o;
    private final long seed;
    private final Path out;
    private final int threads;
    private final boolean familyByDir;
    private final PrintWriter stdout;
    private final PrintWriter stderr;

    /** A source video: a file, or a synthetic clip (seed, and the take when it is a re-shot near-duplicate). */
    private record Source(String name, String family, Path file, long clipSeed, long take, String kind) {
        boolean synthetic() {
            return file == null;
        }
    }

    /** A source prepared as a file under OUT/videos. */
    private record Prepared(Source source, Path file, VideoClips.Info info) {}

    VideoEval(VideoEvalOptions options, long seed, Path out, int threads, boolean familyByDir, PrintWriter stdout,
              PrintWriter stderr) {
        this.o = options;
        this.seed = seed;
        this.out = out;
        this.threads = threads;
        this.familyByDir = familyByDir;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    int run() {
        List<VideoEdit> edits;
        List<VpdqThreshold> vpdqThresholds;
        List<Float> tmkThresholds;
        VpdqHasher view;
        List<Source> originals = new ArrayList<>();
        List<Source> distractors = new ArrayList<>();
        try {
            edits = VideoEdit.parse(o.edits);
            vpdqThresholds = o.vpdqThresholds.stream().map(VpdqThreshold::parse).toList();
            tmkThresholds = o.tmkThresholds.stream().sorted().distinct().toList();
            if (tmkThresholds.isEmpty() || tmkThresholds.get(0) < -1 || tmkThresholds.get(tmkThresholds.size() - 1) > 1) {
                throw new IllegalArgumentException("--tmk-thresholds must lie in -1..1");
            }
            view = o.viewHasher();
            if (!(o.seconds > 0) || o.size < 16) {
                throw new IllegalArgumentException("--video-seconds must be > 0 and --video-size at least 16");
            }
            for (Path p : o.videos) {
                originals.addAll(files(p, "--videos", "original"));
            }
            for (Path p : o.videoDistractors) {
                distractors.addAll(files(p, "--video-distractors", "unrelated video"));
            }
        } catch (IllegalArgumentException | IOException e) {
            stderr.println("mediamatch eval: " + e.getMessage());
            return 2;
        }
        for (int k = 0; k < o.syntheticVideos; k++) {
            long s = seed * 1_000_003L + k;
            String name = "synthetic-" + k;
            originals.add(new Source(name, name, null, s, s, "original"));
            distractors.add(new Source(name + "-reshot", name + "-reshot", null, s, s + 7, "re-shot scene"));
        }
        for (int k = 0; k < o.syntheticVideoDistractors; k++) {
            long s = -seed * 1_000_033L - k - 1;
            String name = "synthetic-distractor-" + k;
            distractors.add(new Source(name, name, null, s, s, "unrelated synthetic"));
        }
        long started = System.nanoTime();
        Path videos = out.resolve("videos");
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "eval-video");
            t.setDaemon(true);
            return t;
        });
        List<Original> bank = new ArrayList<>();
        List<Prepared> bankSources = new ArrayList<>();
        List<Query> queries = new ArrayList<>();
        try {
            Files.createDirectories(videos);
            List<Future<Prepared>> prepOriginals = new ArrayList<>();
            for (Source s : originals) {
                prepOriginals.add(pool.submit(() -> prepare(s, videos, skipped)));
            }
            List<Future<Query>> distractorQueries = new ArrayList<>();
            for (Source s : distractors) {
                distractorQueries.add(pool.submit(() -> {
                    Prepared p = prepare(s, videos, skipped);
                    return p == null ? null : query(p.file(), s.name(), -1, s.kind(), view, skipped);
                }));
            }
            List<Future<Original>> banked = new ArrayList<>();
            for (Future<Prepared> f : prepOriginals) {
                Prepared p = f.get();
                if (p != null) {
                    bankSources.add(p);
                    banked.add(pool.submit(() -> original(p)));
                }
            }
            List<Future<Query>> variants = new ArrayList<>();
            for (int i = 0; i < bankSources.size(); i++) {
                Prepared p = bankSources.get(i);
                int index = i;
                for (VideoEdit e : edits) {
                    variants.add(pool.submit(() -> variant(p, index, e, videos, view, skipped)));
                }
            }
            for (Future<Original> f : banked) {
                bank.add(f.get());
            }
            EvalCommand.collect(variants, queries);
            EvalCommand.collect(distractorQueries, queries);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("mediamatch eval: interrupted");
            return 3;
        } catch (ExecutionException e) {
            stderr.println("mediamatch eval: " + e.getCause());
            return 3;
        } catch (IOException e) {
            stderr.println("mediamatch eval: cannot write to " + videos + ": " + e.getMessage());
            return 3;
        } finally {
            pool.shutdownNow();
        }
        for (String s : skipped) {
            stderr.println("skipped: " + s);
        }
        if (bank.isEmpty()) {
            stderr.println("mediamatch eval: no readable original video");
            return 3;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        VideoEvaluation evaluation = VideoEvaluation.of(bank, queries, VpdqMatchOptions.DEFAULTS, vpdqThresholds,
                tmkThresholds);
        VideoEvalReport.Config config = new VideoEvalReport.Config(
                o.videos.stream().map(Path::toString).toList(), o.videoDistractors.stream().map(Path::toString).toList(),
                o.syntheticVideos, o.syntheticVideoDistractors, edits.stream().map(VideoEdit::name).toList(),
                view == null ? null : o.preprocess.trim().toLowerCase(java.util.Locale.ROOT), seed, o.seconds, o.size,
                VpdqHasher.DEFAULT_SECONDS_PER_HASH,
                bank.size(), (int) queries.stream().filter(Query::isDistractor).count(), List.copyOf(skipped),
                seconds);
        try {
            VideoEvalReport report = new VideoEvalReport(config, evaluation, bank);
            report.write(out);
            report.printTable(stdout);
            stdout.println("report: " + out.resolve("report.html"));
        } catch (IOException | UncheckedIOException e) {
            stderr.println("mediamatch eval: cannot write the report to " + out + ": " + e.getMessage());
            return 3;
        }
        return skipped.isEmpty() ? 0 : 1;
    }

    /** Cuts and scales a file source, or renders a synthetic one, to OUT/videos; null (and a skip) on failure. */
    private Prepared prepare(Source s, Path dir, List<String> skipped) {
        Path file = dir.resolve((s.kind().equals("original") ? "" : "distractor.") + fileName(s.name()) + ".mp4");
        try {
            VideoClips.Info info;
            if (s.synthetic()) {
                int h = o.size & ~1;
                int w = (int) Math.round(h * 16 / 9.0) & ~1;
                int frames = (int) Math.max(1, Math.round(o.seconds * SYNTHETIC_FPS));
                SyntheticVideos clip = s.take() == s.clipSeed()
                        ? SyntheticVideos.clip(s.clipSeed(), w, h, frames, SYNTHETIC_FPS)
                        : SyntheticVideos.reshot(s.clipSeed(), s.take(), w, h, frames, SYNTHETIC_FPS);
                info = VideoClips.write(clip, SYNTHETIC_FPS, file);
            } else {
                info = VideoClips.prepare(s.file(), file, o.seconds, o.size);
            }
            return new Prepared(s, file, info);
        } catch (MediaException | RuntimeException e) {
            skipped.add(s.name() + ": " + e.getMessage());
            return null;
        }
    }

    /** The bank's view of an original: every-frame vPDQ (as banks should hold it) and TMK+PDQF. */
    private Original original(Prepared p) throws MediaException {
        VpdqHash v = VpdqHasher.builder().everyFrame().build().hash(p.file());
        TmkHash t = new TmkHasher().hash(p.file());
        return new Original(p.source().name(), p.source().family(), v, t);
    }

    private Query variant(Prepared p, int index, VideoEdit e, Path dir, VpdqHasher view, List<String> skipped) {
        String name = p.source().name() + " [" + e.name() + "]";
        Path file = dir.resolve(fileName(p.source().name()) + "." + fileName(e.name()) + ".mp4");
        try {
            VideoClips.edit(p.file(), e, editSeed(p.source().name(), e.name()), file);
            return query(file, name, index, e.name(), view, skipped);
        } catch (MediaException | RuntimeException ex) {
            skipped.add(name + ": " + ex.getMessage());
            return null;
        } finally {
            if (!o.keepVideos) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // left under OUT/videos
                }
            }
        }
    }

    /** A query hashed as the matcher hashes an upload: vPDQ one frame per second (and the view), TMK+PDQF. */
    private Query query(Path file, String name, int original, String edit, VpdqHasher view, List<String> skipped) {
        try {
            VpdqHash plain = VpdqHasher.builder().build().hash(file);
            VpdqHash viewed = view == null ? null : view.hash(file);
            TmkHash tmk = new TmkHasher().hash(file);
            return new Query(name, original, edit, plain, viewed, tmk);
        } catch (MediaException | RuntimeException e) {
            skipped.add(name + ": " + e.getMessage());
            return null;
        }
    }

    /** One seed per (source, edit), independent of order and scheduling. */
    private long editSeed(String source, String edit) {
        return seed * 0x9E3779B97F4A7C15L + source.hashCode() * 31L + edit.hashCode();
    }

    private List<Source> files(Path p, String option, String kind) throws IOException {
        if (Files.isRegularFile(p)) {
            String n = p.getFileName().toString();
            return List.of(new Source(n, n, p, 0, 0, kind));
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + " " + p + ": no such file or directory");
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(p)) {
            paths = walk.filter(Files::isRegularFile).filter(VideoFiles::hasVideoExtension).sorted().toList();
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException(option + " " + p + ": no file with a video extension");
        }
        List<Source> out = new ArrayList<>();
        for (Path f : paths) {
            String name = p.relativize(f).toString();
            Path parent = p.relativize(f).getParent();
            String family = familyByDir ? (parent == null ? "." : parent.toString()) : name;
            out.add(new Source(name, family, f, 0, 0, kind));
        }
        return out;
    }

    /** A safe file-name stem for a source or edit name (its extension dropped). */
    private static String fileName(String name) {
        String stem = name.replaceFirst("\\.(?i:" + String.join("|", VideoFiles.EXTENSIONS) + ")$", "");
        return stem.replaceAll("[^A-Za-z0-9._+-]", "_");
    }
}
