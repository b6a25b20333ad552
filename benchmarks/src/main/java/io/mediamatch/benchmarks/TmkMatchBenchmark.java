package io.mediamatch.benchmarks;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.tmk.TmkIndex;
import io.mediamatch.tmk.TmkFormatException;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.tmk.TmkMatch;
import io.mediamatch.tmk.TmkScores;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TMK matching against a bank of 10,000 distinct hashes, synthesised by perturbing every float of the 8 published
 * {@code .tmk} files (about 2.6 GB of level-2 features in memory, hence -Xmx5g). Single thread.
 * {@code level1Scan}: one query's level-1 pass over the whole bank (threshold 0.7, a query no banked hash passes).
 * {@code level2Pair}: one level-2 score, query against the next banked hash in turn.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx5g"})
@State(Scope.Benchmark)
public class TmkMatchBenchmark {
    static final int BANK_SIZE = 10_000;

    private TmkHash[] hashes;
    private TmkIndex bank;
    private TmkHash query;
    private TmkHash unrelatedQuery;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        List<byte[]> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(Fixtures.reference("video/tmk"))) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (p.toString().endsWith(".tmk")) {
                    bases.add(Files.readAllBytes(p));
                }
            }
        }
        hashes = synthesise(bases, BANK_SIZE, 7);
        bank = new TmkIndex();
        for (int i = 0; i < hashes.length; i++) {
            bank.add(i, hashes[i]);
        }
        // Queries: a perturbed chair video, and a hash whose average feature is noise (no level-1 candidates, so
        // level1Scan times the scan itself).
        query = synthesise(List.of(bases.get(0)), 1, 99)[0];
        byte[] noise = bases.get(0).clone();
        ByteBuffer buf = ByteBuffer.wrap(noise).order(ByteOrder.LITTLE_ENDIAN);
        Random random = new Random(5);
        for (int k = 0; k < 256; k++) {
            buf.putFloat(32 + 16 + 128 + 4 * k, (float) random.nextGaussian());
        }
        unrelatedQuery = TmkHash.parse(noise, "noise");
    }

    /** Copies of the bases with every float scaled by (1 + 0.2 g), g Gaussian, from a reused noise pool. */
    static TmkHash[] synthesise(List<byte[]> bases, int n, long seed) throws TmkFormatException {
        Random random = new Random(seed);
        float[] pool = new float[1 << 20];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = (float) (0.2 * random.nextGaussian());
        }
        TmkHash[] out = new TmkHash[n];
        int firstFloat = 32 + 16 + 128; // header, periods and coefficients stay as they are
        for (int h = 0; h < n; h++) {
            byte[] bytes = bases.get(h % bases.size()).clone();
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int start = random.nextInt(pool.length);
            for (int off = firstFloat, k = 0; off < bytes.length; off += 4, k++) {
                buf.putFloat(off, buf.getFloat(off) * (1 + pool[(start + k) & (pool.length - 1)]));
            }
            out[h] = TmkHash.parse(bytes, "synthetic-" + h);
        }
        return out;
    }

    @Benchmark
    public List<TmkMatch> level1Scan() {
        return bank.searchLevel1(unrelatedQuery, TmkIndex.DEFAULT_LEVEL1_THRESHOLD);
    }

    @Benchmark
    public float level2Pair() {
        TmkHash target = hashes[next];
        next = next + 1 == hashes.length ? 0 : next + 1;
        return TmkScores.level2(query, target);
    }
}
