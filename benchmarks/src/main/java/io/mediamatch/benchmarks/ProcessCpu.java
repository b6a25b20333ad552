package io.mediamatch.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of this JVM's process, in all and by thread group, for benchmarks that report what a run cost next to
 * how long it took. Thread groups come from Linux's {@code /proc/self/task}, so GC and JIT threads count.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** CPU nanoseconds this process has used so far, or -1 where the JVM does not say. */
    static long nanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * CPU nanoseconds so far of every live thread of this process, JVM-internal ones (GC, JIT) included, summed
     * by the kernel's thread name with digits dropped (one group per pool); Linux only, empty elsewhere.
     */
    static Map<String, Long> byThreadGroup() {
        Map<String, Long> byGroup = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return byGroup;
        }
        try (var dirs = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) dirs::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // fields after the parenthesised name: state is 3rd, utime 14th, stime 15th (1-based, man 5 proc),
                    // in clock ticks of 10 ms (USER_HZ 100, as on every Linux this project runs on)
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    byGroup.merge(name.replaceAll("[0-9]+", "#"), ticks * 10_000_000L, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while listed: its time shows as ended threads
                }
            }
        } catch (IOException e) {
            // the listing failed: the groups read so far
        }
        return byGroup;
    }

    /**
     * Cores the process kept busy over {@code seconds} ({@code procNs} of CPU), and the ten largest thread groups'
     * shares between two {@link #byThreadGroup()} readings (threads that started in the window count whole, threads
     * that ended in it are the rest).
     */
    static String breakdown(Map<String, Long> before, Map<String, Long> after, long procNs, double seconds) {
        Map<String, Long> delta = new HashMap<>();
        long seen = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d > 0) {
                delta.put(e.getKey(), d);
                seen += d;
            }
        }
        delta.put("(threads that ended)", Math.max(0, procNs - seen));
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.2f cores:", procNs / 1e9 / seconds));
        delta.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> b.append(String.format(Locale.ROOT, " %s %.0f%%;", e.getKey(),
                        100.0 * e.getValue() / procNs)));
        return b.substring(0, b.length() - 1);
    }
}
