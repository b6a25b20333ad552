package io.mediamatch.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the last committed records of every partition of a topic (the last 16 offsets: a transaction's commit
 * marker takes one too), or all of them, waiting up to 60 s for transactions being completed. Used once per call; no state.
 */
final class TopicTail {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicTail() {
    }

    /** Visits the last committed records of {@code topic} (none for a missing or empty topic). */
    static void read(String bootstrap, String topic, Consumer<ConsumerRecord<byte[], byte[]>> visitor) throws IOException {
        read(bootstrap, topic, 16, visitor);
    }

    /** Visits every committed record of {@code topic} up to its end now, partition by partition in offset order. */
    static void readAll(String bootstrap, String topic, Consumer<ConsumerRecord<byte[], byte[]>> visitor)
            throws IOException {
        read(bootstrap, topic, Long.MAX_VALUE, visitor);
    }

    private static void read(String bootstrap, String topic, long last, Consumer<ConsumerRecord<byte[], byte[]>> visitor)
            throws IOException {
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, "read_committed");
                KafkaConsumer<byte[], byte[]> u = consumer(bootstrap, "read_uncommitted")) {
            List<PartitionInfo> parts = c.partitionsFor(topic, TIMEOUT);
            if (parts == null || parts.isEmpty()) {
                return;
            }
            List<TopicPartition> tps = parts.stream().map(x -> new TopicPartition(topic, x.partition())).toList();
            c.assign(tps);
            // the high watermarks: a committed reader reaches them once every transaction before them is complete
            Map<TopicPartition, Long> ends = u.endOffsets(tps, TIMEOUT);
            for (TopicPartition tp : tps) {
                c.seek(tp, Math.max(0, ends.get(tp) - Math.min(last, ends.get(tp))));
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnd(c, tps, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("topic " + topic + " on " + bootstrap
                            + ": its last records are still in an open transaction after " + TIMEOUT);
                }
                c.poll(Duration.ofMillis(200)).forEach(visitor);
            }
        } catch (KafkaException e) {
            throw new IOException("cannot read topic " + topic + " on " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    /**
     * Visits every committed record of {@code topic} from the beginning through offset {@code last.get(p)} of each
     * partition p in {@code last}, in offset order (what a compacted topic still holds of them). Fails when no
     * record arrives for 60 s before those offsets are passed.
     */
    static void readThrough(String bootstrap, String topic, Map<Integer, Long> last,
            Consumer<ConsumerRecord<byte[], byte[]>> visitor) throws IOException {
        if (last.isEmpty()) {
            return;
        }
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, "read_committed")) {
            List<TopicPartition> tps = last.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            long quietSince = System.nanoTime();
            while (!passed(c, tps, last)) {
                if (System.nanoTime() - quietSince > TIMEOUT.toNanos()) {
                    throw new IOException("topic " + topic + " on " + bootstrap + ": no record for " + TIMEOUT
                            + " before offsets " + last + " were read");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    quietSince = System.nanoTime();
                    if (r.offset() <= last.get(r.partition())) {
                        visitor.accept(r);
                    }
                }
            }
        } catch (KafkaException e) {
            throw new IOException("cannot read topic " + topic + " on " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    private static boolean passed(KafkaConsumer<?, ?> c, List<TopicPartition> tps, Map<Integer, Long> last) {
        for (TopicPartition tp : tps) {
            if (c.position(tp) <= last.get(tp.partition())) {
                return false;
            }
        }
        return true;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> c, List<TopicPartition> tps, Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : tps) {
            if (c.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
