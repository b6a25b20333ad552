package io.mediamatch.benchmarks;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.tmk.TmkHasher;
import java.io.IOException;
import java.nio.file.Path;
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
 * TMK+PDQF hashing of a whole video file: FFmpeg decode (decoder threads: auto), 15 fps resampling, 64x64 RGB24,
 * PDQF features, kernel accumulation. The peer is the reference {@code tmk-hash-video} on the same file.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@State(Scope.Thread)
public class TmkHashBenchmark {
    @Param({"chair-19-sd-bar.mp4"})
    public String video;

    private Path file;
    private TmkHasher hasher;

    @Setup
    public void setup() {
        file = Fixtures.reference("video/videos/" + video);
        hasher = new TmkHasher();
    }

    @Benchmark
    public TmkHash hashVideo() throws IOException {
        return hasher.hash(file);
    }
}
