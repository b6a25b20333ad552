package io.mediamatch.stream;

import io.mediamatch.store.Bank;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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

    /**
     * What one {@link #publish} did: signal records written (upserts and tombstones), bank records written, and
     * the sequence the topic is now consistent with.
     */
    public record Published(long records, long banks, long fromSeq, long toSeq) {
    }

    /**
     * Publishes every change after the sequence the topic already holds (all, for a new topic) in one transaction,
     * led by a record of each bank's settings ({@link BankChange}). After a bank was dropped from the store
     * ({@link io.mediamatch.store.ChangeFeed#lastBankDrop}) since the last publish, the whole topic is compared
     * with the store and every signal and bank it holds that the store no longer does gets a tombstone.
     * Throws {@link IOException} naming the store, broker and topic on failure; nothing of a failed run is visible.
     */
    public Published publish() throws IOException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mediamatch-publish-" + topic + "-" + store.storeId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        long sent = 0;
        long banks = 0;
        long from;
        long to;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            // first: this fences and aborts a publish of this store that died mid-way, so its records never count
            producer.initTransactions();
            from = publishedSequence();
            to = store.changeSequence();
            boolean dropped = from >= 0 && store.changes().lastBankDrop() > from;
            List<Long> ids = new ArrayList<>();
            for (SignalType type : SignalType.values()) {
                // every scan sees a snapshot at least as new as 'to'; a later change is sent now and again next time
                to = Math.max(to, store.scan(type, from, (id, bank, value, status) -> ids.add(id)));
            }
            if (ids.isEmpty() && to == from) {
                return new Published(0, 0, from, from);
            }
            List<TopicChange> gone = dropped ? gone() : List.of();
            byte[] seq = ByteBuffer.allocate(8).putLong(to).array();
            producer.beginTransaction();
            // bank settings first: a task creating a bank for its signals creates it as the store has it
            for (Bank b : store.banks()) {
                send(producer, BankChange.of(b), seq);
                banks++;
            }
            for (int i = 0; i < ids.size(); i += BATCH) {
                for (Signal s : store.get(ids.subList(i, Math.min(ids.size(), i + BATCH)))) {
                    send(producer, SignalChange.of(s), seq);
                    sent++;
                }
            }
            for (TopicChange c : gone) {
                send(producer, c, seq);
                if (c instanceof BankChange) {
                    banks++;
                } else {
                    sent++;
                }
            }
            if (sent + banks == 0) {
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
        return new Published(sent, banks, from, to);
    }

    private void send(KafkaProducer<String, String> producer, TopicChange c, byte[] seq) {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, c.key(), c.valueJson());
        r.headers().add(SEQ_HEADER, seq);
        producer.send(r);
    }

    /**
     * Tombstones for what the topic holds live and the store does not: the signals and records of dropped banks
     * (the store keeps no row of them). Reads the whole topic and the store's keys: only after a drop.
     */
    private List<TopicChange> gone() throws IOException {
        Map<String, Boolean> live = new HashMap<>();
        TopicTail.readAll(bootstrap, topic, r -> {
            if (r.key() != null && r.key().length > 0) {
                live.put(new String(r.key(), StandardCharsets.UTF_8), r.value() != null);
            }
        });
        Map<Long, String> bankNames = new HashMap<>();
        Set<String> held = new HashSet<>();
        for (Bank b : store.banks()) {
            bankNames.put(b.id(), b.name());
            held.add(BankChange.of(b).key());
        }
        for (SignalType type : SignalType.values()) {
            store.scan(type, -1, (id, bank, value, status) -> {
                String name = bankNames.get(bank);
                if (name != null && status != SignalStatus.DELETED) {
                    held.add(name + "|" + type.wireName() + "|" + type.format(value));
                }
            });
        }
        List<TopicChange> out = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : live.entrySet()) {
            if (e.getValue() && !held.contains(e.getKey())) {
                try {
                    out.add(TopicChange.parse(e.getKey(), null));
                } catch (BadRecordException notOurs) {
                    // a key no publisher writes: the job skips it too, so it needs no tombstone
                }
            }
        }
        return out;
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
