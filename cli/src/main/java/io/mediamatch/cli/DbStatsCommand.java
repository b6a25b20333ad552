package io.mediamatch.cli;

import io.mediamatch.store.Bank;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.StoreStats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mediamatch db stats}: counts per bank, type and status. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Signal counts per bank, type and status, and each bank's settings.",
            "Exit codes: 0 done; 2 error."})
final class DbStatsCommand implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SignalStore store = db.openForReading()) {
            StoreStats st = store.stats();
            if (json.enabled) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("database", store.path().toString());
                doc.put("total", st.total());
                List<Map<String, Object>> banks = new ArrayList<>();
                for (Bank b : st.banks()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", b.name());
                    m.put("description", b.description());
                    m.put("enabled", b.enabled());
                    m.put("negative", b.negative());
                    m.put("match_distance", b.matchDistance().isPresent() ? b.matchDistance().getAsInt() : null);
                    List<Map<String, Object>> counts = new ArrayList<>();
                    for (StoreStats.Count c : st.counts()) {
                        if (c.bank().equals(b.name())) {
                            Map<String, Object> cm = new LinkedHashMap<>();
                            cm.put("type", c.type().wireName());
                            cm.put("status", c.status().wireName());
                            cm.put("count", c.count());
                            counts.add(cm);
                        }
                    }
                    m.put("counts", counts);
                    banks.add(m);
                }
                doc.put("banks", banks);
                out.println(JsonOut.pretty(doc));
                return 0;
            }
            out.println(store.path() + ": " + st.total() + " signals in " + st.banks().size() + " banks");
            for (Bank b : st.banks()) {
                out.printf("%s%s%s%s%n", b.name(), b.enabled() ? "" : " (disabled)",
                        b.negative() ? " (negative)" : "",
                        b.matchDistance().isPresent() ? " (distance " + b.matchDistance().getAsInt() + ")" : "");
                for (StoreStats.Count c : st.counts()) {
                    if (c.bank().equals(b.name())) {
                        out.printf("  %-9s %-9s %,12d%n", c.type(), c.status().wireName(), c.count());
                    }
                }
            }
        }
        return 0;
    }
}
