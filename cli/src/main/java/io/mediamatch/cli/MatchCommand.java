package io.mediamatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.match.Match;
import io.mediamatch.match.MatchOptions;
import io.mediamatch.match.MatchResult;
import io.mediamatch.match.Matcher;
import io.mediamatch.match.QueryHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mediamatch match}: matches media files against a hash database. */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Match images (and any file's MD5/SHA-256) against the enabled banks of a hash database.",
            "Prints a short table per matched file (or JSON Lines with --json, one line per file);"
                + " a summary goes to stderr.",
            "Exit codes: 0 nothing matched; 1 at least one file matched; 2 a file could not be read or the"
                + " database failed (matches found are still printed)."})
final class MatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "FILE", description = "The hash database (default: the bundled sample"
            + " database, made-up labels on the reference images).")
    Path db;

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

    @Option(names = "--json", description = "JSON Lines: one object per file with every hash, match and note.")
    boolean json;

    @Option(names = "--all", description = "Also print files that matched nothing.")
    boolean all;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores)."
            + " Output order does not depend on it.")
    Integer threads;

    @Option(names = "--no-progress", description = "Never show the progress bar (shown only on a terminal).")
    boolean noProgress;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files and directories (searched recursively"
            + " for images).")
    List<Path> paths;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file's outcome. */
    private record Outcome(Path file, MatchResult result, String error) {}

    @Override
    public Integer call() throws IOException {
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        MatchOptions options;
        try {
            options = new MatchOptions(distance, quality, dihedral, !noExact);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        int[] skipped = new int[1];
        List<Path> files = MediaFiles.expand(paths, skipped);
        int matched = 0;
        int suppressed = 0;
        int failed = 0;
        Path dbFile = db != null ? db : SampleDatabase.path();
        if (db != null && !java.nio.file.Files.isRegularFile(db)) {
            err.println("mediamatch match: " + db + ": no such database (create it with mediamatch db init)");
            return 2;
        }
        try (Matcher matcher = Matcher.open(dbFile, options)) {
            ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
                Thread t = new Thread(r, "mediamatch-match");
                t.setDaemon(true);
                return t;
            });
            try (ProgressBar bar = progressBar(files.size())) {
                int window = nThreads * 4;
                List<Future<Outcome>> pending = new ArrayList<>();
                int next = 0;
                for (int done = 0; done < files.size(); done++) {
                    while (next < files.size() && next - done < window) {
                        Path f = files.get(next++);
                        pending.add(pool.submit(() -> matchOne(matcher, f)));
                    }
                    Outcome o = await(pending.get(done), files.get(done));
                    pending.set(done, null);
                    if (o.error != null) {
                        failed++;
                        if (json) {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("file", o.file.toString());
                            m.put("error", o.error);
                            out.println(JSON.writeValueAsString(m));
                        }
                        out.flush();
                        err.println("mediamatch match: " + o.error);
                        err.flush();
                    } else {
                        MatchResult r = o.result;
                        matched += r.matched() ? 1 : 0;
                        suppressed += r.negative().isEmpty() ? 0 : 1;
                        for (String note : r.notes()) {
                            err.println("mediamatch match: " + o.file + ": " + note);
                        }
                        if (json) {
                            out.println(JSON.writeValueAsString(toJson(o.file, r)));
                        } else if (r.matched() || !r.negative().isEmpty() || all) {
                            out.print(table(o.file, r));
                        }
                    }
                    if (bar != null) {
                        bar.step();
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            out.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf("mediamatch match: %d files, %d matched, %d suppressed by negative banks, %d failed%s;"
                            + " %,d PDQ signals indexed from %s; %.2f s%n", files.size(), matched, suppressed,
                    failed, skipped[0] > 0 ? ", " + skipped[0] + " non-image files skipped" : "",
                    matcher.indexedSignals(), db != null ? db : "the bundled sample database", seconds);
            err.flush();
        }
        return failed > 0 ? 2 : matched > 0 ? 1 : 0;
    }

    private static Outcome matchOne(Matcher matcher, Path file) {
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

    private static Outcome await(Future<Outcome> f, Path file) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(file, null, file + ": interrupted");
        } catch (ExecutionException e) {
            return new Outcome(file, null, file + ": internal error: " + e.getCause());
        }
    }

    private ProgressBar progressBar(int total) {
        if (noProgress || System.console() == null || total < 2) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("match").setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).clearDisplayOnFinish().build();
    }

    /** The human table: the file, then one row per match (bank, distance, type, labels). */
    static String table(Path file, MatchResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(r.matched() ? "" : r.negative().isEmpty() ? "  (no match)" : "  (known benign)")
                .append('\n');
        List<Match> rows = new ArrayList<>(r.matches());
        rows.addAll(r.negative());
        rows.addAll(r.suppressed());
        if (rows.isEmpty()) {
            return sb.toString();
        }
        int w = "bank".length();
        for (Match m : rows) {
            w = Math.max(w, m.bank().length() + (m.negative() ? 11 : 0));
        }
        sb.append(String.format("  %-" + w + "s  %-8s  %-6s  %s%n", "bank", "distance", "type", "labels"));
        for (Match m : r.matches()) {
            sb.append(row(m, w, ""));
        }
        for (Match m : r.negative()) {
            sb.append(row(m, w, " (negative)"));
        }
        for (Match m : r.suppressed()) {
            sb.append(row(m, w, "")).setLength(sb.length() - 1);
            sb.append("  [suppressed]\n");
        }
        return sb.toString();
    }

    private static String row(Match m, int w, String suffix) {
        String dist = m.type().wireName().equals("pdq") ? m.distance() + "/" + m.threshold() : "exact";
        String orient = m.orientation().ordinal() == 0 ? "" : " (" + m.orientation().label() + ")";
        return String.format("  %-" + w + "s  %-8s  %-6s  %s%s%n", m.bank() + suffix, dist, m.type().wireName(),
                String.join(",", m.labels()), orient);
    }

    static Map<String, Object> toJson(Path file, MatchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("matched", r.matched());
        m.put("matches", matches(r.matches()));
        m.put("negative", matches(r.negative()));
        m.put("suppressed", matches(r.suppressed()));
        List<Map<String, Object>> hashes = new ArrayList<>();
        for (QueryHash h : r.hashes()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("type", h.type().wireName());
            x.put("value", h.value());
            if (h.quality() >= 0) {
                x.put("quality", h.quality());
            }
            x.put("used", h.used());
            hashes.add(x);
        }
        m.put("hashes", hashes);
        m.put("notes", r.notes());
        return m;
    }

    private static List<Map<String, Object>> matches(List<Match> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Match x : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bank", x.bank());
            m.put("negative_bank", x.negative());
            m.put("signal_id", x.signalId());
            m.put("type", x.type().wireName());
            m.put("value", x.value());
            m.put("distance", x.distance());
            m.put("threshold", x.threshold());
            m.put("orientation", x.orientation().label());
            m.put("query", x.query());
            m.put("labels", new java.util.TreeSet<>(x.labels()));
            m.put("source", x.source());
            m.put("external_id", x.externalId());
            m.put("status", x.status().wireName());
            out.add(m);
        }
        return out;
    }
}
