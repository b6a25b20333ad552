package io.mediamatch.cli;

import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mediamatch db list}: prints signals. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List signals: id, bank, type, status, value, labels.", "Exit codes: 0 done; 2 error."})
final class DbListCommand implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Spec
    CommandSpec spec;

    @Option(names = "--bank", paramLabel = "BANK", description = "Only this bank.")
    String bank;

    @Option(names = "--type", paramLabel = "TYPE", converter = Converters.Type.class,
            description = "Only this signal type.")
    SignalType type;

    @Option(names = "--status", paramLabel = "STATUS", converter = Converters.Status.class,
            description = "Only active, disputed or deleted.")
    SignalStatus status;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N",
            description = "At most N signals (default ${DEFAULT-VALUE}; 0 for all).")
    long limit;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SignalStore store = db.openForReading()) {
            long after = 0;
            long printed = 0;
            long max = limit <= 0 ? Long.MAX_VALUE : limit;
            while (printed < max) {
                List<Signal> page = store.list(bank, type, status, after, (int) Math.min(1000, max - printed));
                if (page.isEmpty()) {
                    break;
                }
                for (Signal s : page) {
                    if (json.enabled) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", s.id());
                        m.put("bank", s.bank());
                        m.put("type", s.type().wireName());
                        m.put("value", s.value());
                        m.put("labels", s.labels());
                        m.put("source", s.source());
                        m.put("external_id", s.externalId());
                        m.put("first_seen", s.firstSeen().toString());
                        m.put("updated", s.updated().toString());
                        m.put("status", s.status().wireName());
                        out.println(JsonOut.line(m));
                    } else {
                        String v = s.value().replace('\n', ' ');
                        if (v.length() > 80) {
                            v = v.substring(0, 77) + "...";
                        }
                        out.printf("%d\t%s\t%s\t%s\t%s\t%s%n", s.id(), s.bank(), s.type(),
                                s.status().wireName(), v, String.join(",", s.labels()));
                    }
                    printed++;
                }
                after = page.get(page.size() - 1).id();
            }
        }
        return 0;
    }
}
