package io.mediamatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mediamatch bench}: parent of the benchmark subcommands; alone it prints their usage (exit 2). */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure mediamatch on this machine without JMH (see the subcommands).",
        subcommands = {IndexBenchCommand.class})
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
