package io.mediamatch.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
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

    /** Signal changes as (key, value or "", tombstone); the publisher's key-less sequence markers are skipped. */
    static final class Changes implements KafkaRecordDeserializationSchema<Tuple3<String, String, Boolean>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<Tuple3<String, String, Boolean>> out) {
            if (r.key() == null || r.key().length == 0) {
                return;
            }
            String key = new String(r.key(), StandardCharsets.UTF_8);
            boolean tombstone = r.value() == null;
            out.collect(Tuple3.of(key, tombstone ? "" : new String(r.value(), StandardCharsets.UTF_8), tombstone));
        }

        @Override
        public TypeInformation<Tuple3<String, String, Boolean>> getProducedType() {
            return Types.TUPLE(Types.STRING, Types.STRING, Types.BOOLEAN);
        }
    }
}
