package io.mediamatch.cli;

import io.mediamatch.cli.MatchReport.Outcome;
import io.mediamatch.match.MatchOptions;
import io.mediamatch.match.MatchResult;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.match.VideoMatchOptions;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.preprocess.Preprocess;
import io.mediamatch.store.HashListReader;
import io.mediamatch.tmk.TmkIndex;
import io.mediamatch.video.VpdqMatchOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mediamatch match}: matches media files against a hash database. */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Match images (PDQ), videos (vPDQ, TMK+PDQF) and any file's MD5/SHA-256 against the enabled"
                + " banks of a hash database.",
            "Prints a short table per matched file (or JSON Lines with --json, one line per file);"
                + " a summary goes to stderr.",
            "Exit codes: 0 nothing matched; 1 at least one file matched; 2 a file could not be read or the"
                + " database failed (matches found are still printed)."})
final class MatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--distance", paramLabel = "D", defaultValue = "" + MatchOptions.DEFAULT_DISTANCE,
            description = "PDQ match distance for banks without their own (default ${DEFAULT-VALUE}).")
    int distance;

    @Option(names = "--quality", paramLabel = "Q", defaultValue = "" + MatchOptions.DEFAULT_MIN_QUALITY,
            description = "Do not match PDQ hashes of lower quality (0..100, default ${DEFAULT-VALUE});"
                    + " each skipped hash is reported on stderr.")
    int quality;

    @Option(names = "--dihedral", description = "Also match the 7 rotations and flips of each image.")
    boolean dihedral;

    @Option(names = "--no-exact", description = "Do not match MD5/SHA-256 of the file bytes.")
    boolean noExact;

    @Option(names = "--preprocess", paramLabel = "NAME[,NAME]", defaultValue = "",
            description = "Also hash and match cleaned-up views of each image: unletterbox (trim uniform borders),"
                    + " unframe (also one-colour title bars and caption strips). Off by default.")
    String preprocess;

    @Mixin
    VideoOptions video;

    @Option(names = "--vpdq-query-pct", paramLabel = "P", defaultValue = "" + VpdqMatchOptions.DEFAULT_QUERY_PERCENT,
            description = "vPDQ: percentage of the video's frames that must match a banked video (P_q,"
                    + " default ${DEFAULT-VALUE}).")
    double vpdqQueryPct;

    @Option(names = "--vpdq-compared-pct", paramLabel = "P",
            defaultValue = "" + VpdqMatchOptions.DEFAULT_COMPARED_PERCENT,
            description = "vPDQ: percentage of the banked video's frames that must match (P_c, default"
                    + " ${DEFAULT-VALUE}).")
    double vpdqComparedPct;

    @Option(names = "--trim-black-bars",
            description = "vPDQ: also match each video with the black bars all its sampled frames share cut off"
                    + " (letterboxed or pillarboxed re-uploads; `eval --videos` measures it). Off by default.")
    boolean trimBlackBars;

    @Option(names = "--tmk", paramLabel = "WHEN", defaultValue = "auto", converter = Converters.Tmk.class,
            description = "TMK+PDQF hashing of videos (a second decoding pass): auto (only when an enabled bank"
                    + " holds tmk_pdqf signals; default), always, never.")
    VideoMatchOptions.Tmk tmk;

    @Option(names = "--tmk-level1", paramLabel = "T", defaultValue = "" + TmkIndex.DEFAULT_LEVEL1_THRESHOLD,
            description = "TMK+PDQF level-1 threshold (-1..1, default ${DEFAULT-VALUE}).")
    float tmkLevel1;

    @Option(names = "--tmk-level2", paramLabel = "T", defaultValue = "" + TmkIndex.DEFAULT_LEVEL2_THRESHOLD,
            description = "TMK+PDQF level-2 threshold (-1..1, default ${DEFAULT-VALUE}).")
    float tmkLevel2;

    @Mixin
    JsonOption json;

    @Option(names = "--all", description = "Also print files that matched nothing.")
    boolean all;

    @Mixin
    ThreadsOption threads;

    @Mixin
    AllFilesOption allFiles;

    @Mixin
    ProgressOption progress;

    @Option(names = "--hashes", paramLabel = "FILE", description = "Also match the PDQ hashes listed in FILE"
            + " (repeatable), in batches of " + HASH_BATCH + ": lines 'hash', 'hash,metadata' or"
            + " 'hash,quality,name' (what mediamatch hash and Meta's pdq-photo-hasher print: a number as the"
            + " second of three fields is the quality); blank lines and # comments are skipped.")
    List<Path> hashLists = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files and directories (searched recursively"
            + " for images and videos).")
    List<Path> paths = new ArrayList<>();

    /** Listed hashes matched per call: a batch walks each bank's index once (benchmarks/results/index.md). */
    static final int HASH_BATCH = 1 << 16;
    /** A list whose first this many lines are all bad is taken for a file of another kind and not read on. */
    static final int NOT_A_LIST = 100;

    @Override
    public Integer call() throws IOException {
        int nThreads = threads.count();
        MatchOptions options;
        try {
            VideoMatchOptions videoOptions = new VideoMatchOptions(video.seconds(),
                    VpdqMatchOptions.DEFAULTS.withThresholds(vpdqQueryPct, vpdqComparedPct), tmkLevel1, tmkLevel2,
                    tmk).withTrimBlackBars(trimBlackBars).withAnimationFrames(video.frames);
            options = new MatchOptions(distance, quality, dihedral, !noExact, videoOptions,
                    Preprocess.parse(preprocess));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (paths.isEmpty() && hashLists.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give files or directories to match, or --hashes FILE");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        MediaFiles.Expansion walk = MediaFiles.expand(paths, allFiles.keep(MediaFiles.Keep.MEDIA));
        List<Path> files = walk.files();
        try (MediaMatcher matcher = MediaMatcher.open(db.orSample(), options)) {
            MatchReport report = new MatchReport(out, err, json.enabled, all);
            MediaFiles.reportSkips("match", walk, json.enabled ? "file" : null, out, err);
            for (MediaFiles.Skip s : walk.unreadable()) {
                report.report(new Outcome(s.file(), null, s.file() + ": " + s.reason()));
            }
            try (ProgressBar bar = progressBar(files.size())) {
                OrderedWorkers.run(files.size(), nThreads, nThreads * 4, "mediamatch-match",
                        i -> matchOne(matcher, files.get(i)),
                        (i, why) -> new Outcome(files.get(i), null, files.get(i) + ": " + why),
                        (i, o) -> {
                            report.report(o);
                            if (bar != null) {
                                bar.step();
                            }
                        });
            }
            long listed = 0;
            for (Path list : hashLists) {
                listed += matchList(matcher, list, report);
            }
            out.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            String what = (paths.isEmpty() ? "" : walk.seen() + " files")
                    + (paths.isEmpty() || hashLists.isEmpty() ? "" : " and ")
                    + (hashLists.isEmpty() ? "" : String.format("%,d listed hashes", listed));
            err.printf("mediamatch match: %s, %d matched, %d not matched, %d suppressed by negative banks,"
                            + " %d failed%s;"
                            + " %,d PDQ and %,d video signals indexed from %s; %.2f s%n", what, report.matched,
                    report.checked - report.matched, report.suppressed, report.failed, walk.skippedSummary(),
                    matcher.indexedSignals(), matcher.indexedVideoSignals(), db.label(), seconds);
            err.flush();
            return report.failed > 0 ? 2 : report.matched > 0 ? 1 : 0;
        }
    }

    private static Outcome matchOne(MediaMatcher matcher, Path file) {
        try {
            return new Outcome(file, matcher.match(file), null);
        } catch (IOException e) {
            return new Outcome(file, null, e.getMessage());
        } catch (OutOfMemoryError e) {
            return new Outcome(file, null, file + ": not enough memory to hash this file");
        } catch (RuntimeException e) {
            return new Outcome(file, null, file + ": internal error: " + e);
        }
    }

    /**
     * Matches the PDQ hashes listed in one file, {@link #HASH_BATCH} at a time, and reports each as a file's
     * outcome; a line that is not a hash is a failure naming the file and line, and the rest go on.
     *
     * @return the hash lines read (matched or not)
     */
    private static long matchList(MediaMatcher matcher, Path list, MatchReport report) throws IOException {
        long rows = 0;
        String file = list.toString();
        List<PdqHash> batch = new ArrayList<>();
        List<Outcome> pending = new ArrayList<>(); // the batch's rows in order: hashes (no result yet), bad lines
        try (InputStream in = Files.newInputStream(list)) {
            HashListReader lines = new HashListReader(in);
            for (HashListReader.Entry e = lines.next(); e != null; e = lines.next()) {
                long n = e.line();
                rows++;
                int quality = e.hasQuality() ? e.quality() : 100;
                String why = e.error() != null ? e.error()
                        : !Hash256.isHex(e.hash()) ? "not a 64-digit hex PDQ hash"
                        : quality < 0 || quality > 100 ? "quality " + quality + " is not 0..100" : null;
                if (why != null) {
                    pending.add(new Outcome(file, n, "", null, file + ":" + n + ": " + why));
                    if (rows == NOT_A_LIST && batch.isEmpty() && pending.size() == rows) {
                        pending.add(new Outcome(list, null, file + ": not a PDQ hash list (its first " + NOT_A_LIST
                                + " lines are not hashes); the rest of it is skipped"));
                        break;
                    }
                } else {
                    batch.add(new PdqHash(Hash256.fromHex(e.hash()), quality));
                    pending.add(new Outcome(file, n, e.name(), null, null));
                }
                if (pending.size() == HASH_BATCH) {
                    reportBatch(matcher, batch, pending, report);
                }
            }
        } catch (NoSuchFileException e) {
            pending.add(new Outcome(list, null, file + ": no such hash list"));
        } catch (IOException e) {
            pending.add(new Outcome(list, null, file + ": cannot read: " + e.getMessage()));
        }
        reportBatch(matcher, batch, pending, report);
        return rows;
    }

    /** Matches the batch's hashes and reports its rows (hashes and bad lines) in the list's order. */
    private static void reportBatch(MediaMatcher matcher, List<PdqHash> batch, List<Outcome> pending,
            MatchReport report) throws IOException {
        List<MatchResult> results = batch.isEmpty() ? List.of() : matcher.matchPdq(batch);
        int next = 0;
        for (Outcome o : pending) {
            report.report(o.error() != null ? o
                    : new Outcome(o.file(), o.line(), o.name(), results.get(next++), null));
        }
        batch.clear();
        pending.clear();
    }

    private ProgressBar progressBar(int total) {
        if (!progress.shown() || total < 2) {
            return null;
        }
        return Progress.bar("match", total, spec.commandLine().getErr()).build();
    }
}
