package io.mediamatch.benchmarks;

import io.mediamatch.MediaException;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqHasher;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * vPDQ hashing of a whole video file (FFmpeg decode + RGB24 conversion + PDQ per sampled frame), reported as
 * videos/s and, through the {@code frames} counter, hashed frames/s. Videos from the shared reference set:
 * chair-19-sd-bar (720x480, 564 frames) and doorknob-hd-no-bar (HD, 120 frames).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
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

    /** Frames hashed, reported by JMH as a rate (frames/s). */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Frames {
        public long frames;

        @Setup(Level.Iteration)
        public void reset() {
            frames = 0;
        }
    }

    @Setup
    public void setup() {
        file = Fixtures.reference("video/videos/" + video + ".mp4");
        hasher = VpdqHasher.builder().secondsPerHash(secondsPerHash).threads(threads).build();
    }

    @Benchmark
    public VpdqHash hashVideo(Frames counter) throws MediaException {
        VpdqHash h = hasher.hash(file);
        counter.frames += h.size();
        return h;
    }
}
