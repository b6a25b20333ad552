package io.mediamatch.cli;

import io.mediamatch.stream.MatchJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mediamatch stream run}: the matching job on a local embedded Flink cluster, until interrupted. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the matching job on a local embedded Flink cluster: upload records from --uploads"
                + " ({\"id\":..,\"path\"|\"uri\"|\"hashes\":..}), banks from --signals (see `db publish`), one"
                + " record per upload to --matches (match --json's shape plus \"id\", or {\"id\",\"error\"}),"
                + " exactly once. Runs until Ctrl-C.",
            "Exit codes: 0 stopped; 2 error."})
final class StreamRunCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers.")
    String bootstrap;

    @Option(names = "--uploads", required = true, paramLabel = "T", description = "The uploads topic.")
    String uploads;

    @Option(names = "--signals", required = true, paramLabel = "T", description = "The signal-changes topic.")
    String signals;

    @Option(names = "--matches", required = true, paramLabel = "T", description = "The output topic.")
    String matches;

    @Option(names = "--parallelism", defaultValue = "1", paramLabel = "N",
            description = "Parallel matchers (task slots), each holding the banks (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Where checkpoints go (default: kept in memory, lost when the process stops).")
    Path checkpointDir;

    @Option(names = "--checkpoint-interval", defaultValue = "PT5S", paramLabel = "DURATION",
            description = "How often output is committed (ISO-8601, default ${DEFAULT-VALUE}); consumers reading"
                    + " committed data see a match up to this much later.")
    Duration interval;

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--parallelism must be >= 1, not " + parallelism);
        }
        Configuration conf = new Configuration();
        if (checkpointDir != null) {
            conf.setString("execution.checkpointing.storage", "filesystem");
            conf.setString("execution.checkpointing.dir", checkpointDir.toAbsolutePath().toUri().toString());
        }
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "10");
        conf.setString("restart-strategy.fixed-delay.delay", "2 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        MatchJob.wire(env, new MatchJob.Topics(bootstrap, uploads, signals, matches), interval);
        env.execute("mediamatch stream run");
        return 0;
    }
}
