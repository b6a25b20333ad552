package io.mediamatch.cli;

import io.mediamatch.store.SignalStore;
import io.mediamatch.stream.RetroScan;
import io.mediamatch.stream.SignalChange;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mediamatch stream retro-scan}: past uploads matched against the signals changed since a sequence. */
@Command(name = "retro-scan", mixinStandardHelpOptions = true,
        description = {"Which past uploads would the signals changed since --since have matched? Runs the stream"
                + " job's operators in Flink's batch mode: the new signals are indexed on every worker, the"
                + " history (a JSON Lines file of upload records, e.g. with precomputed \"hashes\") is spread over"
                + " them. Prints one record per upload, as `stream run` writes.",
            "Exit codes: 0 done; 2 error."})
final class StreamRetroScanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The hash database.")
    Path db;

    @Option(names = "--since", required = true, paramLabel = "SEQ",
            description = "Scan for the signals changed after this change sequence (-1: all; `db publish` prints it).")
    long since;

    @Option(names = "--uploads", required = true, paramLabel = "FILE",
            description = "Past uploads, one upload record per line.")
    Path uploads;

    @Option(names = "--parallelism", defaultValue = "1", paramLabel = "N", description = "Workers (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--matched-only", description = "Print only the uploads that matched.")
    boolean matchedOnly;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<SignalChange> changes;
        try (SignalStore store = SignalStore.open(db)) {
            changes = RetroScan.changesSince(store, since);
        }
        List<String> history = Files.readAllLines(uploads, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        for (String r : RetroScan.run(changes, history, parallelism)) {
            if (!matchedOnly || r.contains("\"matched\":true")) {
                out.println(r);
            }
        }
        out.flush();
        return 0;
    }
}
