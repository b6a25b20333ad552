package io.mediamatch.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/**
 * The matching job: uploads from one topic, signal changes from another (broadcast to every instance), one
 * match or error record per upload to a third, exactly once (checkpoints and a transactional sink).
 * {@link #main} only wires operators; {@link #matches} is the pipeline, reused by tests and retro-scan.
 */
public final class MatchJob {
    /** Where the job reads and writes, and its checkpoint interval. */
    public record Topics(String bootstrap, String uploads, String signals, String matches) {
    }

    private MatchJob() {
    }

    /** Adds the job to {@code env}: sources, {@link #matches}, the exactly-once sink; checkpoints every {@code interval}. */
    public static void wire(StreamExecutionEnvironment env, Topics t, Duration interval) throws java.io.IOException {
        env.enableCheckpointing(interval.toMillis());
        sink(matches(uploads(env, t), changes(env, t), startOffsets(t), t), t);
    }

    /**
     * Per partition of the signal topic, the offset of its last committed record now: the job matches no upload
     * before it has read that far. Throws {@link java.io.IOException} naming the topic when it cannot be read.
     */
    public static Map<Integer, Long> startOffsets(Topics t) throws java.io.IOException {
        Map<Integer, Long> last = new HashMap<>();
        TopicTail.read(t.bootstrap(), t.signals(), r -> last.merge(r.partition(), r.offset(), Math::max));
        return last;
    }

    /** The uploads topic as text records (from the earliest offset on a first start, from the checkpoint after). */
    public static DataStream<String> uploads(StreamExecutionEnvironment env, Topics t) {
        KafkaSource<String> src = KafkaSource.<String>builder()
                .setBootstrapServers(t.bootstrap())
                .setTopics(t.uploads())
                .setGroupId("mediamatch-match-" + t.matches())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new KafkaRecords.Uploads())
                .setProperty("isolation.level", "read_committed")
                .build();
        return env.fromSource(src, WatermarkStrategy.noWatermarks(), "uploads " + t.uploads());
    }

    /** The signal-changes topic, all of it: a compacted topic read from the start is the banks' current state. */
    public static DataStream<SignalRow> changes(StreamExecutionEnvironment env, Topics t) {
        KafkaSource<SignalRow> src = KafkaSource.<SignalRow>builder()
                .setBootstrapServers(t.bootstrap())
                .setTopics(t.signals())
                .setGroupId("mediamatch-signals-" + t.matches())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new KafkaRecords.Changes())
                .setProperty("isolation.level", "read_committed")
                .build();
        return env.fromSource(src, WatermarkStrategy.noWatermarks(), "signals " + t.signals());
    }

    /**
     * Uploads (spread over the instances) matched against the broadcast banks: one output record per upload, none
     * before an instance has read the signal changes up to {@code startOffsets} ({@link #startOffsets}). {@code t}
     * names the signal topic a restored instance rebuilds its banks from (null: never restored, as in retro-scan).
     */
    public static DataStream<String> matches(DataStream<String> uploads, DataStream<SignalRow> changes,
                                             Map<Integer, Long> startOffsets, Topics t) {
        BroadcastStream<SignalRow> banks = changes.broadcast(MatchFunction.SIGNALS);
        return uploads.rebalance().connect(banks).process(new MatchFunction(startOffsets,
                t == null ? null : t.bootstrap(), t == null ? null : t.signals())).name("match");
    }

    /** Writes {@code records} to the matches topic in Kafka transactions committed with each checkpoint. */
    public static void sink(DataStream<String> records, Topics t) {
        Properties p = new Properties();
        // within the broker's default transaction.max.timeout.ms (15 min), above any sane checkpoint interval
        p.put("transaction.timeout.ms", "900000");
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(t.bootstrap())
                .setKafkaProducerConfig(p)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(t.matches())
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("mediamatch-" + t.matches())
                .build();
        records.sinkTo(sink).name("matches " + t.matches());
    }

    /**
     * {@code flink run} entry, the options of {@link JobOptions} (as {@code mediamatch stream run}); prints usage
     * and exits 2 on bad arguments before building the job, so it needs no cluster to say how it is called.
     */
    public static void main(String[] args) throws Exception {
        JobOptions o = new JobOptions();
        CommandLine cl = new CommandLine(new Usage()).addMixin("job", o);
        try {
            cl.parseArgs(args);
            if (cl.isUsageHelpRequested()) {
                cl.usage(System.out);
                return;
            }
            o.parallelism(1);
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println("mediamatch job: " + e.getMessage());
            cl.usage(System.err);
            System.exit(2);
        }
        submit(o);
    }

    private static void submit(JobOptions o) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(o.configuration());
        if (o.parallelismGiven()) {
            env.setParallelism(o.parallelism(1));
        }
        wire(env, o.topics(), o.interval());
        env.execute("mediamatch match " + o.topics().matches());
    }

    /** The usage text of {@link #main}. */
    @CommandLine.Command(name = "flink run mediamatch-stream-job.jar", mixinStandardHelpOptions = false,
            description = {"The mediamatch matching job: upload records from --uploads, banks from --signals (see"
                    + " `mediamatch db publish`), one record per upload to --matches, exactly once."})
    static final class Usage {
        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;
    }
}
