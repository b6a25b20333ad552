package io.mediamatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.store.Bank;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.StoreStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mediamatch db stats}: counts per bank, type and status. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Signal counts per bank, type and status, and each bank's settings.",
            "Exit codes: 0 done; 2 error."})
final class DbStatsCommand implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (SignalStore store = db.openForReading()) {
            StoreStats st = store.stats();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("database", store.path().toString());
                out.put("total", st.total());
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
                out.put("banks", banks);
                System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
                return 0;
            }
            System.out.println(store.path() + ": " + st.total() + " signals in " + st.banks().size() + " banks");
            for (Bank b : st.banks()) {
                System.out.printf("%s%s%s%s%n", b.name(), b.enabled() ? "" : " (disabled)",
                        b.negative() ? " (negative)" : "",
                        b.matchDistance().isPresent() ? " (distance " + b.matchDistance().getAsInt() + ")" : "");
                for (StoreStats.Count c : st.counts()) {
                    if (c.bank().equals(b.name())) {
                        System.out.printf("  %-9s %-9s %,12d%n", c.type(), c.status().wireName(), c.count());
                    }
                }
            }
        }
        return 0;
    }
}
