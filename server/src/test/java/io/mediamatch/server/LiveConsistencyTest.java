package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Lookups in several threads while another adds and deletes content: every answer is one of the two consistent
 * ones, an item is found once its add returned (until its delete starts), and never after its delete returned.
 */
class LiveConsistencyTest {
    private static final long RUN_NANOS = 2_000_000_000L;
    private static final int READERS = 3;

    /** One churned item: its hash, id and when its add returned, its delete started and returned (nanoTime, 0: not yet). */
    private static final class Item {
        final String hash;
        final long id;
        final long added;
        volatile long deleteStarted;
        volatile long deleted;

        Item(String hash, long id, long added) {
            this.hash = hash;
            this.id = id;
            this.added = added;
        }
    }

    @Test
    void lookupsStayConsistentWhileContentIsAddedAndDeleted() throws Exception {
        try (ServerHarness h = ServerHarness.start("live", o -> o.withSignalTypes("pdq,video_md5"))) {
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"B\"}").status());
            List<Item> stable = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String hash = ServerHarness.randomHash(500 + i);
                stable.add(new Item(hash, add(h, hash), System.nanoTime()));
            }
            List<Item> churn = new CopyOnWriteArrayList<>();
            Queue<String> violations = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger checks = new AtomicInteger();
            AtomicInteger deletes = new AtomicInteger();

            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        String hash = ServerHarness.randomHash(10_000 + i);
                        churn.add(new Item(hash, add(h, hash), System.nanoTime()));
                        if (i % 2 == 1) {
                            Item victim = churn.get(i / 2);
                            victim.deleteStarted = System.nanoTime();
                            ServerHarness.Reply r = h.delete("/c/bank/B/content/" + victim.id);
                            victim.deleted = System.nanoTime();
                            if (!r.body().equals("{\"deleted\":1}\n")) {
                                violations.add("delete " + victim.id + ": " + r.body());
                            }
                            deletes.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    violations.add("writer: " + e);
                }
            }, "live-writer");

            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < READERS; t++) {
                SplittableRandom random = new SplittableRandom(t);
                readers.add(new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            boolean fromStable = churn.isEmpty() || random.nextInt(4) == 0;
                            Item item = fromStable ? stable.get(random.nextInt(stable.size()))
                                    : churn.get(random.nextInt(churn.size()));
                            long t0 = System.nanoTime();
                            ServerHarness.Reply r = h.get("/m/lookup?signal_type=pdq&signal=" + item.hash);
                            long t1 = System.nanoTime();
                            checks.incrementAndGet();
                            String found = "{\"B\":[{\"bank_content_id\":" + item.id + ",\"distance\":\"0\"}]}\n";
                            boolean hit = r.body().equals(found);
                            if (r.status() != 200 || !(hit || r.body().equals("{}\n"))) {
                                violations.add("item " + item.id + ": inconsistent " + r.status() + " " + r.body());
                                continue;
                            }
                            if (fromStable && !hit) {
                                violations.add("stable item " + item.id + " not found");
                            }
                            long deleted = item.deleted;
                            if (hit && deleted != 0 && deleted < t0) {
                                violations.add("item " + item.id + " found " + (t0 - deleted) / 1000
                                        + " us after its delete returned");
                            }
                            long deleteStarted = item.deleteStarted;
                            if (!hit && item.added < t0 && (deleteStarted == 0 || deleteStarted > t1)) {
                                violations.add("item " + item.id + " not found " + (t0 - item.added) / 1000
                                        + " us after its add returned");
                            }
                        }
                    } catch (Exception e) {
                        violations.add("reader: " + e);
                    }
                }, "live-reader-" + t));
            }
            writer.start();
            readers.forEach(Thread::start);
            Thread.sleep(RUN_NANOS / 1_000_000);
            stop.set(true);
            writer.join(10_000);
            for (Thread r : readers) {
                r.join(10_000);
            }
            assertTrue(violations.isEmpty(), violations.size() + " violations, first: " + violations.peek());
            assertTrue(deletes.get() >= 10, "only " + deletes.get() + " deletes");
            assertTrue(checks.get() >= 100, "only " + checks.get() + " lookups");
            // at rest: every live item found, every deleted one gone, raw lookups included
            for (Item item : churn) {
                String raw = h.get("/m/raw_lookup?signal_type=pdq&signal=" + item.hash).body();
                assertEquals(item.deleted != 0 ? "{\"matches\":[]}\n" : "{\"matches\":[" + item.id + "]}\n", raw,
                        "item " + item.id);
            }
        }
    }

    @Test
    void concurrentLookupsOfDifferentHashesEachGetTheirOwnAnswer() throws Exception {
        try (ServerHarness h = ServerHarness.start("live-coalesce", o -> o.withSignalTypes("pdq,video_md5")
                .withTiming(java.time.Duration.ofSeconds(65), java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofMillis(5)))) {
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"B\"}").status());
            int n = 32;
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = add(h, ServerHarness.randomHash(700 + i));
            }
            Queue<String> violations = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    try {
                        for (int k = 0; k < 12; k++) {
                            int i = (thread * 7 + k * 5) % n;
                            // half exact, half 6 bits away, some unbanked
                            String q = k % 2 == 0 ? ServerHarness.randomHash(700 + i)
                                    : ServerHarness.flipBits(ServerHarness.randomHash(700 + i), 6);
                            String expected = "{\"B\":[{\"bank_content_id\":" + ids[i] + ",\"distance\":\""
                                    + (k % 2 == 0 ? 0 : 6) + "\"}]}\n";
                            String body = h.get("/m/lookup?signal_type=pdq&signal=" + q).body();
                            if (!body.equals(expected)) {
                                violations.add(q + ": " + body + " instead of " + expected);
                            }
                            String none = h.get("/m/lookup?signal_type=pdq&signal="
                                    + ServerHarness.randomHash(90_000 + thread * 100 + k)).body();
                            if (!none.equals("{}\n")) {
                                violations.add("unbanked hash matched: " + none);
                            }
                        }
                    } catch (Exception e) {
                        violations.add(e.toString());
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(20_000);
            }
            assertTrue(violations.isEmpty(), violations.size() + " wrong answers, first: " + violations.peek());
        }
    }

    private static long add(ServerHarness h, String hash) throws Exception {
        ServerHarness.Reply r = h.postJson("/c/bank/B/signal", "{\"pdq\": \"" + hash + "\"}");
        if (r.status() != 200) {
            throw new IllegalStateException("add: " + r.status() + " " + r.body());
        }
        return r.json().get("id").asLong();
    }
}
