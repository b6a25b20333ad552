package io.mediamatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of the {@code mediamatch} command line: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {
    /** Runs {@code mediamatch ARGS...} built as {@code main} builds it, with stdout and stderr captured. */
    static CliRun of(String... args) {
        CommandLine cl = Main.commandLine(args.length == 0 ? null : args[0]);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** Runs {@code mediamatch COMMAND ARGS...}. */
    static CliRun command(String command, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = command;
        System.arraycopy(args, 0, full, 1, args.length);
        return of(full);
    }

    /** Stdout split into lines (none when empty). */
    List<String> lines() {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }
}
