package io.mediamatch.benchmarks;

import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqHasher;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Hashes a video repeatedly and prints wall time and process CPU time per run, as frames/s. On a shared,
 * loaded machine CPU time is the fairer single-thread comparison with the C++ tool (measured with
 * {@code /usr/bin/time}). Usage: {@code java -cp benchmarks.jar io.mediamatch.benchmarks.VpdqCpuTimeRunner
 * VIDEO.mp4 SECONDS_PER_HASH THREADS [RUNS]}.
 */
public final class VpdqCpuTimeRunner {
    private VpdqCpuTimeRunner() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        double secondsPerHash = Double.parseDouble(args[1]);
        int threads = Integer.parseInt(args[2]);
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        VpdqHasher hasher = VpdqHasher.builder().secondsPerHash(secondsPerHash).threads(threads).build();
        for (int i = 0; i < 3; i++) {
            hasher.hash(file); // warm-up: JIT
        }
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        int frames = 0;
        for (int i = 0; i < runs; i++) {
            long c0 = ProcessCpu.nanos();
            long t0 = System.nanoTime();
            VpdqHash h = hasher.hash(file);
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (ProcessCpu.nanos() - c0) / 1e9;
            frames = h.size();
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        double w = wall[runs / 2];
        double c = cpu[runs / 2];
        System.out.printf("%s spf=%s threads=%d frames=%d median wall %.3f s (%.1f frames/s) median cpu %.3f s "
                + "(%.1f frames/cpu-s)%n", file.getFileName(), args[1], hasher.threads(), frames, w, frames / w, c,
                frames / c);
    }
}
