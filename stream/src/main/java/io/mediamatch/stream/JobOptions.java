package io.mediamatch.stream;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * The matching job's command-line options, parsed by picocli: {@link MatchJob#main} ({@code flink run}) and
 * {@code mediamatch stream run} (as a mixin) read the same ones. Fields are set by parsing; not thread-safe.
 */
public final class JobOptions {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers.")
    String bootstrap;

    @Option(names = "--uploads", required = true, paramLabel = "T", description = "The uploads topic.")
    String uploads;

    @Option(names = "--signals", required = true, paramLabel = "T", description = "The signal-changes topic.")
    String signals;

    @Option(names = "--matches", required = true, paramLabel = "T", description = "The output topic.")
    String matches;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Parallel matchers (task slots), each holding the banks (default: 1 on the local cluster;"
                    + " flink run's -p on a cluster).")
    Integer parallelism;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR|URI",
            description = "Where checkpoints go: a directory, or a URI such as s3://bucket/path (default: the"
                    + " cluster's setting; in memory on the local cluster, lost when the process stops).")
    String checkpointDir;

    @Option(names = "--checkpoint-interval", defaultValue = "PT5S", paramLabel = "DURATION",
            description = "How often output is committed (ISO-8601, default ${DEFAULT-VALUE}); consumers reading"
                    + " committed data see a match up to this much later.")
    Duration interval;

    /** The topics and brokers given. */
    public MatchJob.Topics topics() {
        return new MatchJob.Topics(bootstrap, uploads, signals, matches);
    }

    /** The checkpoint interval given. */
    public Duration interval() {
        return interval;
    }

    /**
     * The parallelism given, else {@code otherwise}. Throws {@link IllegalArgumentException} for one below 1 or an
     * interval that is not positive.
     */
    public int parallelism(int otherwise) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--checkpoint-interval must be positive, not " + interval);
        }
        int p = parallelism == null ? otherwise : parallelism;
        if (p < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1, not " + p);
        }
        return p;
    }

    /** Whether {@code --parallelism} was given. */
    public boolean parallelismGiven() {
        return parallelism != null;
    }

    /** Flink settings for these options: checkpoint storage when a directory was given, a bounded restart policy. */
    public Configuration configuration() {
        Configuration conf = new Configuration();
        if (checkpointDir != null) {
            String uri = checkpointDir.contains("://") ? checkpointDir
                    : Path.of(checkpointDir).toAbsolutePath().toUri().toString();
            conf.setString("execution.checkpointing.storage", "filesystem");
            conf.setString("execution.checkpointing.dir", uri);
        }
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "10");
        conf.setString("restart-strategy.fixed-delay.delay", "2 s");
        return conf;
    }
}
