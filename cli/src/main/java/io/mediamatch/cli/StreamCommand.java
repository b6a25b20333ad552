package io.mediamatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mediamatch stream}: matching on Flink over Kafka, and a local Kafka to try it with. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Match uploads from Kafka on Apache Flink (a local embedded cluster), write matches to Kafka;"
                + " run a local Kafka broker; retro-scan past uploads for newly banked signals."},
        subcommands = {StreamBrokerCommand.class, StreamRunCommand.class, StreamRetroScanCommand.class,
            StreamProduceCommand.class, StreamConsumeCommand.class})
final class StreamCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
