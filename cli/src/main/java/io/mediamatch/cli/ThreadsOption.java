package io.mediamatch.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --threads N}: worker threads, all cores by default; output order never depends on it. Help text per
 * command: {@code Options.properties}.
 */
final class ThreadsOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores)."
            + " Output order does not depend on it.")
    Integer threads;

    /** The thread count; bad usage (exit 2) when below 1. */
    int count() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new ParameterException(mixee.commandLine(), "--threads must be at least 1");
        }
        return n;
    }

    /** The thread count, values below 1 taken as 1 (eval's rule). */
    int countAtLeastOne() {
        return threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
    }
}
