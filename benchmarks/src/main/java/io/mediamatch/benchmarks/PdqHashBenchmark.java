package io.mediamatch.benchmarks;

import io.mediamatch.pdq.DihedralHashes;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PDQ hashing from decoded RGB24 pixels (no decoding), single thread, with one reused {@link PdqHasher}.
 * Sizes: 64x64 (no blur), 1600x1004 (the bridge photo's size), 4000x3000 (12 MP).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@State(Scope.Thread)
public class PdqHashBenchmark {
    @Param({"64x64", "1600x1004", "4000x3000"})
    public String size;

    private byte[] rgb;
    private int width;
    private int height;
    private PdqHasher hasher;

    @Setup
    public void setup() {
        String[] wh = size.split("x");
        width = Integer.parseInt(wh[0]);
        height = Integer.parseInt(wh[1]);
        rgb = SyntheticPixels.photoLike(width, height, 42);
        hasher = new PdqHasher();
    }

    @Benchmark
    public PdqHash hash() {
        return hasher.hashRgb(rgb, width, height, width * 3);
    }

    @Benchmark
    public DihedralHashes hashDihedral() {
        return hasher.hashRgbDihedral(rgb, width, height, width * 3);
    }
}
