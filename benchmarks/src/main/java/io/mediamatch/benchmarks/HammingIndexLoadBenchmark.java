package io.mediamatch.benchmarks;

import io.mediamatch.index.HammingIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Seconds to load a saved {@link HammingIndex} (hashes, ids and multi-index tables, checksum verified) from the
 * page cache. The file is written once per trial under the system temp directory and deleted afterwards.
 * Example: {@code java -jar benchmarks/target/benchmarks.jar HammingIndexLoad -p size=10000000}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx12g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class HammingIndexLoadBenchmark {
    @Param({"1000000", "10000000"})
    int size;

    private Path file;

    @Setup(Level.Trial)
    public void write() throws IOException {
        file = Files.createTempFile("mediamatch-index", ".bin");
        randomIndex(size).save(file);
        System.out.printf("%n# n=%d file %.1f MiB%n", size, Files.size(file) / 1048576.0);
    }

    /** n uniform random hashes with ids 0..n-1 (seed 7), engine AUTO: the multi-index is built. */
    static HammingIndex randomIndex(int n) {
        SplittableRandom r = new SplittableRandom(7);
        long[] words = new long[4 * n];
        for (int i = 0; i < words.length; i++) {
            words[i] = r.nextLong();
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return HammingIndex.of(ids, words, HammingIndex.Engine.AUTO);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public HammingIndex load() throws IOException {
        return HammingIndex.load(file);
    }
}
