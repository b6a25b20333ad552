package io.mediamatch.benchmarks;

import io.mediamatch.index.HammingIndex;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first load of a saved {@link HammingIndex} in a fresh JVM: what a service pays at start-up (JIT cold,
 * heap not yet grown), unlike {@link HammingIndexLoadBenchmark}'s warm loads. Two steps, each its own JVM:
 * {@code java -Xmx12g -cp benchmarks.jar io.mediamatch.benchmarks.IndexColdLoad write FILE N} builds N random
 * hashes (multi-index included) and saves them; {@code ... IndexColdLoad load FILE} loads once and prints the
 * elapsed and process CPU seconds of that load, and of the JVM up to the moment the index is usable.
 */
public final class IndexColdLoad {
    private IndexColdLoad() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        if (args[0].equals("write")) {
            int n = Integer.parseInt(args[2]);
            HammingIndexLoadBenchmark.randomIndex(n).save(file);
            System.out.printf("wrote %s: n=%d, %.1f MiB%n", file, n, Files.size(file) / 1048576.0);
            return;
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        HammingIndex index = HammingIndex.load(file);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
        double sinceStart = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
        System.out.printf("cold load of %s (%.1f MiB): n=%d engine=%s widths=%s: %.2f s elapsed, %.2f s CPU "
                + "(all threads); JVM start to usable index %.2f s; load average %s%n", file,
                Files.size(file) / 1048576.0, index.size(), index.engine(),
                java.util.Arrays.toString(index.multiIndexWidths()), wall, cpu, sinceStart,
                Files.readString(Path.of("/proc/loadavg")).trim());
    }
}
