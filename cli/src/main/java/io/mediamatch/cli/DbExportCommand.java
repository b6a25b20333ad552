package io.mediamatch.cli;

import io.mediamatch.store.ExportOptions;
import io.mediamatch.store.SignalFormat;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mediamatch db export}: writes signals in a format. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export signals. jsonl is lossless (banks, tombstones, every field); the exchange formats"
                + " carry what they can (see docs/formats.md).",
            "Exit codes: 0 done; 2 error."})
final class DbExportCommand implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FORMAT", converter = Converters.Format.class,
            description = "jsonl (default) | pytx-csv | pytx-file | hashlist | te-cache | tat-json | stopncii-json")
    SignalFormat format;

    @Option(names = "--bank", paramLabel = "BANK", description = "Only this bank.")
    String bank;

    @Option(names = "--type", paramLabel = "TYPE", converter = Converters.Type.class,
            description = "Only this signal type.")
    SignalType type;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here (default: standard output).")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SignalStore store = db.openForReading()) {
            if (bank != null && store.bank(bank).isEmpty()) {
                err.println("mediamatch db export: no bank '" + bank + "'");
                return 2;
            }
            ExportOptions opts = new ExportOptions(bank, type, true);
            long n;
            if (output == null) {
                n = store.export(format, opts, out);
                out.flush();
            } else {
                try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    n = store.export(format, opts, w);
                }
            }
            err.println("exported " + n + " signals (" + format + ")");
        }
        return 0;
    }
}
