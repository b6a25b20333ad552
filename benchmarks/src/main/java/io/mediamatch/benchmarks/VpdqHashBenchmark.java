package io.mediamatch.benchmarks;

import io.mediamatch.MediaException;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqHasher;
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
 * vPDQ hashing of a whole video file (FFmpeg decode + RGB24 conversion + PDQ per sampled frame), one video per
 * measured invocation (seconds per video; hashed frames/s = frames / score). Videos from the shared reference
 * set: chair-19-sd-bar (720x480, 564 frames; 19 at one per second) and doorknob-hd-no-bar (HD, 120 frames; 4).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@State(Scope.Benchmark)
public class VpdqHashBenchmark {
    @Param({"chair-19-sd-bar", "doorknob-hd-no-bar"})
    public String video;

    /** 0 = every frame, 1 = one frame per second. */
    @Param({"0", "1"})
    public double secondsPerHash;

    /** Hashing threads; 0 = one per available processor. */
    @Param({"1", "0"})
    public int threads;

    private Path file;
    private VpdqHasher hasher;

    @Setup
    public void setup() {
        file = Fixtures.reference("video/videos/" + video + ".mp4");
        hasher = VpdqHasher.builder().secondsPerHash(secondsPerHash).threads(threads).build();
    }

    @Benchmark
    public VpdqHash hashVideo() throws MediaException {
        return hasher.hash(file);
    }
}
