package io.mediamatch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.store.ImportOptions;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignalPublisherTest {
    private static LocalBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = LocalBroker.start(0, Path.of("target", "kafka-publisher-" + System.nanoTime()));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static String pdq(int i) {
        return String.format("%064x", 0x1234567L * (i + 1)).replace('0', 'a');
    }

    @Test
    void publishesTheFeedOnceAndResumesAfterTheLastPublishedSequence() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "publisher-" + System.nanoTime()));
        broker.createTopic("signals", 2, true);
        try (SignalStore store = SignalStore.open(dir.resolve("db.sqlite"))) {
            store.importSignals(List.of(signal("b1", pdq(1)), signal("b1", pdq(2)), signal("b2", pdq(3))),
                    ImportOptions.defaults());
            SignalPublisher pub = new SignalPublisher(store, broker.bootstrap(), "signals");
            assertEquals(-1, pub.publishedSequence());
            SignalPublisher.Published first = pub.publish();
            assertEquals(3, first.records());
            assertEquals(2, first.banks(), "each bank's settings lead the signals");
            assertEquals(store.changeSequence(), pub.publishedSequence());

            assertEquals(0, pub.publish().records(), "nothing changed: nothing is sent again");

            store.delete("b1", SignalType.PDQ, pdq(2));
            store.importSignals(List.of(signal("b2", pdq(4))), ImportOptions.defaults());
            SignalPublisher.Published second = new SignalPublisher(store, broker.bootstrap(), "signals").publish();
            assertEquals(2, second.records(), "a fresh publisher resumes from the topic's sequence");
            assertEquals(first.toSeq(), second.fromSeq());
        }
        Map<String, String> table = read("signals", 9); // 5 signal records, a record of each bank per publish
        assertEquals(BankChange.of(io.mediamatch.store.Bank.named("b1")).valueJson(),
                table.remove(BankChange.KEY_PREFIX + "b1"));
        assertEquals(BankChange.of(io.mediamatch.store.Bank.named("b2")).valueJson(),
                table.remove(BankChange.KEY_PREFIX + "b2"));
        assertEquals(Map.of(
                "b1|pdq|" + pdq(1), new SignalChange("b1", SignalType.PDQ, pdq(1), false, Set.of("l"), "test", "").valueJson(),
                "b2|pdq|" + pdq(3), new SignalChange("b2", SignalType.PDQ, pdq(3), false, Set.of("l"), "test", "").valueJson(),
                "b2|pdq|" + pdq(4), new SignalChange("b2", SignalType.PDQ, pdq(4), false, Set.of("l"), "test", "").valueJson()),
                withoutNulls(table));
        assertEquals(null, table.get("b1|pdq|" + pdq(2)), "the deleted signal's last record is a tombstone");
        assertEquals(true, table.containsKey("b1|pdq|" + pdq(2)));
    }

    @Test
    void aDroppedBankGetsATombstoneForEachOfItsSignalsAndItsRecord() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "publisher-drop-" + System.nanoTime()));
        broker.createTopic("signals-drop", 1, true);
        try (SignalStore store = SignalStore.open(dir.resolve("db.sqlite"))) {
            store.importSignals(List.of(signal("gone", pdq(1)), signal("gone", pdq(2)), signal("kept", pdq(1))),
                    ImportOptions.defaults());
            store.delete("gone", SignalType.PDQ, pdq(2));
            SignalPublisher pub = new SignalPublisher(store, broker.bootstrap(), "signals-drop");
            assertEquals(3, pub.publish().records());
            assertTrue(store.dropBank("gone"));
            SignalPublisher.Published drop = pub.publish();
            // pdq(2) of "gone" is a tombstone on the topic already: only the live signal and the bank's record
            assertEquals(1, drop.records(), "one tombstone for the dropped bank's live signal");
            assertEquals(2, drop.banks(), "the kept bank's record and the dropped bank's tombstone");
            assertEquals(0, pub.publish().records(), "the next publish finds nothing to say");
        }
        Map<String, String> table = read("signals-drop", 3 + 2 + 1 + 2);
        assertEquals(Map.of("kept|pdq|" + pdq(1),
                new SignalChange("kept", SignalType.PDQ, pdq(1), false, Set.of("l"), "test", "").valueJson(),
                BankChange.KEY_PREFIX + "kept", BankChange.of(io.mediamatch.store.Bank.named("kept")).valueJson()),
                withoutNulls(table));
        for (String k : List.of("gone|pdq|" + pdq(1), "gone|pdq|" + pdq(2), BankChange.KEY_PREFIX + "gone")) {
            assertTrue(table.containsKey(k) && table.get(k) == null, "a tombstone last for " + k);
        }
    }

    private static Map<String, String> withoutNulls(Map<String, String> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Signal signal(String bank, String value) {
        return new Signal(0, bank, SignalType.PDQ, value, Set.of("l"), "test", "", null, null, SignalStatus.ACTIVE);
    }

    /** The last value of each key once {@code count} records have been read (committed only). */
    static Map<String, String> read(String topic, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "read-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, String> last = new HashMap<>();
        int n = 0;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (n < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(300))) {
                    last.put(r.key(), r.value());
                    n++;
                }
            }
        }
        assertEquals(count, n, "records read from " + topic);
        return last;
    }
}
