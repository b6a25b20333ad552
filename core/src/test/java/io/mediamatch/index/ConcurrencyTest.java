package io.mediamatch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.pdq.Hash256;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Queries racing with add/remove (including merges) never see torn entries or already-removed ids. */
class ConcurrencyTest {
    /** The hash an id always carries, so any result can be checked against its id. */
    private static Hash256 hashOf(long id) {
        Random r = new Random(id * 0x9E3779B97F4A7C15L);
        return Hash256.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }

    @Test
    void queriesDuringAddAndRemove() throws Exception {
        int base = HammingIndex.AUTO_MIH_MIN_SIZE + 1000;
        long[] ids = new long[base];
        long[] words = new long[4 * base];
        for (int i = 0; i < base; i++) {
            ids[i] = i;
            hashOf(i).copyTo(words, 4 * i);
        }
        HammingIndex index = HammingIndex.of(ids, words, HammingIndex.Engine.AUTO);
        // ids [0, stable) are never touched: every query must find them
        int stable = 1000;
        Set<Long> removed = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger queries = new AtomicInteger();

        Thread writer = new Thread(() -> {
            Random r = new Random(1);
            long next = base;
            try {
                // enough adds to cross MAX_DELTA and merge at least once while readers run
                for (int i = 0; i < HammingIndex.MAX_DELTA + 2000; i++) {
                    index.add(next++, hashOf(next - 1));
                    if (i % 3 == 0) {
                        long victim = stable + r.nextInt((int) (next - stable));
                        if (index.remove(victim)) {
                            removed.add(victim);
                        }
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                stop.set(true);
            }
        });
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int seed = t;
            readers.add(new Thread(() -> {
                Random r = new Random(100 + seed);
                try {
                    while (!stop.get() || queries.get() < 50) {
                        Set<Long> goneBefore = Set.copyOf(removed);
                        long probe = r.nextInt(stable);
                        Hash256 q = Naive.flip(hashOf(probe), r.nextInt(16), r);
                        List<IndexMatch> hits = r.nextBoolean() ? index.range(q, 40) : index.nearest(q, 3);
                        boolean sawProbe = false;
                        for (IndexMatch m : hits) {
                            assertEquals(hashOf(m.id()).distance(q), m.distance(), "torn entry " + m);
                            assertTrue(!goneBefore.contains(m.id()), "removed id returned: " + m);
                            sawProbe |= m.id() == probe;
                        }
                        assertTrue(sawProbe, "stable id " + probe + " missing");
                        // a removed id queried by its own hash must not come back
                        if (!goneBefore.isEmpty()) {
                            long gone = goneBefore.iterator().next();
                            for (IndexMatch m : index.range(hashOf(gone), 0)) {
                                assertTrue(m.id() != gone, "removed id " + gone + " returned");
                            }
                        }
                        queries.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
            }));
        }
        readers.forEach(Thread::start);
        writer.start();
        writer.join();
        for (Thread t : readers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertTrue(queries.get() >= 50);
        assertEquals(base + HammingIndex.MAX_DELTA + 2000 - removed.size(), index.size());
    }
}
