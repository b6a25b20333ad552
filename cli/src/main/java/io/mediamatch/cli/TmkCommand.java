package io.mediamatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mediamatch tmk}: work with TMK+PDQF {@code .tmk} files (hash them with {@code mediamatch hash --tmk}). */
@Command(name = "tmk",
        mixinStandardHelpOptions = true,
        description = "Work with TMK+PDQF .tmk video hashes (create them with 'mediamatch hash --tmk').",
        subcommands = {
            CommandLine.HelpCommand.class,
            TmkCompareCommand.class,
        })
public final class TmkCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
