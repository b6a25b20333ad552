package io.mediamatch.benchmarks;

import io.mediamatch.index.HammingIndex;
import io.mediamatch.match.MatchOptions;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.store.ImportOptions;
import io.mediamatch.store.ImportResult;
import io.mediamatch.store.SignalFormat;
import io.mediamatch.store.SignalStore;
import java.io.BufferedReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * End-to-end store timings, one shot each (not JMH: an import or an open is a single long operation):
 * import of N random PDQ hashes from a hash list (signals/s), open-and-ready of the matcher (bulk load into the
 * Hamming index), and match throughput (images/s) over a directory of images, with the baselines measured in the
 * same run: reading the same hash list straight into a {@link HammingIndex} (no database), and decoding + hashing
 * the same images without matching; and a list of unrelated hashes matched in one {@link MediaMatcher#matchPdq} call
 * against one {@link MediaMatcher#match} call per hash. The first open rebuilds the indexes (any saved index is deleted first), the
 * second loads the index the first one saved.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.mediamatch.benchmarks.StoreBenchmark WORKDIR N
 * [IMAGE_DIR] [THREADS]}
 */
public final class StoreBenchmark {
    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Path images = args.length > 2 ? Path.of(args[2]) : null;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        Files.createDirectories(work);
        Path list = work.resolve("hashes-" + n + ".txt");
        Path db = work.resolve("store-" + n + ".db");
        if (!Files.exists(list)) {
            SplittableRandom rnd = new SplittableRandom(n);
            try (Writer w = Files.newBufferedWriter(list)) {
                for (int i = 0; i < n; i++) {
                    w.write(Hash256.of(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()).toHex());
                    w.write('\n');
                }
            }
        }
        if (!Files.exists(db)) {
            long t0 = System.nanoTime();
            double c0 = cpu();
            ImportResult r;
            try (SignalStore s = SignalStore.open(db)) {
                r = s.importFiles(List.of(list), SignalFormat.HASHLIST, ImportOptions.defaults().withBank("bench"),
                        null);
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "import %,d signals: %.1f s wall (%.1f s CPU), %,.0f signals/s"
                    + " (db %,d MiB)%n", r.added(), sec, cpu() - c0, r.added() / sec, Files.size(db) >> 20);
        }
        // Baseline: the same hashes from the text file straight into an index, no database.
        long t1 = System.nanoTime();
        double c1 = cpu();
        long[] ids = new long[n];
        long[] words = new long[4 * n];
        int k = 0;
        try (BufferedReader br = Files.newBufferedReader(list)) {
            for (String line = br.readLine(); line != null; line = br.readLine()) {
                Hash256.fromHex(line).copyTo(words, 4 * k);
                ids[k] = k;
                k++;
            }
        }
        HammingIndex base = HammingIndex.of(ids, words, HammingIndex.Engine.AUTO);
        double baseSec = (System.nanoTime() - t1) / 1e9;
        System.out.printf(Locale.ROOT, "baseline: text file -> HammingIndex (%,d): %.2f s wall (%.2f s CPU)%n",
                base.size(), baseSec, cpu() - c1);
        ids = null;
        words = null;
        base = null;
        System.gc();
        deleteCache(db);
        long t2 = System.nanoTime();
        double c2 = cpu();
        try (MediaMatcher m = MediaMatcher.open(db, MatchOptions.defaults())) {
            double openSec = (System.nanoTime() - t2) / 1e9;
            System.out.printf(Locale.ROOT, "open-and-ready: MediaMatcher.open (%,d signals indexed): %.2f s wall (%.2f s"
                    + " CPU; %.2fx the baseline's wall)%n", m.indexedSignals(), openSec, cpu() - c2, openSec / baseSec);
        }
        // Second open: the indexes saved by the first open are loaded instead of rebuilt.
        System.gc();
        long t3 = System.nanoTime();
        double c3 = cpu();
        try (MediaMatcher m = MediaMatcher.open(db, MatchOptions.defaults())) {
            System.out.printf(Locale.ROOT, "open-and-ready from the saved index (%,d signals): %.2f s wall (%.2f s"
                    + " CPU)%n", m.indexedSignals(), (System.nanoTime() - t3) / 1e9, cpu() - c3);
            hashList(m);
            if (images != null) {
                List<Path> files;
                try (Stream<Path> w = Files.walk(images)) {
                    files = w.filter(Files::isRegularFile).filter(p -> p.toString().toLowerCase(Locale.ROOT)
                            .matches(".*\\.(jpe?g|png|webp)$")).sorted().toList();
                }
                // warm-up pass (JIT, page cache), then the measured passes: hash only, then full match
                run(files, threads, f -> io.mediamatch.pdq.Pdq.hash(io.mediamatch.image.ImageDecoder.defaults()
                        .decode(f)));
                double hashSec = run(files, threads, f -> io.mediamatch.pdq.Pdq.hash(
                        io.mediamatch.image.ImageDecoder.defaults().decode(f)));
                double matchSec = run(files, threads, m::match);
                System.out.printf(Locale.ROOT, "%d images, %d threads: decode+hash only %.1f images/s;"
                                + " match (decode+PDQ+MD5+SHA-256+lookup in %,d) %.1f images/s (%.2fx)%n",
                        files.size(), threads, files.size() / hashSec, m.indexedSignals(), files.size() / matchSec,
                        hashSec / matchSec);
                // Load-independent view: this thread's CPU time per image, the two jobs alternating per file.
                var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                io.mediamatch.pdq.PdqHasher hasher = new io.mediamatch.pdq.PdqHasher();
                long hashNs = 0;
                long matchNs = 0;
                for (int round = 0; round < 2; round++) {
                    for (Path f : files) {
                        long u0 = mx.getCurrentThreadCpuTime();
                        hasher.hash(io.mediamatch.image.ImageDecoder.defaults().decode(f));
                        long u1 = mx.getCurrentThreadCpuTime();
                        m.match(f);
                        long u2 = mx.getCurrentThreadCpuTime();
                        hashNs += u1 - u0;
                        matchNs += u2 - u1;
                    }
                }
                int runs = 2 * files.size();
                System.out.printf(Locale.ROOT, "thread CPU per image: decode+hash %.1f ms, match %.1f ms (%.2fx)%n",
                        hashNs / 1e6 / runs, matchNs / 1e6 / runs, (double) matchNs / hashNs);
            }
        }
    }

    /**
     * A hash list matched in one {@link MediaMatcher#matchPdq} call against one {@link MediaMatcher#match} call per hash
     * (unrelated hashes: no match, the common case), thread CPU time, alternating, three rounds.
     */
    private static void hashList(MediaMatcher m) throws java.io.IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        List<PdqHash> list = new ArrayList<>();
        for (int i = 0; i < 65_536; i++) {
            list.add(new PdqHash(Hash256.of(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()), 100));
        }
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long u0 = mx.getCurrentThreadCpuTime();
            for (PdqHash h : list.subList(0, 4096)) {
                m.match(h);
            }
            long u1 = mx.getCurrentThreadCpuTime();
            m.matchPdq(list);
            long u2 = mx.getCurrentThreadCpuTime();
            double one = 4096 / ((u1 - u0) / 1e9);
            double batch = list.size() / ((u2 - u1) / 1e9);
            System.out.printf(Locale.ROOT, "hash list, round %d: one match() per hash %,.0f hashes/s; matchPdq of"
                    + " %,d %,.0f hashes/s (%.2fx)%n", round + 1, one, list.size(), batch, batch / one);
        }
    }

    private static void deleteCache(Path db) throws java.io.IOException {
        Path dir = db.resolveSibling(db.getFileName() + ".index");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** CPU seconds used by this process so far (all threads). */
    static double cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    interface Job {
        Object apply(Path p) throws Exception;
    }

    private static double run(List<Path> files, int threads, Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t = System.nanoTime();
        try {
            List<Future<Object>> fs = new ArrayList<>();
            for (Path f : files) {
                fs.add(pool.submit(() -> job.apply(f)));
            }
            for (Future<Object> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return (System.nanoTime() - t) / 1e9;
    }
}
