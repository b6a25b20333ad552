package io.mediamatch.benchmarks;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.pdq.PdqHasher;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.Callable;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Companion to {@link PdqDecodeHashBenchmark} for a shared, overloaded machine: the median <em>thread CPU time</em>
 * per operation (ThreadMXBean), which other processes' load inflates far less than wall time. Same operations, same
 * JVM, ours and the peer (Meta's Java reference, from {@code -Dpdq.reference.jar}) interleaved round by round, on
 * the two photos of {@link PdqDecodeHashBenchmark} and a progressive JPEG of the bridge (which the JDK's reader
 * renders once per scan).
 * Run: {@code java -Dpdq.reference.jar=... -cp benchmarks/target/benchmarks.jar
 * io.mediamatch.benchmarks.DecodeHashCpuTime [rounds]}.
 */
public final class DecodeHashCpuTime {
    private DecodeHashCpuTime() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        PdqDecodeHashBenchmark.MetaReference peer = null;
        if (System.getProperty("pdq.reference.jar") != null) {
            peer = new PdqDecodeHashBenchmark.MetaReference();
            peer.load();
        }
        ImageReaderSpi jdk = PdqDecodeHashBenchmark.jpegSpi("com.sun.imageio");
        for (String rel : new String[] {"pdq/images/bridge-mods/aaa-orig.jpg", "pdq/images/exif-rotn/exif-rotn-1.jpg",
                "pdq/images/dih/bridge-3-rotate-180.jpg"}) { // the last: a progressive JPEG of the bridge
            byte[] jpeg = Files.readAllBytes(Fixtures.reference(rel));
            PdqHasher hasher = new PdqHasher();
            BufferedImage decoded = ImageDecoder.defaults().decode(jpeg, rel);
            final PdqDecodeHashBenchmark.MetaReference p = peer;
            Callable<?>[] ops = {
                () -> hasher.hash(jpeg, rel, ImageDecoder.defaults()),
                () -> ImageDecoder.defaults().decode(jpeg, rel),
                () -> hasher.hash(decoded),
                () -> PdqDecodeHashBenchmark.readBgr(jdk, jpeg),
                p == null ? null : () -> p.hash(PdqDecodeHashBenchmark.read(jdk, jpeg)),
            };
            String[] names = {"ours decode+hash", "ours decode only", "ours hash only", "JDK reader into 3BYTE_BGR",
                "peer Meta Java decode+hash"};
            long[][] cpu = new long[ops.length][rounds];
            long[][] wall = new long[ops.length][rounds];
            for (int warm = 0; warm < 5; warm++) {
                for (Callable<?> op : ops) {
                    if (op != null) {
                        op.call();
                    }
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < ops.length; i++) {
                    if (ops[i] == null) {
                        continue;
                    }
                    long c0 = mx.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    ops[i].call();
                    wall[i][r] = System.nanoTime() - w0;
                    cpu[i][r] = mx.getCurrentThreadCpuTime() - c0;
                }
            }
            System.out.printf("%s (%dx%d), %d rounds, medians:%n", rel, decoded.getWidth(), decoded.getHeight(),
                    rounds);
            for (int i = 0; i < ops.length; i++) {
                if (ops[i] != null) {
                    System.out.printf("  %-28s cpu %8.1f ms   wall %8.1f ms%n", names[i], median(cpu[i]) / 1e6,
                            median(wall[i]) / 1e6);
                }
            }
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
