package io.mediamatch.cli;

import picocli.CommandLine.Option;

/**
 * {@code --no-progress}: never draw the progress bar, which {@link Progress#shown} draws only on a terminal. Help
 * text per command: {@code Options.properties}.
 */
final class ProgressOption {
    @Option(names = "--no-progress", description = "Never show the progress bar (shown only on a terminal).")
    boolean noProgress;

    /** True when the bar is to be drawn (stderr a terminal, no --no-progress). */
    boolean shown() {
        return Progress.shown(noProgress);
    }
}
