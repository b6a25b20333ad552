package io.mediamatch.cli;

import io.mediamatch.index.HammingIndex;
import io.mediamatch.index.IndexMatch;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.store.HashListReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mediamatch bench index}: builds a {@link HammingIndex} from a hash file (or random data) and times
 * range and nearest-neighbour queries. Exit codes: 0 done, 1 unreadable or empty input, 2 bad options.
 */
@Command(name = "index",
        mixinStandardHelpOptions = true,
        description = {
            "Time exact Hamming range and k-nearest search over 256-bit hashes.",
            "Reads the files `faiss_bench.py generate` writes (one 64-hex hash per line; `hash,metadata` lines "
                    + "accepted), or generates random data with --size. Prints one line per method: method, n, "
                    + "queries/s, ms/query, build seconds, index MiB, results found.",
            "Exit codes: 0 done, 1 unreadable or empty input, 2 bad options."})
public final class IndexBenchCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE", description = "Database hashes, one per line.")
    Path db;

    @Option(names = "--queries", paramLabel = "FILE", description = "Query hashes, one per line.")
    Path queries;

    @Option(names = "--size", paramLabel = "N", description = "Generate N random database hashes instead of --db.")
    Integer size;

    @Option(names = "--queries-size", paramLabel = "N", defaultValue = "1000",
            description = "Generated queries (default: ${DEFAULT-VALUE}).")
    int queriesSize;

    @Option(names = "--flips", paramLabel = "BITS", defaultValue = "15",
            description = "Generated queries are database hashes with this many bits flipped; -1 for unrelated "
                    + "random hashes (default: ${DEFAULT-VALUE}).")
    int flips;

    @Option(names = "--clustered", description = "Generate families of near-duplicates instead of uniform hashes.")
    boolean clustered;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for generated data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--distance", defaultValue = "31",
            description = "Range radius, inclusive (default: ${DEFAULT-VALUE}).")
    int distance;

    @Option(names = "--k", defaultValue = "1",
            description = "Neighbours for kNN; 0 skips the kNN rows (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--threads", defaultValue = "1",
            description = "Threads issuing queries concurrently (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--engine", defaultValue = "auto", converter = Converters.Engine.class,
            description = "auto, scan or mih (default: ${DEFAULT-VALUE}).")
    HammingIndex.Engine engine;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8",
            description = "Queries per call in the batch rows (default: ${DEFAULT-VALUE}: one scan pass serves "
                    + "8 queries; the multi-index batches its table walks from about 330 queries at 1M hashes "
                    + "and 2,000 at 10M, d <= 31).")
    int batch;

    @Mixin
    JsonOption json;

    @Option(names = "--clock", defaultValue = "wall",
            description = "wall: elapsed time; cpu: CPU time of the query threads (summed), steadier on a busy "
                    + "machine; queries/s is then per thread (default: ${DEFAULT-VALUE}).")
    String clock;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "1",
            description = "CPU seconds of untimed queries per method first, so the JIT has compiled the search "
                    + "(default: ${DEFAULT-VALUE}; at most 10x that elapsed).")
    double warmup;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!clock.equals("wall") && !clock.equals("cpu")) {
            err.println("bench index: --clock must be wall or cpu, got '" + clock + "'");
            return 2;
        }
        if ((size == null) == (db == null) || (db != null && queries == null)) {
            err.println("bench index: give either --db FILE --queries FILE, or --size N");
            return 2;
        }
        if (distance < 0 || k < 0 || warmup < 0 || threads < 1 || queriesSize < 1 || (size != null && size < 1)
                || flips > 256 || batch < 1) {
            err.println("bench index: --distance, --k >= 0; --threads, --size, --queries-size, --batch >= 1; "
                    + "--flips <= 256");
            return 2;
        }
        long[] dbWords;
        List<Hash256> qs;
        try {
            if (db != null) {
                dbWords = readWords(db, err);
                long[] qw = readWords(queries, err);
                qs = new ArrayList<>();
                for (int i = 0; i < qw.length; i += 4) {
                    qs.add(Hash256.fromWords(qw, i));
                }
            } else {
                SplittableRandom r = new SplittableRandom(seed);
                dbWords = generate(size, clustered, r);
                qs = generateQueries(dbWords, queriesSize, flips, r);
            }
        } catch (IOException e) {
            err.println("bench index: " + e.getMessage());
            return 1;
        }
        int n = dbWords.length / 4;
        if (n == 0 || qs.isEmpty()) {
            err.println("bench index: no hashes in " + (n == 0 ? db : queries));
            return 1;
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        System.gc();
        long t0 = System.nanoTime();
        HammingIndex index = HammingIndex.of(ids, dbWords, engine);
        double build = (System.nanoTime() - t0) / 1e9;
        dbWords = null;
        double mib = index.memoryBytes() / (1024.0 * 1024.0);
        String name = engine.name().toLowerCase(Locale.ROOT);
        if (!json.enabled) {
            int[] w = index.multiIndexWidths();
            out.printf("# mediamatch %s, n=%d, queries=%d, threads=%d, distance<=%d, k=%d, multi-index widths %s, "
                    + "scan kernel %s%n", name, n, qs.size(), threads, distance, k,
                    w.length == 0 ? "none" : Arrays.toString(w), HammingIndex.scanKernel());
        }
        int d = distance;
        report(out, name + " range d<=" + d, n, qs, build, mib, q -> index.range(q, d).size());
        if (k > 0) {
            report(out, name + " kNN k=" + k, n, qs, build, mib, q -> count(index.nearest(q, k), d));
        }
        reportBatch(out, name + " range d<=" + d + " batch" + batch, n, qs, build, mib,
                b -> index.rangeBatch(b, d).stream().mapToInt(List::size).sum());
        if (k > 0) {
            reportBatch(out, name + " kNN k=" + k + " batch" + batch, n, qs, build, mib,
                    b -> index.nearestBatch(b, k).stream().mapToInt(l -> count(l, d)).sum());
        }
        out.flush();
        return 0;
    }

    /** kNN "found" counts neighbours within the range radius, as faiss_bench.py does. */
    private static int count(List<IndexMatch> l, int d) {
        int c = 0;
        for (IndexMatch m : l) {
            if (m.distance() <= d) {
                c++;
            }
        }
        return c;
    }

    private void report(PrintWriter out, String method, int n, List<Hash256> qs, double build, double mib,
            ToIntFunction<Hash256> query) throws Exception {
        List<List<Hash256>> single = new ArrayList<>();
        for (Hash256 q : qs) {
            single.add(List.of(q));
        }
        reportBatch(out, method, n, single, build, mib, b -> query.applyAsInt(b.get(0)), qs.size());
    }

    private void reportBatch(PrintWriter out, String method, int n, List<Hash256> qs, double build, double mib,
            ToIntFunction<List<Hash256>> query) throws Exception {
        List<List<Hash256>> blocks = new ArrayList<>();
        for (int i = 0; i < qs.size(); i += batch) {
            blocks.add(qs.subList(i, Math.min(qs.size(), i + batch)));
        }
        reportBatch(out, method, n, blocks, build, mib, query, qs.size());
    }

    private void reportBatch(PrintWriter out, String method, int n, List<List<Hash256>> units, double build,
            double mib, ToIntFunction<List<Hash256>> query, int nq) throws Exception {
        // warm-up: let the JIT compile the query path, cycling over the workload for about 1 s of CPU time
        // (at most 10 s elapsed on a busy machine)
        long warmNanos = (long) (warmup * 1e9);
        long warmCpuEnd = cpuNow() + warmNanos;
        long warmEnd = System.nanoTime() + 10 * warmNanos;
        for (int i = 0; i < Math.min(8, units.size())
                || (cpuNow() < warmCpuEnd && System.nanoTime() < warmEnd); i++) {
            query.applyAsInt(units.get(i % units.size()));
        }
        long found = 0;
        boolean cpu = clock.equals("cpu");
        long t0 = System.nanoTime();
        long[] cpuNanos = new long[threads];
        if (threads == 1) {
            long c0 = cpuNow();
            for (List<Hash256> u : units) {
                found += query.applyAsInt(u);
            }
            cpuNanos[0] = cpuNow() - c0;
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Long>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int from = (int) ((long) units.size() * t / threads);
                    int to = (int) ((long) units.size() * (t + 1) / threads);
                    int slot = t;
                    parts.add(pool.submit(() -> {
                        long c0 = cpuNow();
                        long f = 0;
                        for (List<Hash256> u : units.subList(from, to)) {
                            f += query.applyAsInt(u);
                        }
                        cpuNanos[slot] = cpuNow() - c0;
                        return f;
                    }));
                }
                for (Future<Long> f : parts) {
                    found += f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (cpu) {
            s = java.util.Arrays.stream(cpuNanos).sum() / 1e9;
        }
        double qps = nq / s;
        double msq = 1000 * s / nq;
        if (json.enabled) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("method", method);
            o.put("n", n);
            o.put("queries_per_s", round(qps, 1));
            o.put("ms_per_query", round(msq, 4));
            o.put("build_s", round(build, 3));
            o.put("index_mib", round(mib, 1));
            o.put("found", found);
            out.println(JsonOut.line(o));
        } else {
            out.printf(Locale.ROOT, "%-40s N=%-9d %10.1f q/s %9.3f ms/q build %6.2fs index %7.1f MiB found %d%n",
                    method, n, qps, msq, build, mib, found);
        }
        out.flush();
    }

    private static long cpuNow() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    /** Hash words from a hash list ({@link HashListReader}), "hash=" prefix allowed; other lines skipped. */
    static long[] readWords(Path file, PrintWriter err) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a readable file");
        }
        long[] w = new long[4096];
        int n = 0;
        int skipped = 0;
        try (InputStream in = Files.newInputStream(file)) {
            HashListReader lines = new HashListReader(in);
            for (HashListReader.Entry e = lines.next(); e != null; e = lines.next()) {
                String h = e.hash().startsWith("hash=") ? e.hash().substring(5) : e.hash();
                if (e.error() != null || !Hash256.isHex(h)) {
                    skipped++;
                    continue;
                }
                if (4 * n + 4 > w.length) {
                    w = Arrays.copyOf(w, w.length * 2);
                }
                Hash256.fromHex(h).copyTo(w, 4 * n);
                n++;
            }
        }
        if (skipped > 0) {
            err.println("bench index: " + file + ": skipped " + skipped + " lines that are not 64-hex hashes");
        }
        return Arrays.copyOf(w, 4 * n);
    }

    static long[] generate(int n, boolean clustered, SplittableRandom r) {
        long[] w = new long[4 * n];
        if (!clustered) {
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextLong();
            }
            return w;
        }
        // families of near-duplicates: centres and variants 6 bits away, as in faiss_bench.py
        int centres = Math.max(1, n / 20);
        long[] c = new long[4 * centres];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextLong();
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(c, 4 * r.nextInt(centres), w, 4 * i, 4);
            Hash256.fromWords(w, 4 * i).flipRandomBits(6, r).copyTo(w, 4 * i);
        }
        return w;
    }

    static List<Hash256> generateQueries(long[] db, int count, int flips, SplittableRandom r) {
        int n = db.length / 4;
        List<Hash256> qs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (flips < 0) {
                qs.add(Hash256.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()));
                continue;
            }
            qs.add(Hash256.fromWords(db, 4 * r.nextInt(n)).flipRandomBits(flips, r));
        }
        return qs;
    }

}
