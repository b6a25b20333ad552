package io.mediamatch.benchmarks;

import io.mediamatch.match.MatchOptions;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.store.ImportOptions;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import io.mediamatch.stream.LocalBroker;
import io.mediamatch.stream.MatchJob;
import io.mediamatch.stream.SignalChange;
import io.mediamatch.stream.SignalPublisher;
import io.mediamatch.stream.TopicChange;
import io.mediamatch.stream.Upload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Uploads/s through the stream job (local Flink, in-process broker) at parallelism 1 and 2 on JPEGs (each repeated
 * COPIES times; every file sent twice, the first pass warming the job, the second timed as its running rate, each
 * with the process's CPU by thread group) against a bank of SIGNALS random PDQ signals, next to
 * {@code bin/mediamatch match --threads N} (whole process) and core's MediaMatcher in this JVM on the same files,
 * interleaved in one run; the time from a published signal to its first match (median of ROUNDS); each job's start
 * (index rebuilt from the compacted topic) and its checkpoint size; and the two steps of a task rebuilding its banks
 * from the compacted topic (read and parse it; import into a task's store and index it), timed apart. Prints a
 * markdown table. Usage: {@code StreamThroughput DIR JPEG_DIR SIGNALS COPIES ROUNDS CLI CHECKPOINT_SECONDS} (CLI: the
 * {@code bin/mediamatch} launcher, or {@code -} to skip it).
 */
public final class StreamThroughput {
    private final Path dir;
    private final List<Path> files;
    private final int rounds;
    private final LocalBroker broker;
    private final SignalStore store;
    private final String signalsTopic;
    private final SplittableRandom random = new SplittableRandom(7);
    private final List<String[]> rows = new ArrayList<>();
    private Duration checkpointInterval = Duration.ofSeconds(5);

    private StreamThroughput(Path dir, List<Path> files, int rounds, LocalBroker broker, SignalStore store,
                             String signalsTopic) {
        this.dir = dir;
        this.files = files;
        this.rounds = rounds;
        this.broker = broker;
        this.store = store;
        this.signalsTopic = signalsTopic;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: StreamThroughput DIR JPEG_DIR SIGNALS COPIES ROUNDS CLI|- CHECKPOINT_SECONDS");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<Path> jpegs;
        try (Stream<Path> w = Files.walk(Path.of(args[1]))) {
            jpegs = w.filter(p -> p.toString().endsWith(".jpg")).sorted().map(Path::toAbsolutePath).toList();
        }
        if (jpegs.isEmpty()) {
            throw new IllegalArgumentException("JPEG_DIR " + args[1] + ": no .jpg files");
        }
        int signals = Integer.parseInt(args[2]);
        int copies = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        List<Path> files = new ArrayList<>();
        for (int r = 0; r < copies; r++) {
            files.addAll(jpegs);
        }
        Files.createDirectories(dir);
        try (LocalBroker broker = LocalBroker.start(0, dir.resolve("kafka"));
                SignalStore store = SignalStore.open(dir.resolve("bank-" + signals + ".db"))) {
            String topic = "bench-signals-" + System.nanoTime();
            StreamThroughput b = new StreamThroughput(dir, files, rounds, broker, store, topic);
            b.checkpointInterval = Duration.ofSeconds(Long.parseLong(args[6]));
            b.run(signals, args[5]);
        }
    }

    private void run(int signals, String cli) throws Exception {
        long t0 = System.nanoTime();
        if (store.stats().total() == 0) {
            SplittableRandom rnd = new SplittableRandom(1);
            List<Signal> batch = new ArrayList<>();
            for (int i = 0; i < signals; i++) {
                batch.add(new Signal(0, "bench", SignalType.PDQ,
                        Hash256.of(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()).toHex(),
                        Set.of(), "bench", "", null, null, SignalStatus.ACTIVE));
                if (batch.size() == 100_000 || i == signals - 1) {
                    store.importSignals(batch, ImportOptions.defaults());
                    batch.clear();
                }
            }
        }
        row("bank", store.stats().total() + " random PDQ signals", String.format(Locale.ROOT, "%.1f s", secs(t0)));
        broker.createTopic(signalsTopic, 1, true);
        long p0 = System.nanoTime();
        SignalPublisher.Published pub = new SignalPublisher(store, broker.bootstrap(), signalsTopic).publish();
        row("db publish to the compacted topic", pub.records() + " records",
                String.format(Locale.ROOT, "%.1f s (%.0f records/s)", secs(p0), pub.records() / secs(p0)));
        rebuild();
        if (!cli.equals("-")) {
            cli(cli, 1); // untimed: the store's first open saves its index, as after any `db import`
        }
        for (int p : new int[] {1, 2}) {
            if (!cli.equals("-")) {
                double s = cli(cli, p);
                row("`mediamatch match --threads " + p + "`, whole process", files.size() + " files",
                        String.format(Locale.ROOT, "%.1f images/s (%.2f s)", files.size() / s, s));
            }
            row("core MediaMatcher in this JVM, " + p + " thread(s)", files.size() + " files",
                    String.format(Locale.ROOT, "%.1f images/s", direct(p)));
            job(p);
        }
        System.out.println();
        System.out.println("| measurement | input | result |");
        System.out.println("|---|---|---|");
        for (String[] r : rows) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
    }

    private void row(String what, String input, String result) {
        rows.add(new String[] {what, input, result});
        System.out.println(what + ": " + input + ": " + result);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds for {@code bin/mediamatch match} over the files, JVM start and index load included. */
    private double cli(String launcher, int threads) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher, "match", "--db", store.path().toString(),
                "--threads", Integer.toString(threads), "--all", "--json"));
        files.forEach(f -> cmd.add(f.toString()));
        long t0 = System.nanoTime();
        Process proc = new ProcessBuilder(cmd).redirectOutput(dir.resolve("cli-out.json").toFile())
                .redirectError(dir.resolve("cli-err.txt").toFile()).start();
        int rc = proc.waitFor();
        double s = secs(t0);
        long lines;
        try (Stream<String> out = Files.lines(dir.resolve("cli-out.json"))) {
            lines = out.count();
        }
        // exit 1 is "no match", 0 "some match": both ran every file
        if (rc > 1 || lines < files.size()) {
            throw new IOException("mediamatch match exited " + rc + " with " + lines + " lines: see "
                    + dir.resolve("cli-err.txt"));
        }
        return s;
    }

    private double direct(int threads) throws Exception {
        try (MediaMatcher m = MediaMatcher.over(store, MatchOptions.defaults())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (Path f : files.subList(0, Math.min(files.size(), 8))) {
                    m.match(f); // warm-up
                }
                long t0 = System.nanoTime();
                List<Future<?>> fs = new ArrayList<>();
                for (Path f : files) {
                    fs.add(pool.submit(() -> m.match(f)));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                return files.size() / secs(t0);
            } finally {
                pool.shutdown();
            }
        }
    }

    /** What a task does to rebuild its banks from the compacted topic, step by step, outside Flink. */
    private void rebuild() throws Exception {
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        List<Signal> signals = new ArrayList<>();
        long t0 = System.nanoTime();
        long records = 0;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = List.of(new TopicPartition(signalsTopic, 0));
            c.assign(tps);
            c.seekToBeginning(tps);
            // to the high watermark: a committed reader's end offset lags it until the publish's commit marker is
            // written (a run read 0 records when it asked too soon)
            Properties up = new Properties();
            up.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            long end;
            try (KafkaConsumer<String, String> u = new KafkaConsumer<>(up, new StringDeserializer(), new StringDeserializer())) {
                end = u.endOffsets(tps).get(tps.get(0));
            }
            while (c.position(tps.get(0)) < end) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    records++;
                    if (r.key() == null || r.key().isEmpty()) {
                        continue;
                    }
                    if (TopicChange.parse(r.key(), r.value()) instanceof SignalChange s && !s.tombstone()) {
                        signals.add(new Signal(0, s.bank(), s.type(), s.value(), s.labels(), s.source(),
                                s.externalId(), null, null, SignalStatus.ACTIVE));
                    }
                }
            }
        }
        double read = secs(t0);
        long t1 = System.nanoTime();
        Path copy = Files.createDirectories(dir.resolve("rebuild-" + System.nanoTime()));
        try (SignalStore s = SignalStore.open(copy.resolve("banks.sqlite"))) {
            s.importSignals(signals, ImportOptions.defaults());
            try (MediaMatcher m = MediaMatcher.over(s, MatchOptions.defaults())) {
                if (m.indexedSignals() != signals.size()) {
                    throw new IllegalStateException("indexed " + m.indexedSignals() + " of " + signals.size());
                }
            }
        }
        double build = secs(t1);
        row("a task's banks rebuilt from the compacted topic, outside Flink", records + " records", String.format(
                Locale.ROOT, "read and parse %.1f s; import into the task's store and index %.1f s", read, build));
    }

    private static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private void job(int p) throws Exception {
        String name = "bench-p" + p + "-" + System.nanoTime();
        MatchJob.Topics t = new MatchJob.Topics(broker.bootstrap(), name + "-uploads", signalsTopic, name + "-matches");
        broker.createTopic(t.uploads(), 2, false);
        broker.createTopic(t.matches(), 2, false);
        Path checkpoints = dir.resolve("checkpoints-" + name);
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.storage", "filesystem");
        conf.setString("execution.checkpointing.dir", checkpoints.toAbsolutePath().toUri().toString());
        conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(p, conf);
        MatchJob.wire(env, t, checkpointInterval);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, name);
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // uncommitted: the job's own cost, not the checkpoint interval a committed reader adds (said in the notes)
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        long heap0 = heapUsed();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(t.matches()));
            long s0 = System.nanoTime();
            JobClient job = env.executeAsync(name);
            try {
                // every instance must have rebuilt its banks and answered before the clock starts
                for (int i = 0; i < 4 * p; i++) {
                    producer.send(new ProducerRecord<>(t.uploads(), upload("warm" + i, files.get(i % files.size()))));
                }
                await(consumer, 4 * p);
                double load = secs(s0);
                long heap = heapUsed() - heap0;
                row("job start, parallelism " + p + ": Flink up, banks rebuilt from the compacted topic, first outputs",
                        store.stats().total() + " signals", String.format(Locale.ROOT,
                                "%.1f s; heap held by the job %.0f MiB (%.0f MiB a slot)", load,
                                heap / 1048576.0, heap / 1048576.0 / p));
                // the first pass also compiles Kafka's, Flink's and Jackson's paths; the second is the running job's
                // rate (the JIT still runs in it at P=1: its CPU line says how much)
                batch(t, producer, consumer, "first", "stream job, parallelism " + p + ", first pass");
                batch(t, producer, consumer, "u", "**stream job, parallelism " + p + "**, second pass");
                latency(p, t, producer, consumer);
                row("checkpoint, parallelism " + p + " (every " + checkpointInterval.toSeconds() + " s)",
                        "largest retained", checkpointSize(checkpoints, p));
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Sends every file once as an upload with ids PREFIX0.., waits for all outputs, prints the rate and its CPU. */
    private void batch(MatchJob.Topics t, KafkaProducer<String, String> producer,
            KafkaConsumer<String, String> consumer, String prefix, String label) {
        Map<String, Long> cpu0 = ProcessCpu.byThreadGroup();
        long proc0 = ProcessCpu.nanos();
        long r0 = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            producer.send(new ProducerRecord<>(t.uploads(), upload(prefix + i, files.get(i))));
        }
        await(consumer, files.size());
        double s = secs(r0);
        long procCpu = ProcessCpu.nanos() - proc0;
        row(label, files.size() + " path uploads",
                String.format(Locale.ROOT, "%.1f uploads/s (%.2f s); %s", files.size() / s, s,
                        ProcessCpu.breakdown(cpu0, ProcessCpu.byThreadGroup(), procCpu, s)));
    }

    private static String upload(String id, Path file) {
        return new Upload(id, file.toString(), null, null).toJson();
    }

    /** Publishes a fresh signal, then sends a hash upload of it every ~1 ms until one matches; median over rounds. */
    private void latency(int p, MatchJob.Topics t, KafkaProducer<String, String> producer,
                         KafkaConsumer<String, String> consumer) throws Exception {
        double[] total = new double[rounds];
        double[] afterCommit = new double[rounds];
        int sent = 0;
        for (int r = 0; r < rounds; r++) {
            String fresh = Hash256.of(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()).toHex();
            store.importSignals(List.of(new Signal(0, "fresh", SignalType.PDQ, fresh, Set.of(), "bench", "", null,
                    Instant.now(), SignalStatus.ACTIVE)), ImportOptions.defaults());
            long c0 = System.nanoTime();
            new SignalPublisher(store, broker.bootstrap(), t.signals()).publish();
            long c1 = System.nanoTime();
            String rec = "{\"type\":\"pdq\",\"value\":\"" + fresh + "\"}";
            while (true) {
                producer.send(new ProducerRecord<>(t.uploads(), "{\"id\":\"f" + sent++ + "\",\"hashes\":[" + rec + "]}")).get();
                if (await(consumer, 1).get(0).contains("\"matched\":true")) {
                    break;
                }
            }
            total[r] = secs(c0);
            afterCommit[r] = secs(c1);
            store.delete("fresh", SignalType.PDQ, fresh);
        }
        Arrays.sort(total);
        Arrays.sort(afterCommit);
        row("signal change to first match, parallelism " + p, "median of " + rounds + " (min-max)",
                String.format(Locale.ROOT, "%.0f ms (%.0f-%.0f) from `db publish` starting; %.0f ms (%.0f-%.0f) from"
                        + " its commit", 1000 * total[rounds / 2], 1000 * total[0], 1000 * total[rounds - 1],
                        1000 * afterCommit[rounds / 2], 1000 * afterCommit[0], 1000 * afterCommit[rounds - 1]));
    }

    /** The largest chk-N directory under {@code checkpoints} (Flink keeps the last one), in MiB and per slot. */
    private static String checkpointSize(Path checkpoints, int p) throws IOException {
        long best = 0;
        int count = 0;
        if (Files.isDirectory(checkpoints)) {
            List<Path> chks;
            try (Stream<Path> w = Files.walk(checkpoints, 2)) {
                chks = w.filter(x -> x.getFileName().toString().startsWith("chk-")).toList();
            }
            for (Path c : chks) {
                count++;
                try (Stream<Path> w = Files.walk(c)) {
                    long size = w.filter(Files::isRegularFile).mapToLong(x -> x.toFile().length()).sum();
                    best = Math.max(best, size);
                }
            }
        }
        if (count == 0) {
            return "none completed";
        }
        return String.format(Locale.ROOT, "%.1f MiB (%.1f MiB a slot)", best / 1048576.0, best / 1048576.0 / p);
    }

    private static List<String> await(KafkaConsumer<String, String> c, int n) {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (got.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + got.size() + " of " + n + " outputs in 5 minutes");
            }
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(20))) {
                got.add(r.value());
            }
        }
        return got;
    }
}
