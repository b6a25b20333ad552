package io.mediamatch.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** How the job reads Kafka records: uploads as their text (a null value as ""), signal changes as (key, value, tombstone). */
final class KafkaRecords {
    private KafkaRecords() {
    }

    /** Upload values as UTF-8 text; a record that is not an upload still reaches the job and becomes an error record. */
    static final class Uploads implements KafkaRecordDeserializationSchema<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<String> out) throws IOException {
            out.collect(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    /**
     * Signal changes as {@link SignalRow}s; the publisher's key-less sequence markers come through too (key ""), so
     * the job can tell when it has read up to the offsets the topic had at start.
     */
    static final class Changes implements KafkaRecordDeserializationSchema<SignalRow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<SignalRow> out) {
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
            out.collect(new SignalRow(key, value, r.partition(), r.offset()));
        }

        @Override
        public TypeInformation<SignalRow> getProducedType() {
            return TypeInformation.of(SignalRow.class);
        }
    }
}
