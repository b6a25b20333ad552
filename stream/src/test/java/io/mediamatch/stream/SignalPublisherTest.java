package io.mediamatch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
            assertEquals(store.changeSequence(), pub.publishedSequence());

            assertEquals(0, pub.publish().records(), "nothing changed: nothing is sent again");

            store.delete("b1", SignalType.PDQ, pdq(2));
            store.importSignals(List.of(signal("b2", pdq(4))), ImportOptions.defaults());
            SignalPublisher.Published second = new SignalPublisher(store, broker.bootstrap(), "signals").publish();
            assertEquals(2, second.records(), "a fresh publisher resumes from the topic's sequence");
            assertEquals(first.toSeq(), second.fromSeq());
        }
        Map<String, String> table = read("signals", 5);
        assertEquals(Map.of(
                "b1|pdq|" + pdq(1), new SignalChange("b1", SignalType.PDQ, pdq(1), false, Set.of("l"), "test", "").valueJson(),
                "b2|pdq|" + pdq(3), new SignalChange("b2", SignalType.PDQ, pdq(3), false, Set.of("l"), "test", "").valueJson(),
                "b2|pdq|" + pdq(4), new SignalChange("b2", SignalType.PDQ, pdq(4), false, Set.of("l"), "test", "").valueJson()),
                withoutNulls(table));
        assertEquals(null, table.get("b1|pdq|" + pdq(2)), "the deleted signal's last record is a tombstone");
        assertEquals(true, table.containsKey("b1|pdq|" + pdq(2)));
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
