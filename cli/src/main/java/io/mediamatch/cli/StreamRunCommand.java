package io.mediamatch.cli;

import io.mediamatch.stream.JobOptions;
import io.mediamatch.stream.MatchJob;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mediamatch stream run}: the matching job on a local embedded Flink cluster, until interrupted. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the matching job on a local embedded Flink cluster: upload records from --uploads"
                + " ({\"id\":..,\"path\"|\"uri\"|\"hashes\":..}), banks from --signals (see `db publish`), one"
                + " record per upload to --matches (match --json's shape plus \"id\", or {\"id\",\"error\"}),"
                + " exactly once. Runs until Ctrl-C.",
            "Exit codes: 0 stopped; 2 error."})
final class StreamRunCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        int parallelism;
        try {
            parallelism = job.parallelism(1);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism,
                job.configuration());
        MatchJob.wire(env, job.topics(), job.interval());
        env.execute("mediamatch stream run");
        return 0;
    }
}
