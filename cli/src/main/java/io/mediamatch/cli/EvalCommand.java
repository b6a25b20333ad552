package io.mediamatch.cli;

import io.mediamatch.augment.Augment;
import io.mediamatch.augment.AugmentHasher;
import io.mediamatch.augment.ViewHash;
import io.mediamatch.eval.Evaluation.Original;
import io.mediamatch.eval.Evaluation.Query;
import io.mediamatch.eval.Evaluation;
import io.mediamatch.eval.NearDuplicates;
import io.mediamatch.eval.SyntheticImages;
import io.mediamatch.eval.Transform;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.Pdq;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.preprocess.Preprocess;
import io.mediamatch.store.HashListReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mediamatch eval}: how well PDQ matching survives re-upload edits, and what it costs in false positives.
 * Originals are hashed as a shared database would hold them (no preprocessing); every seeded edit of every original
 * and every distractor is hashed as a query (with {@code --preprocess} and {@code --dihedral}); the counts come from
 * {@link Evaluation}. Exit codes: 0 done, 1 done but some inputs were skipped (named on stderr), 2 usage error,
 * 3 nothing to evaluate or the report could not be written.
 */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measure recall per edit (resize, JPEG, crop, rotate, letterbox, watermark, screenshot...) and the "
                    + "false-positive rate at several PDQ distances; write report.html, report.json and PNG plots.",
            "Originals are hashed plainly (as a shared database holds them); edited variants and distractors are the "
                    + "queries, hashed with --preprocess and --dihedral.",
            "With --videos or --synthetic-videos: the video evaluation instead (vPDQ and TMK+PDQF match rates per "
                    + "video edit, false positives; the --video-* options)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:done, but some input files could not be read (each named on stderr) and were left out",
            "2:bad usage",
            "3:nothing to evaluate (no readable originals) or the report could not be written"})
public final class EvalCommand implements Callable<Integer> {
    static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

    @Option(names = "--originals", paramLabel = "DIR|FILE",
            description = "Original images: a directory (searched recursively) or a file; repeatable. Each file is "
                    + "its own photo unless --family-by-dir.")
    List<Path> originalsDirs = new ArrayList<>();

    @Option(names = "--distractors", paramLabel = "DIR|FILE",
            description = "Unrelated images (directory or file; repeatable): any match against an original is a "
                    + "false positive.")
    List<Path> distractorsDirs = new ArrayList<>();

    @Option(names = "--extra-hashes", paramLabel = "FILE",
            description = "PDQ hashes of unrelated images (one hex hash per line, optional ',...' after it), added "
                    + "to the database: any query matching one is a false positive. Repeatable.")
    List<Path> extraHashFiles = new ArrayList<>();

    @Option(names = "--synthetic", paramLabel = "N", defaultValue = "0",
            description = "Add N seeded synthetic photo-like originals (default: ${DEFAULT-VALUE}).")
    int syntheticOriginals;

    @Option(names = "--synthetic-distractors", paramLabel = "N", defaultValue = "0",
            description = "Add N seeded synthetic distractors (default: ${DEFAULT-VALUE}).")
    int syntheticDistractors;

    @Option(names = "--near-duplicates", paramLabel = "N", defaultValue = "0",
            description = "Add N seeded near-duplicate sets: each banks one picture (a scene or a shared stock "
                    + "background, subjects, a caption) and queries 4 distractors that share most of it (another "
                    + "caption, another frame, the scene panned 15%%, the background alone). Default: ${DEFAULT-VALUE}.")
    int nearDuplicates;

    @Option(names = "--family-by-dir",
            description = "Originals in the same directory are edits of one photo: matching each other is not a "
                    + "false positive.")
    boolean familyByDir;

    @Option(names = "--transforms", paramLabel = "all|NAME[,NAME]", defaultValue = "all",
            description = "Edits to apply (a+b chains two). Default: all. Names: ${COMPLETION-CANDIDATES}",
            completionCandidates = TransformNames.class)
    String transforms;

    @Option(names = "--distances", paramLabel = "D[,D]", split = ",", defaultValue = "16,24,31,40",
            description = "Hamming distance thresholds (0..256) to report (default: ${DEFAULT-VALUE}).")
    int[] distances;

    @Option(names = "--dihedral",
            description = "Query all 8 rotations/mirrors of each query image (catches rotate-90/180/270, mirror).")
    boolean dihedral;

