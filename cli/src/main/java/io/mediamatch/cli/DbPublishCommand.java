package io.mediamatch.cli;

import io.mediamatch.store.SignalStore;
import io.mediamatch.stream.SignalPublisher;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mediamatch db publish}: the database's change feed to a Kafka topic, resuming where the last run stopped. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Write the database's signal changes (upserts, and deletions as tombstones) to a Kafka topic"
                + " keyed bank|type|value, for `mediamatch stream run`. Each run sends what changed since the"
                + " change sequence the topic already holds, in one transaction.",
            "Exit codes: 0 done; 2 error (nothing published)."})
final class DbPublishCommand implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers.")
    String bootstrap;

    @Option(names = "--topic", required = true, paramLabel = "T",
            description = "The signal-changes topic (best compacted: cleanup.policy=compact).")
    String topic;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (SignalStore store = db.openForReading()) {
            SignalPublisher.Published p = new SignalPublisher(store, bootstrap, topic).publish();
            out.printf("published %d signal changes and %d bank records of %s to %s (change sequence %d -> %d)%n",
                    p.records(), p.banks(), store.path(), topic, p.fromSeq(), p.toSeq());
            out.flush();
            return 0;
        }
    }
}
