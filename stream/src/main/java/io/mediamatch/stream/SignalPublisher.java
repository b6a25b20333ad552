package io.mediamatch.stream;

import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a {@link SignalStore}'s change feed to a Kafka topic as {@link SignalChange} records (keyed, a tombstone
 * a null value), each carrying the store's change sequence in header {@value #SEQ_HEADER}. Every publish is one
 * Kafka transaction, so the highest committed header is where the next publish resumes. Not thread-safe.
 */
public final class SignalPublisher {
    /** The header holding the store's change sequence (8 bytes, big-endian) that the record is consistent with. */
    public static final String SEQ_HEADER = "mediamatch.seq";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int BATCH = 10_000;

    private final SignalStore store;
    private final String bootstrap;
    private final String topic;

    /** Publishes {@code store}'s changes to {@code topic} on the brokers at {@code bootstrap}. */
    public SignalPublisher(SignalStore store, String bootstrap, String topic) {
        this.store = store;
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    /** What one {@link #publish} did: records written and the sequence the topic is now consistent with. */
    public record Published(long records, long fromSeq, long toSeq) {
    }

    /**
     * Publishes every change after the sequence the topic already holds (all, for a new topic) in one transaction.
     * Throws {@link IOException} naming the store, broker and topic on failure; nothing of a failed run is visible.
     */
    public Published publish() throws IOException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mediamatch-publish-" + topic + "-" + store.storeId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        long sent = 0;
        long from;
        long to;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            // first: this fences and aborts a publish of this store that died mid-way, so its records never count
            producer.initTransactions();
            from = publishedSequence();
            to = store.changeSequence();
            List<Long> ids = new ArrayList<>();
            for (SignalType type : SignalType.values()) {
                // every scan sees a snapshot at least as new as 'to'; a later change is sent now and again next time
                to = Math.max(to, store.scan(type, from, (id, bank, value, status) -> ids.add(id)));
            }
            if (ids.isEmpty() && to == from) {
                return new Published(0, from, from);
            }
            byte[] seq = ByteBuffer.allocate(8).putLong(to).array();
            producer.beginTransaction();
            for (int i = 0; i < ids.size(); i += BATCH) {
                for (Signal s : store.get(ids.subList(i, Math.min(ids.size(), i + BATCH)))) {
                    SignalChange c = SignalChange.of(s);
                    ProducerRecord<String, String> r = new ProducerRecord<>(topic, c.key(), c.valueJson());
                    r.headers().add(SEQ_HEADER, seq);
                    producer.send(r);
                    sent++;
                }
            }
            if (sent == 0) {
                // nothing left to say but the sequence: a marker record the job ignores keeps the resume point
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, 0, "", "");
                r.headers().add(SEQ_HEADER, seq);
                producer.send(r);
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            throw new IOException("cannot publish " + store.path() + " to topic " + topic + " on " + bootstrap
                    + ": " + e.getMessage(), e);
        }
        return new Published(sent, from, to);
    }

    /**
     * The highest committed {@value #SEQ_HEADER} on the topic, or -1 for a topic without one (publish everything).
     * Waits (up to 60 s) for transactions still being completed on the topic's last records.
     */
    public long publishedSequence() throws IOException {
        long[] best = {-1};
        TopicTail.read(bootstrap, topic, r -> {
            Header h = r.headers().lastHeader(SEQ_HEADER);
            if (h != null && h.value().length == 8) {
                best[0] = Math.max(best[0], ByteBuffer.wrap(h.value()).getLong());
            }
        });
        return best[0];
    }
}