    @Option(names = "--preprocess", paramLabel = "NAME[,NAME]", defaultValue = "",
            description = "Also hash a cleaned-up view of each query image (the image as it is is always hashed "
                    + "too): ${COMPLETION-CANDIDATES}. Default: none.",
            completionCandidates = PreprocessNames.class)
    String preprocess;

    @Option(names = "--augment", paramLabel = "NAME[,NAME]", defaultValue = "",
            description = "Bank each original with the extra hashes of these views too (augmented banking, as "
                    + "'db add --augment' does): centre-K, top-K, left-K, top-left-K..., rot-cw-D, rot-ccw-D, or "
                    + "default (" + Augment.DEFAULT_SPEC + "). Default: none.")
    String augment;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "eval-report",
            description = "Output directory for report.html, report.json, plots and thumbnails "
                    + "(default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random edit (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ThreadsOption threads;

    @Mixin
    VideoEvalOptions videos;

    @Option(names = "--worst", paramLabel = "K", defaultValue = "12",
            description = "Show the K worst misses with thumbnails (default: ${DEFAULT-VALUE}).")
    int worst;

    @Spec
    CommandSpec spec;

    private static final ThreadLocal<AugmentHasher> AUGMENTERS = ThreadLocal.withInitial(AugmentHasher::new);

    /** A source image: a file or a synthetic photo; decoded lazily, possibly twice (for thumbnails). */
    record Item(String name, String family, Supplier<BufferedImage> image) {}

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (videos.active()) {
            return new VideoEval(videos, seed, out, threads.countAtLeastOne(), familyByDir, stdout, stderr).run();
        }
        List<Transform> edits;
        List<Preprocess> steps;
        List<Augment> views;
        try {
            edits = Transform.parse(transforms);
            steps = Preprocess.parse(preprocess);
            views = Augment.parse(augment);
            checkDistances();
        } catch (IllegalArgumentException e) {
            stderr.println("mediamatch eval: " + e.getMessage());
            return 2;
        }
        if (originalsDirs.isEmpty() && syntheticOriginals <= 0 && nearDuplicates <= 0) {
            stderr.println("mediamatch eval: give --originals DIR, --synthetic N and/or --near-duplicates N");
            return 2;
        }
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        List<Item> originals;
        List<Item> distractors;
        try {
            originals = new ArrayList<>();
            for (Path p : originalsDirs) {
                originals.addAll(files(p, "--originals"));
            }
            distractors = new ArrayList<>();
            for (Path p : distractorsDirs) {
                distractors.addAll(files(p, "--distractors"));
            }
        } catch (IOException | IllegalArgumentException e) {
            stderr.println("mediamatch eval: " + e.getMessage());
            return 2;
        }
        for (int k = 0; k < syntheticOriginals; k++) {
            originals.add(synthetic("synthetic-original-" + k, seed * 1_000_003L + k));
        }
        for (int k = 0; k < syntheticDistractors; k++) {
            distractors.add(synthetic("synthetic-distractor-" + k, -seed * 1_000_033L - k - 1));
        }
        for (int k = 0; k < nearDuplicates; k++) {
            long set = seed * 1_000_037L + k;
            Random r = new Random(set);
            int w = 480 + r.nextInt(545);
            int h = 480 + r.nextInt(545);
            String name = "near-duplicate-" + k;
            originals.add(new Item(name, name, () -> NearDuplicates.original(set, w, h)));
            for (NearDuplicates.Kind kind : NearDuplicates.Kind.values()) {
                distractors.add(new Item(name + " [" + kind.id() + "]", name + " [" + kind.id() + "]",
                        () -> NearDuplicates.distractor(set, kind, w, h)));
            }
        }

