package io.mediamatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mediamatch stream consume}: a topic's committed records on stdout, from the start (Kafka's console consumer, in short). */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Print the committed records of --topic from its start, one per line, until --max records"
                + " or --timeout without a new one.",
            "Exit codes: 0 done (1 if nothing came); 2 error."})
final class StreamConsumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers.")
    String bootstrap;

    @Option(names = "--topic", required = true, paramLabel = "T", description = "The topic.")
    String topic;

    @Option(names = "--max", defaultValue = "2147483647", paramLabel = "N", description = "Stop after N records.")
    long max;

    @Option(names = "--timeout", defaultValue = "PT30S", paramLabel = "DURATION",
            description = "Stop after this long without a record (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "mediamatch-consume-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long n = 0;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long quietUntil = System.nanoTime() + timeout.toNanos();
            while (n < max && System.nanoTime() < quietUntil) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    out.println(r.value());
                    quietUntil = System.nanoTime() + timeout.toNanos();
                    if (++n >= max) {
                        break;
                    }
                }
                out.flush();
            }
        }
        out.flush();
        return n > 0 ? 0 : 1;
    }
}
