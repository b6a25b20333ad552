package io.mediamatch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.fixtures.ReferencePhotos;
import io.mediamatch.match.MatchResult;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.match.QueryHash;
import io.mediamatch.store.ImportOptions;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job on a MiniCluster (parallelism 2) against a real broker and signals from a real SQLite store. */
class MatchJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /** A hash far from every reference photo's: signals are loaded on every instance once it matches. */
    private static final String PROBE = "5a5a5a5a0f0f0f0f33333333cccccccc5a5a5a5a0f0f0f0f33333333cccccccc";
    /** Fails the job once, on the upload with id "poison" (static: the task is redeployed in this JVM). */
    static final AtomicBoolean POISONED = new AtomicBoolean();

    private static LocalBroker broker;
    private static KafkaProducer<String, String> producer;
    private static Path root;

    @BeforeAll
    static void start() throws Exception {
        root = Fixtures.scratchDir("match-job");
        broker = LocalBroker.start(0, root.resolve("kafka"));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        broker.close();
    }

    private static List<Path> originals() {
        return ReferencePhotos.originals(Fixtures.reference());
    }

    private static List<Path> uploadsToCheck() {
        List<Path> files = new ArrayList<>(originals());
        Path mods = Fixtures.reference("pdq/images/bridge-mods");
        for (String m : List.of("blur-a-lot.jpg", "high-contrast.jpg", "shrink-a-lot.jpg", "square-256x256.jpg")) {
            files.add(mods.resolve(m));
        }
        for (String d : ReferencePhotos.SYNTHETIC_DISTRACTORS.subList(0, 3)) {
            files.add(Fixtures.reference(d));
        }
        return files;
    }

    /** A store banking the PDQ of the first three originals in "ref", then the probe in "probe" (published after). */
    private static SignalStore store(Path dir, MatchJob.Topics t) throws Exception {
        SignalStore store = SignalStore.open(dir.resolve("db.sqlite"));
        List<Signal> ref = new ArrayList<>();
        try (MediaMatcher hasher = MediaMatcher.over(store, io.mediamatch.match.MatchOptions.defaults())) {
            for (Path f : originals().subList(0, 3)) {
                ref.add(signal("ref", pdqOf(hasher, f)));
            }
        }
        store.importSignals(ref, ImportOptions.defaults());
        new SignalPublisher(store, broker.bootstrap(), t.signals()).publish();
        store.importSignals(List.of(signal("probe", PROBE)), ImportOptions.defaults());
        new SignalPublisher(store, broker.bootstrap(), t.signals()).publish();
        return store;
    }

    private static String pdqOf(MediaMatcher m, Path f) throws Exception {
        for (QueryHash h : m.match(f).hashes()) {
            if (h.type() == SignalType.PDQ) {
                return h.value();
            }
        }
        throw new AssertionError("no pdq for " + f);
    }

    private static Signal signal(String bank, String pdq) {
        return new Signal(0, bank, SignalType.PDQ, pdq, Set.of("t"), "test", "", null, null, SignalStatus.ACTIVE);
    }

    private static MatchJob.Topics topics(String name) throws Exception {
        MatchJob.Topics t = new MatchJob.Topics(broker.bootstrap(), name + "-uploads", name + "-signals",
                name + "-matches");
        broker.createTopic(t.uploads(), 2, false);
        broker.createTopic(t.signals(), 1, true); // one partition: the probe is read after every earlier change
        broker.createTopic(t.matches(), 2, false);
        return t;
    }

    private static JobClient run(MatchJob.Topics t, boolean poison) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "200 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        DataStream<String> uploads = MatchJob.uploads(env, t);
        if (poison) {
            uploads = uploads.map(new PoisonOnce()).name("poison once");
        }
        MatchJob.sink(MatchJob.matches(uploads, MatchJob.changes(env, t), MatchJob.startOffsets(t), t), t);
        return env.executeAsync("test " + t.matches());
    }

    static final class PoisonOnce implements MapFunction<String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String map(String upload) {
            if (upload.contains("\"poison\"") && POISONED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure on the poison upload");
            }
            return upload;
        }
    }

    private static void send(MatchJob.Topics t, String record) throws Exception {
        producer.send(new ProducerRecord<>(t.uploads(), record)).get();
    }

    private static String pathUpload(String id, Path file) {
        return new Upload(id, file.toString(), null, null).toJson();
    }

    private static String hashUpload(String id, String pdq) {
        return new Upload(id, null, null, List.of(new Upload.Hash(SignalType.PDQ, pdq))).toJson();
    }

    /** Committed output records, by upload id, read as they come. */
    static final class Outputs implements AutoCloseable {
        final KafkaConsumer<String, String> consumer;
        final Map<String, List<JsonNode>> byId = new HashMap<>();

        Outputs(MatchJob.Topics t) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(t.matches()));
        }

        /** Polls until every id in {@code ids} has a record (fails at the deadline); returns the first of each. */
        Map<String, JsonNode> await(List<String> ids) throws Exception {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!ids.stream().allMatch(byId::containsKey)) {
                assertTrue(System.nanoTime() < deadline, "no output within " + DEADLINE + " for "
                        + ids.stream().filter(i -> !byId.containsKey(i)).toList());
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode n = JSON.readTree(r.value());
                    byId.computeIfAbsent(n.path("id").asText("(null)"), k -> new ArrayList<>()).add(n);
                }
            }
            Map<String, JsonNode> out = new LinkedHashMap<>();
            ids.forEach(i -> out.put(i, byId.get(i).get(0)));
            return out;
        }

        /** Sends uploads made by {@code make(i)} until {@code want} of them in a row are {@code matched}. */
        void until(MatchJob.Topics t, String prefix, java.util.function.IntFunction<String> make, boolean matched)
                throws Exception {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            int inRow = 0;
            for (int i = 0; inRow < 4; i++) {
                assertTrue(System.nanoTime() < deadline, prefix + ": not " + (matched ? "" : "un") + "matched in time");
                send(t, make.apply(i));
                boolean m = await(List.of(prefix + i)).get(prefix + i).path("matched").asBoolean();
                inRow = m == matched ? inRow + 1 : 0;
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** What the job must write for {@code file}: MediaMatcher's result on the source store, ids aside. */
    private static JsonNode expected(MediaMatcher oracle, String id, Path file) throws Exception {
        MatchResult r = oracle.match(file);
        return withoutSignalIds(JSON.readTree(MatchRecords.matched(new Upload(id, file.toString(), null, null), r)));
    }

    /** Signal ids are each store's own (the job's banks are a copy): compare everything else. */
    private static JsonNode withoutSignalIds(JsonNode n) {
        JsonNode c = n.deepCopy();
        for (String list : List.of("matches", "negative", "suppressed")) {
            c.path(list).forEach(m -> ((ObjectNode) m).remove("signal_id"));
        }
        return c;
    }

    @Test
    void matchesAsMediaMatcherFollowsChangesAndReportsBadRecords() throws Exception {
        MatchJob.Topics t = topics("main");
        Path dir = Files.createDirectories(root.resolve("main"));
        try (SignalStore store = store(dir, t); Outputs out = new Outputs(t)) {
            JobClient job = run(t, false);
            try {
                // sent as the job starts: it waits for the banks the signal topic held when the job was built
                send(t, pathUpload("early", originals().get(0)));
                assertTrue(out.await(List.of("early")).get("early").path("matched").asBoolean(),
                        "an upload sent at start is matched against the whole bank");
                out.until(t, "probe-", i -> hashUpload("probe-" + i, PROBE), true);

                List<Path> files = uploadsToCheck();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    ids.add("f" + i);
                    send(t, pathUpload("f" + i, files.get(i)));
                }
                Path corrupt = Files.write(dir.resolve("corrupt.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
                send(t, "{\"id\": \"bad-json\", ");
                send(t, pathUpload("missing", dir.resolve("no-such.jpg")));
                send(t, pathUpload("corrupt", corrupt));
                send(t, "{\"id\": \"neither\"}");
                List<String> all = new ArrayList<>(ids);
                all.addAll(List.of("missing", "corrupt", "neither"));
                Map<String, JsonNode> got = out.await(all);

                int matched = 0;
                try (MediaMatcher oracle = MediaMatcher.over(store, io.mediamatch.match.MatchOptions.defaults())) {
                    for (int i = 0; i < files.size(); i++) {
                        assertEquals(expected(oracle, "f" + i, files.get(i)), withoutSignalIds(got.get("f" + i)),
                                "upload of " + files.get(i));
                        matched += got.get("f" + i).path("matched").asBoolean() ? 1 : 0;
                    }
                    assertEquals(expected(oracle, "corrupt", corrupt), withoutSignalIds(got.get("corrupt")));
                }
                assertTrue(matched >= 3, "the banked originals and their variants match: " + matched);
                assertTrue(got.get("missing").path("error").asText().contains("no-such.jpg"), got.get("missing").toString());
                // as `mediamatch match` does: an undecodable image is still checked by its file digests, and the
                // record's note says why it had no PDQ
                assertTrue(got.get("corrupt").path("notes").path(0).asText().contains("pdq skipped"),
                        got.get("corrupt").toString());
                assertTrue(got.get("neither").path("error").asText().contains("exactly one"), got.get("neither").toString());
                assertTrue(out.byId.get("(null)").stream().anyMatch(n -> n.path("error").asText().contains("malformed JSON")),
                        "the malformed record's error: " + out.byId.get("(null)"));

                // a signal banked mid-stream matches later uploads; its tombstone stops the matches
                Path late = originals().get(3);
                String latePdq;
                try (MediaMatcher hasher = MediaMatcher.over(store, io.mediamatch.match.MatchOptions.defaults())) {
                    latePdq = pdqOf(hasher, late);
                }
                assertFalse(out.await(List.of("f3")).get("f3").path("matched").asBoolean(), "not banked yet");
                store.importSignals(List.of(signal("late", latePdq)), ImportOptions.defaults());
                new SignalPublisher(store, broker.bootstrap(), t.signals()).publish();
                out.until(t, "late-", i -> pathUpload("late-" + i, late), true);
                store.delete("late", SignalType.PDQ, latePdq);
                new SignalPublisher(store, broker.bootstrap(), t.signals()).publish();
                out.until(t, "gone-", i -> pathUpload("gone-" + i, late), false);
                // banked again (a record dated after the deletion): it matches again
                store.importSignals(List.of(new Signal(0, "late", SignalType.PDQ, latePdq, Set.of("t"), "test", "",
                        null, java.time.Instant.now().plusSeconds(1), SignalStatus.ACTIVE)), ImportOptions.defaults());
                assertEquals(1, new SignalPublisher(store, broker.bootstrap(), t.signals()).publish().records());
                out.until(t, "again-", i -> pathUpload("again-" + i, late), true);
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void severalHashesMatchInOneRecordAndTheJobFollowsBankSettingsAndDrops() throws Exception {
        MatchJob.Topics t = topics("banks");
        Path dir = Files.createDirectories(root.resolve("banks"));
        String md5 = "00112233445566778899aabbccddeeff";
        // PROBE with its first bit flipped: distance 1
        String nearProbe = Integer.toHexString(Character.digit(PROBE.charAt(0), 16) ^ 8) + PROBE.substring(1);
        try (SignalStore store = store(dir, t); Outputs out = new Outputs(t)) {
            String refPdq = store.list("ref", SignalType.PDQ, SignalStatus.ACTIVE, 0, 1).get(0).value();
            store.importSignals(List.of(new Signal(0, "exact", SignalType.MD5, md5, Set.of(), "test", "", null, null,
                    SignalStatus.ACTIVE)), ImportOptions.defaults());
            new SignalPublisher(store, broker.bootstrap(), t.signals()).publish();
            JobClient job = run(t, false);
            try {
                out.until(t, "probe-", i -> hashUpload("probe-" + i, PROBE), true);
                // one record for one upload with three hashes: each matched, in its own bank
                send(t, new Upload("multi", null, null, List.of(new Upload.Hash(SignalType.PDQ, refPdq),
                        new Upload.Hash(SignalType.MD5, md5), new Upload.Hash(SignalType.PDQ, nearProbe))).toJson());
                JsonNode multi = out.await(List.of("multi")).get("multi");
                assertTrue(multi.path("matched").asBoolean(), multi.toString());
                assertEquals(3, multi.path("hashes").size(), multi.toString());
                List<String> banks = new ArrayList<>();
                multi.path("matches").forEach(m -> banks.add(m.path("bank").asText()));
                assertEquals(Set.of("ref", "exact", "probe"), Set.copyOf(banks), multi.toString());
                assertEquals(1, out.byId.get("multi").size(), "one record for the upload");

                // a bank's own distance: at 0 the near probe no longer matches, the probe itself still does
                out.until(t, "near-", i -> hashUpload("near-" + i, nearProbe), true);
                store.putBank(store.bank("probe").orElseThrow().withMatchDistance(java.util.OptionalInt.of(0)));
                new SignalPublisher(store, broker.bootstrap(), t.signals()).publish();
                out.until(t, "near0-", i -> hashUpload("near0-" + i, nearProbe), false);
                out.until(t, "exact0-", i -> hashUpload("exact0-" + i, PROBE), true);

                // a disabled bank keeps its signals but matches nothing; enabled again, it matches again
                store.putBank(store.bank("ref").orElseThrow().withEnabled(false));
                new SignalPublisher(store, broker.bootstrap(), t.signals()).publish();
                out.until(t, "off-", i -> hashUpload("off-" + i, refPdq), false);
                store.putBank(store.bank("ref").orElseThrow().withEnabled(true));
                new SignalPublisher(store, broker.bootstrap(), t.signals()).publish();
                out.until(t, "on-", i -> hashUpload("on-" + i, refPdq), true);

                // a dropped bank: its signals get tombstones, its matches stop
                assertTrue(store.dropBank("ref"));
                SignalPublisher.Published dropped = new SignalPublisher(store, broker.bootstrap(), t.signals()).publish();
                assertEquals(3, dropped.records(), "a tombstone for each of the dropped bank's three signals");
                out.until(t, "dropped-", i -> hashUpload("dropped-" + i, refPdq), false);
                out.until(t, "others-", i -> hashUpload("others-" + i, PROBE), true);
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void aFailureMidStreamNeitherDropsNorDuplicatesCommittedOutput() throws Exception {
        MatchJob.Topics t = topics("failure");
        Path dir = Files.createDirectories(root.resolve("failure"));
        try (SignalStore store = store(dir, t); Outputs out = new Outputs(t)) {
            JobClient job = run(t, true);
            try {
                out.until(t, "probe-", i -> hashUpload("probe-" + i, PROBE), true);
                List<Path> files = uploadsToCheck();
                List<String> ids = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < files.size(); i++) {
                        ids.add("r" + round + "-" + i);
                        send(t, pathUpload("r" + round + "-" + i, files.get(i)));
                    }
                    if (round == 1) {
                        send(t, hashUpload("poison", PROBE));
                        ids.add("poison");
                    }
                }
                Map<String, JsonNode> got = out.await(ids);
                assertTrue(POISONED.get(), "the injected failure happened");
                // let the last transactions settle, then every upload has exactly one committed record
                out.until(t, "tail-", i -> hashUpload("tail-" + i, PROBE), true);
                try (MediaMatcher oracle = MediaMatcher.over(store, io.mediamatch.match.MatchOptions.defaults())) {
                    for (int round = 0; round < 3; round++) {
                        for (int i = 0; i < files.size(); i++) {
                            String id = "r" + round + "-" + i;
                            assertEquals(1, out.byId.get(id).size(), "committed records of " + id);
                            assertEquals(expected(oracle, id, files.get(i)), withoutSignalIds(got.get(id)), id);
                        }
                    }
                }
                assertEquals(1, out.byId.get("poison").size());
                assertNotNull(got.get("poison"));
                // after the restart (from a checkpoint: one every 300 ms) the instances rebuilt their banks from the
                // signal topic, the checkpoint holding offsets only: round 2 still finds what the store holds
                assertTrue(java.util.stream.IntStream.range(0, files.size())
                        .anyMatch(i -> got.get("r2-" + i).get("matched").asBoolean()), "round 2 matched something");
            } finally {
                job.cancel().get();
            }
        }
    }
}
