package io.mediamatch.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mediamatch stream produce}: each line of stdin as one record on a topic (Kafka's console producer, in short). */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Send each line of standard input as one record (no key) to --topic, e.g. upload records.",
            "Exit codes: 0 sent; 2 error."})
final class StreamProduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers.")
    String bootstrap;

    @Option(names = "--topic", required = true, paramLabel = "T", description = "The topic.")
    String topic;

    @Override
    public Integer call() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        long n = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    producer.send(new ProducerRecord<>(topic, line)).get();
                    n++;
                }
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("sent " + n + " records to " + topic);
        err.flush();
        return 0;
    }
}
