package io.mediamatch.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka (KRaft, broker and controller in one process) listening on 127.0.0.1, its logs in one
 * directory; for trying the stream job and for tests, not for production. {@link #start} returns once clients can
 * use it; {@link #close} stops it and keeps the directory, so a later start on the same directory finds its topics.
 */
public final class LocalBroker implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration READY = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final int port;
    private final Path dir;

    private LocalBroker(KafkaRaftServer server, int port, Path dir) {
        this.server = server;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Formats {@code dir} if it is new and starts a broker on {@code port} (0: a free port).
     * Throws {@link IOException} naming the directory or port when the broker cannot start or is not ready in 60 s.
     */
    public static LocalBroker start(int port, Path dir) throws IOException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + ": must be 0 (a free port) to 65535");
        }
        Path logs = dir.toAbsolutePath().resolve("kafka-logs");
        Files.createDirectories(logs);
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logs.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Flink's exactly-once sink keeps transactions open across a checkpoint: allow the connector's default.
        p.put("transaction.max.timeout.ms", "3600000");
        p.put("auto.create.topics.enable", "true");
        KafkaConfig config = KafkaConfig.fromProps(p);
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logs.toString())
                    .setMetadataLogDirectory(logs.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IOException("cannot format a Kafka log directory in " + logs + ": " + e.getMessage(), e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        LocalBroker broker = new LocalBroker(server, brokerPort, dir);
        try {
            server.startup();
            broker.awaitReady();
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw new IOException("cannot start Kafka on " + HOST + ":" + brokerPort + " in " + dir + ": "
                    + e.getMessage(), e);
        }
        return broker;
    }

    /** {@code 127.0.0.1:PORT}, for a client's {@code bootstrap.servers}. */
    public String bootstrap() {
        return HOST + ":" + port;
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** The directory the broker keeps its logs under. */
    public Path dir() {
        return dir;
    }

    /** Creates {@code topic} with {@code partitions} partitions (no effect if it exists); {@code compacted} for a keyed table. */
    public void createTopic(String topic, int partitions, boolean compacted) throws IOException {
        NewTopic t = new NewTopic(topic, partitions, (short) 1);
        if (compacted) {
            t.configs(Map.of("cleanup.policy", "compact"));
        }
        try (Admin admin = admin()) {
            admin.createTopics(List.of(t)).all().get(READY.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IOException("cannot create topic " + topic + " on " + bootstrap() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("topic " + topic + " not created on " + bootstrap() + " within " + READY, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted creating topic " + topic, e);
        }
    }

    /** Stops the broker and waits for it; the directory stays. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        return Admin.create(p);
    }

    /** Polls until the broker answers a metadata request and is registered. */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for Kafka on " + bootstrap(), e);
                }
                try {
                    Thread.sleep(100); // a poll interval inside a deadline, not a wait for a condition
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for Kafka on " + bootstrap(), e);
                }
            }
        }
        throw new IOException("Kafka on " + bootstrap() + " not ready within " + READY
                + (last == null ? "" : ": " + last.getMessage()));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