        int nThreads = threads.countAtLeastOne();
        long total = (long) originals.size() * (1 + edits.size()) + distractors.size();
        List<Original> dbOriginals = new ArrayList<>();
        List<Item> usedOriginals = new ArrayList<>();
        List<Query> queries = new ArrayList<>();
        List<Original> augmented = new ArrayList<>();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
            Thread t = new Thread(r, "eval-worker");
            t.setDaemon(true);
            return t;
        });
        try (ProgressBar bar = progressBar(total, stderr)) {
            List<Future<List<Object>>> futures = new ArrayList<>();
            for (Item item : originals) {
                futures.add(pool.submit(() -> hashOriginal(item, edits, steps, views, bar, skipped)));
            }
            List<Future<Query>> distractorFutures = new ArrayList<>();
            for (Item item : distractors) {
                distractorFutures.add(pool.submit(() -> hashDistractor(item, steps, bar, skipped)));
            }
            for (int i = 0; i < futures.size(); i++) {
                List<Object> r = futures.get(i).get();
                if (r.isEmpty()) {
                    continue;
                }
                int index = dbOriginals.size();
                dbOriginals.add((Original) r.get(0));
                usedOriginals.add(originals.get(i));
                for (int k = 1; k < r.size(); k++) {
                    if (r.get(k) instanceof Original view) {
                        augmented.add(view);
                        continue;
                    }
                    Query q = (Query) r.get(k);
                    queries.add(new Query(q.name(), index, q.transform(), q.hashes(), q.quality()));
                }
            }
            collect(distractorFutures, queries);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("mediamatch eval: interrupted");
            return 3;
        } catch (ExecutionException e) {
            stderr.println("mediamatch eval: " + e.getCause());
            return 3;
        } finally {
            pool.shutdownNow();
        }
        for (String s : skipped) {
            stderr.println("skipped: " + s);
        }
        if (dbOriginals.isEmpty()) {
            stderr.println("mediamatch eval: no readable originals");
            return 3;
        }
        int realOriginals = dbOriginals.size();
        dbOriginals.addAll(augmented); // after the originals: a query's original index stays its item's
        try {
            for (Path f : extraHashFiles) {
                try (InputStream in = Files.newInputStream(f)) {
                    HashListReader lines = new HashListReader(in);
                    for (HashListReader.Entry e = lines.next(); e != null; e = lines.next()) {
                        if (e.error() == null && e.hash().isEmpty()) {
                            continue; // ",..." with no hash: skipped, as eval always did
                        }
                        if (!Hash256.isHex(e.hash())) {
                            throw new IOException(f + " line " + e.line() + ": not a 64-digit hex PDQ hash");
                        }
                        String name = f.getFileName() + ":" + e.line();
                        dbOriginals.add(new Original(name, "extra " + name, Hash256.fromHex(e.hash()), 100));
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            stderr.println("mediamatch eval: --extra-hashes: " + e.getMessage());
            return 2;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Evaluation evaluation = Evaluation.of(dbOriginals, queries, distances, Math.max(0, worst));
        EvalReport.Config config = new EvalReport.Config(
                originalsDirs.stream().map(Path::toString).toList(),
                distractorsDirs.stream().map(Path::toString).toList(), syntheticOriginals, syntheticDistractors,
                edits.stream().map(Transform::name).toList(), dihedral,
                steps.stream().map(Preprocess::id).toList(), seed, realOriginals,
                dbOriginals.size() - realOriginals - augmented.size(),
                (int) queries.stream().filter(Query::isDistractor).count(), List.copyOf(skipped), seconds,
                views.stream().map(Augment::name).toList(), augmented.size(), nearDuplicates);
        try {
            Files.createDirectories(out);
            EvalReport report = new EvalReport(config, evaluation, dbOriginals, usedOriginals,
                    (orig, transform) -> variant(usedOriginals.get(orig), Transform.parse(transform).get(0)));
            report.write(out);
            report.printTable(stdout);
            stdout.println("report: " + out.resolve("report.html"));
        } catch (IOException | UncheckedIOException e) {
            stderr.println("mediamatch eval: cannot write the report to " + out + ": " + e.getMessage());
            return 3;
        }
        return skipped.isEmpty() ? 0 : 1;
    }

    private void checkDistances() {
        if (distances == null || distances.length == 0) {
            throw new IllegalArgumentException("--distances needs at least one value");
        }
        distances = Arrays.stream(distances).sorted().distinct().toArray();
        if (distances[0] < 0 || distances[distances.length - 1] > Hash256.BITS) {
            throw new IllegalArgumentException("--distances must lie in 0..256");
        }
    }

    /**
     * Hashes the original, its augmented views (banked in its family, named {@code NAME#aug:VIEW}), then each edit
     * of it. Returns [Original, Original of a view..., Query...], or empty when unreadable.
     */
    private List<Object> hashOriginal(Item item, List<Transform> edits, List<Preprocess> steps, List<Augment> views,
                                      ProgressBar bar, List<String> skipped) {
        BufferedImage img;
        try {
            img = item.image().get();
        } catch (RuntimeException e) {
            skipped.add(item.name() + ": " + message(e));
            bar.stepBy(1 + edits.size());
            return List.of();
        }
        List<Object> out = new ArrayList<>();
        PdqHash h = Pdq.hash(img);
        out.add(new Original(item.name(), item.family(), h.hash(), h.quality()));
        Set<Hash256> banked = new HashSet<>(List.of(h.hash()));
        for (ViewHash v : AUGMENTERS.get().hash(img, views)) {
            if (banked.add(v.hash().hash())) { // a view hashing like one already banked adds nothing
                out.add(new Original(item.name() + "#" + v.view().label(), item.family(), v.hash().hash(),
                        v.hash().quality()));
            }
        }
        bar.step();
        for (Transform t : edits) {
            BufferedImage v = t.apply(img, random(item.name(), t.name()));
            out.add(query(item.name() + " [" + t.name() + "]", 0, t.name(), v, steps));
            bar.step();
        }
        return out;
    }

    private Query hashDistractor(Item item, List<Preprocess> steps, ProgressBar bar, List<String> skipped) {
        try {
            return query(item.name(), -1, null, item.image().get(), steps);
        } catch (RuntimeException e) {
            skipped.add(item.name() + ": " + message(e));
            return null;
        } finally {
            bar.step();
        }
    }

    private Query query(String name, int original, String transform, BufferedImage img, List<Preprocess> steps) {
        List<Hash256> hashes = new ArrayList<>();
        int quality = 0;
        for (BufferedImage view : Preprocess.views(steps, img)) {
            if (dihedral) {
                var d = Pdq.hashDihedral(view);
                hashes.addAll(d.all());
                quality = Math.max(quality, d.quality());
            } else {
                PdqHash h = Pdq.hash(view);
                hashes.add(h.hash());
                quality = Math.max(quality, h.quality());
            }
        }
        return new Query(name, original, transform, hashes, quality);
    }

    /** The same variant {@link #hashOriginal} hashed (same seed), for thumbnails. */
    BufferedImage variant(Item original, Transform t) {
        return t.apply(original.image().get(), random(original.name(), t.name()));
    }

    /** One stream per (original, edit), independent of file order and thread scheduling. */
    private Random random(String original, String transform) {
        return new Random(seed * 0x9E3779B97F4A7C15L + original.hashCode() * 31L + transform.hashCode());
    }

    private Item synthetic(String name, long photoSeed) {
        Random r = new Random(photoSeed);
        int w = 480 + r.nextInt(545);
        int h = 480 + r.nextInt(545);
        return new Item(name, name, () -> SyntheticImages.photo(photoSeed, w, h));
    }

    private List<Item> files(Path dir, String option) throws IOException {
        if (Files.isRegularFile(dir)) {
            return List.of(new Item(dir.toString(), dir.toString(), () -> ImageFiles.read(dir)));
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + ": no such file or directory");
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(Files::isRegularFile).filter(EvalCommand::isImage).sorted().toList();
        }
        List<Item> items = new ArrayList<>();
        for (Path p : paths) {
            String name = dir.relativize(p).toString();
            Path parent = dir.relativize(p).getParent();
            String family = familyByDir ? (parent == null ? "." : parent.toString()) : name;
            items.add(new Item(name, family, () -> ImageFiles.read(p)));
        }
        return items;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
    }

    private static String message(Throwable e) {
        Throwable c = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    private static ProgressBar progressBar(long total, PrintWriter stderr) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName("eval").setInitialMax(total)
                .setUpdateIntervalMillis(250).continuousUpdate();
        if (Progress.shown(false)) {
            b.setConsumer(Progress.consumer(stderr));
        } else {
            // Not a terminal: keep stderr clean (a silent bar still counts).
            b.setConsumer(new ConsoleProgressBarConsumer(new PrintStream(PrintStream.nullOutputStream())));
        }
        return b.build();
    }

    static final class TransformNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Transform.all().stream().map(Transform::name).iterator();
        }
    }

    static final class PreprocessNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Preprocess.ids().iterator();
        }
    }

    /** Waits for each task in order and adds its result to {@code out}, skipping nulls (inputs that were skipped). */
    static <T> void collect(List<Future<T>> tasks, List<? super T> out) throws InterruptedException, ExecutionException {
        for (Future<T> f : tasks) {
            T v = f.get();
            if (v != null) {
                out.add(v);
            }
        }
    }
}
