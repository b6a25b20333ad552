package io.mediamatch.benchmarks;

import io.mediamatch.index.HammingIndex;
import io.mediamatch.index.IndexMatch;
import io.mediamatch.pdq.Hash256;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Queries per second and thread of {@link HammingIndex}: exact range d<=31 and k=1 nearest, on uniform and
 * clustered databases of 1M and 10M hashes, for queries 15 and 31 bits from a database hash and for unrelated
 * hashes (no match, the common case). Setup prints build seconds and bytes per stored hash.
 * Example: {@code java -jar benchmarks/target/benchmarks.jar HammingSearch -p size=1000000 -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// transparent huge pages as bin/mediamatch asks for them (fewer TLB misses; a warning where the OS lacks them)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-Xms8g", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class HammingSearchBenchmark {
    @Param({"1000000", "10000000"})
    int size;

    @Param({"uniform", "clustered"})
    String data;

    @Param({"AUTO", "SCAN"})
    String engine;

    private static final int QUERIES = 512;
    private static final int BATCH = 16384;
    private HammingIndex index;
    private Hash256[] flip15;
    private Hash256[] flip31;
    private Hash256[] unrelated;
    private List<List<Hash256>> flip15Blocks;
    private List<Hash256> unrelatedBatch;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        long[] words = new long[4 * size];
        if (data.equals("uniform")) {
            for (int i = 0; i < words.length; i++) {
                words[i] = r.nextLong();
            }
        } else {
            // families of near-duplicates around size/20 centres, 6 bits away, as faiss_bench.py makes them
            int centres = Math.max(1, size / 20);
            long[] c = new long[4 * centres];
            for (int i = 0; i < c.length; i++) {
                c[i] = r.nextLong();
            }
            for (int i = 0; i < size; i++) {
                System.arraycopy(c, 4 * r.nextInt(centres), words, 4 * i, 4);
                Hash256.fromWords(words, 4 * i).flipRandomBits(6, r).copyTo(words, 4 * i);
            }
        }
        flip15 = new Hash256[QUERIES];
        flip31 = new Hash256[QUERIES];
        unrelated = new Hash256[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            Hash256 banked = Hash256.fromWords(words, 4 * r.nextInt(size));
            flip15[i] = banked.flipRandomBits(15, r);
            flip31[i] = banked.flipRandomBits(31, r);
            unrelated[i] = Hash256.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
        }
        flip15Blocks = new ArrayList<>();
        for (int i = 0; i < QUERIES; i += 8) {
            flip15Blocks.add(List.of(flip15).subList(i, i + 8));
        }
        unrelatedBatch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            unrelatedBatch.add(Hash256.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()));
        }
        long[] ids = new long[size];
        for (int i = 0; i < size; i++) {
            ids[i] = i + 1;
        }
        long t0 = System.nanoTime();
        index = HammingIndex.of(ids, words, HammingIndex.Engine.valueOf(engine));
        double build = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%n# %s %s n=%d: build %.2f s, %.1f bytes/hash, multi-index widths %s%n", engine, data,
                size, build, index.memoryBytes() / (double) size, java.util.Arrays.toString(index.multiIndexWidths()));
    }

    private int nextQuery() {
        next = (next + 1) & (QUERIES - 1);
        return next;
    }

    @Benchmark
    public List<IndexMatch> range31Flip15() {
        return index.range(flip15[nextQuery()], 31);
    }

    @Benchmark
    public List<IndexMatch> range31Flip31() {
        return index.range(flip31[nextQuery()], 31);
    }

    @Benchmark
    public List<IndexMatch> range31Unrelated() {
        return index.range(unrelated[nextQuery()], 31);
    }

    @Benchmark
    public List<IndexMatch> nearest1Flip15() {
        return index.nearest(flip15[nextQuery()], 1);
    }

    @Benchmark
    public List<IndexMatch> nearest1Unrelated() {
        return index.nearest(unrelated[nextQuery()], 1);
    }

    /**
     * The 8 orientation hashes of one image per call (8 stand-in hashes 15 bits off database hashes): each entry
     * once, with its best orientation; the scan reads memory once for all 8.
     */
    @Benchmark
    public List<IndexMatch> range31Dihedral() {
        return index.rangeDihedral(flip15Blocks.get(nextQuery() >>> 3), 31);
    }

    /**
     * 16,384 unrelated queries per call (ops/s x 16,384 = queries/s): the multi-index walks each table once per
     * batch (chunks of up to 30,000 at 10M). Slow with SCAN (16,384 scans per call); use {@code -p engine=AUTO}.
     */
    @Benchmark
    public List<List<IndexMatch>> range31Batch16384Unrelated() {
        return index.rangeBatch(unrelatedBatch, 31);
    }

    /** Eight queries per call (ops/s x 8 = queries/s): the scan reads each block of hashes once for all 8. */
    @Benchmark
    public List<List<IndexMatch>> range31Batch8Flip15() {
        return index.rangeBatch(flip15Blocks.get(nextQuery() >>> 3), 31);
    }
}
