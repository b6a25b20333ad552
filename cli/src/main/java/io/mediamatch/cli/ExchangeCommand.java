package io.mediamatch.cli;

import io.mediamatch.exchange.ExchangeApis;
import io.mediamatch.exchange.ExchangeConfig;
import io.mediamatch.exchange.ExchangeFetcher;
import io.mediamatch.exchange.ExchangeStatus;
import io.mediamatch.store.SignalStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mediamatch exchange}: configures hash exchanges and fetches them into the banks of their names. */
@Command(name = "exchange", mixinStandardHelpOptions = true,
        description = {"Keep banks current from hash exchanges: each exchange fills the bank of its name.",
            "Exit codes: 0 done; 1 no such exchange, or a fetch failed (its error is in the status); 2 error."})
final class ExchangeCommand implements Runnable {
    private static final String NAME = "NAME";

    @Mixin
    DbOption db;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an exchange (and its bank, if missing); it is fetched by the next fetch.")
    int add(@Parameters(paramLabel = NAME) String name,
            @Option(names = "--api", required = true, paramLabel = "API",
                    description = "The API type: sample, local_file, fb_threatexchange, ncmec, stop_ncii, tat"
                            + " (those built in).") String api,
            @Option(names = "--set", paramLabel = "KEY=VALUE",
                    description = "An API setting (e.g. path=FILE for local_file, base_url=URL); repeatable.")
            Map<String, String> settings,
            @Option(names = "--disabled", description = "Add it disabled (not fetched).") boolean disabled)
            throws Exception {
        if (!ExchangeApis.known(api)) {
            err().println("mediamatch exchange add: unknown API '" + api + "'; known: "
                    + String.join(", ", ExchangeApis.names()));
            return 2;
        }
        try (SignalStore s = db.openForWriting()) {
            if (s.exchanges().get(name).isPresent()) {
                err().println("mediamatch exchange add: exchange '" + name + "' exists (remove it first)");
                return 2;
            }
            ExchangeConfig c = new ExchangeConfig(name, api, !disabled, settings);
            s.exchanges().put(c);
            print(c);
        }
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List exchanges and their settings.")
    int list() throws Exception {
        try (SignalStore s = db.openForWriting()) {
            for (ExchangeConfig c : s.exchanges().list()) {
                print(c);
            }
        }
        return 0;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one exchange's settings and status.")
    int show(@Parameters(paramLabel = NAME) String name, @Mixin JsonOption json) throws Exception {
        try (SignalStore s = db.openForWriting()) {
            Optional<ExchangeConfig> c = s.exchanges().get(name);
            if (c.isEmpty()) {
                return noSuch("show", name);
            }
            Map<String, Object> fields = fields(c.get(), s.exchanges().status(name).orElseThrow());
            if (json.enabled) {
                out().println(JsonOut.line(fields));
            } else {
                fields.forEach((k, v) -> out().println(k + ": " + (v == null ? "-" : v)));
            }
        }
        return 0;
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable an exchange (fetched).")
    int enable(@Parameters(paramLabel = NAME) String name) throws Exception {
        return setEnabled(name, true);
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable an exchange (kept with its checkpoint, not fetched).")
    int disable(@Parameters(paramLabel = NAME) String name) throws Exception {
        return setEnabled(name, false);
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an exchange, its checkpoint and status; its bank and signals stay"
                    + " (db bank drop removes them).")
    int remove(@Parameters(paramLabel = NAME) String name) throws Exception {
        try (SignalStore s = db.openForWriting()) {
            if (!s.exchanges().remove(name)) {
                return noSuch("remove", name);
            }
        }
        out().println("removed " + name + " (bank " + name + " kept)");
        return 0;
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Fetch once what changed since the last fetch, for one exchange or every enabled one,"
                + " one after another; prints one line per exchange.",
                "Credentials: --credentials-file, else the API's environment variable or dot-file (as pytx)."})
    int fetch(@Parameters(paramLabel = NAME, arity = "0..1", description = "The exchange (default: every"
                    + " enabled one).") String name,
              @Option(names = "--credentials-file", paramLabel = "FILE",
                      description = "The API's credential, in the API's format.") Path credentials,
              @Mixin ProgressOption progress) throws Exception {
        if (credentials != null && !Files.isRegularFile(credentials)) {
            err().println("mediamatch exchange fetch: " + credentials + ": no such file");
            return 2;
        }
        try (SignalStore s = db.openForWriting()) {
            List<ExchangeConfig> targets;
            if (name != null) {
                Optional<ExchangeConfig> c = s.exchanges().get(name);
                if (c.isEmpty()) {
                    return noSuch("fetch", name);
                }
                targets = List.of(c.get());
            } else {
                targets = s.exchanges().list().stream().filter(ExchangeConfig::enabled).toList();
            }
            ExchangeFetcher fetcher = new ExchangeFetcher(s, credentials, Clock.systemUTC());
            boolean allOk = true;
            for (ExchangeConfig c : targets) {
                ExchangeFetcher.Result r;
                try (ProgressBar bar = progress.shown() ? Progress.bar(c.name(), -1, err()).setUnit(" records", 1)
                        .build() : null) {
                    r = fetcher.fetch(c.name(), page -> {
                        if (bar != null) {
                            bar.stepBy(page.updates().size());
                        }
                    });
                }
                allOk &= r.succeeded();
                if (r.succeeded()) {
                    out().println(c.name() + ": ok, " + r.records() + " record(s)"
                            + (r.refetched() ? ", full refetch, " + r.swept() + " no longer listed" : ""));
                } else {
                    out().println(c.name() + ": failed after " + r.records() + " record(s): " + r.error());
                }
            }
            return allOk ? 0 : 1;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Each exchange's fetch status: last fetch start and end, success, records fetched,"
                + " up to date, how far behind, last error.",
                "--json: one object per line: name, api, enabled, checkpoint, progress, last_fetch_start,"
                + " last_fetch_end, last_fetch_succeeded, fetched_records, up_to_date, refetching, running,"
                + " behind_seconds, last_error (times ISO-8601 UTC, null when unknown)."})
    int status(@Parameters(paramLabel = NAME, arity = "0..1", description = "Only this exchange.") String name,
               @Mixin JsonOption json) throws Exception {
        try (SignalStore s = db.openForWriting()) {
            if (name != null && s.exchanges().get(name).isEmpty()) {
                return noSuch("status", name);
            }
            Map<String, ExchangeConfig> configs = new TreeMap<>();
            s.exchanges().list().forEach(c -> configs.put(c.name(), c));
            for (ExchangeStatus st : s.exchanges().statuses()) {
                if (name != null && !name.equals(st.name())) {
                    continue;
                }
                Map<String, Object> f = fields(configs.get(st.name()), st);
                if (json.enabled) {
                    out().println(JsonOut.line(f));
                } else {
                    StringBuilder line = new StringBuilder(st.name()).append('\t')
                            .append(st.running() ? "running" : st.succeeded() == null ? "never fetched"
                                    : st.succeeded() ? "ok" : "failed")
                            .append('\t').append(st.upToDate() ? "up to date" : "behind")
                            .append("\tlast=").append(st.lastFetchEnd() == null ? "-" : st.lastFetchEnd())
                            .append("\trecords=").append(st.fetchedRecords());
                    if (f.get("behind_seconds") != null) {
                        line.append("\tbehind_seconds=").append(f.get("behind_seconds"));
                    }
                    if (st.lastError() != null) {
                        line.append("\terror=").append(st.lastError());
                    }
                    out().println(line);
                }
            }
        }
        return 0;
    }

    private static Map<String, Object> fields(ExchangeConfig c, ExchangeStatus st) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", st.name());
        f.put("api", c.api());
        f.put("enabled", c.enabled());
        f.put("settings", c.settings());
        f.put("checkpoint", st.checkpoint());
        f.put("progress", iso(st.progress()));
        f.put("last_fetch_start", iso(st.lastFetchStart()));
        f.put("last_fetch_end", iso(st.lastFetchEnd()));
        f.put("last_fetch_succeeded", st.succeeded());
        f.put("fetched_records", st.fetchedRecords());
        f.put("up_to_date", st.upToDate());
        f.put("refetching", st.refetching());
        f.put("running", st.running());
        f.put("behind_seconds", st.behind(Instant.now()).map(d -> d.toSeconds()).orElse(null));
        f.put("last_error", st.lastError());
        return f;
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private int setEnabled(String name, boolean on) throws Exception {
        try (SignalStore s = db.openForWriting()) {
            Optional<ExchangeConfig> c = s.exchanges().get(name);
            if (c.isEmpty()) {
                return noSuch(on ? "enable" : "disable", name);
            }
            ExchangeConfig changed = new ExchangeConfig(name, c.get().api(), on, c.get().settings());
            s.exchanges().put(changed);
            print(changed);
        }
        return 0;
    }

    private int noSuch(String command, String name) {
        err().println("mediamatch exchange " + command + ": no exchange '" + name + "'");
        return 1;
    }

    private void print(ExchangeConfig c) {
        out().printf("%s\t%s\t%s\t%s%n", c.name(), c.api(), c.enabled() ? "enabled" : "disabled",
                JsonOut.line(c.settings()));
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
