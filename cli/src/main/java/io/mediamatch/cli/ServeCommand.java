package io.mediamatch.cli;

import io.mediamatch.image.DecodeOptions;
import io.mediamatch.server.MatchServer;
import io.mediamatch.server.ServeOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mediamatch serve}: the matcher service (HMA's HTTP API) over a store until SIGTERM or Ctrl-C, which
 * stop it cleanly. Settings come from the options, or from a {@code --config} properties file they override.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the matcher service: HMA's HTTP API (/h hashing, /m matching, /c curation) over a hash"
                + " database, matching every change at once. Stops cleanly on SIGTERM or Ctrl-C.",
            "Exit codes: 0 stopped; 2 cannot start (store, port, tokens, an address without authentication)."})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", paramLabel = "FILE", description = "The hash database (created if missing).")
    Path db;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default: 127.0.0.1)."
            + " Any other than loopback needs --tokens, or --no-auth.")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "Port (default: 5000; 0: any free port).")
    Integer port;

    @Option(names = "--dev", description = "Development mode: POST /dev/factory_reset, and url= may fetch from"
            + " loopback and private addresses.")
    Boolean dev;

    @Option(names = "--signal-types", paramLabel = "LIST", description = "Serve only these signal types, e.g."
            + " pdq,video_md5 (HMA's defaults; default: all of pdq, video_md5, md5, sha256, vpdq, video_tmk_pdqf).")
    String signalTypes;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file with any of: db, host, port,"
            + " dev, signal_types, tokens, no_auth, allowed_hosts, allow_private_fetch, max_upload_bytes,"
            + " max_pixels, workers, queue, deadline_seconds, max_stale_seconds, coalesce_ms, fetch_every_seconds,"
            + " fetch_budget_seconds, credentials_file. Options override it.")
    Path config;

    @Option(names = "--tokens", paramLabel = "FILE", description = "API tokens: one '<sha256 hex of token>"
            + " <roles> [name]' per line, roles hasher, matcher, curator or all (make one with"
            + " 'mediamatch serve --new-token ROLES').")
    Path tokens;

    @Option(names = "--no-auth", description = "Serve a non-loopback address without tokens (insecure: only"
            + " behind something that authenticates).")
    Boolean noAuth;

    @Option(names = "--allow-host", paramLabel = "HOST", description = "url= may fetch only from this host and its"
            + " subdomains (repeatable; default: any public host).")
    List<String> allowHosts;

    @Option(names = "--allow-private-fetch", description = "Let url= reach private, loopback and link-local"
            + " addresses (refused by default).")
    Boolean allowPrivate;

    @Option(names = "--max-upload", paramLabel = "BYTES", description = "Largest upload or fetched file"
            + " (default: 104857600, HMA's 100 MiB).")
    Long maxUpload;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Refuse images whose header claims more pixels"
            + " (default: " + DecodeOptions.DEFAULT_MAX_PIXELS + ").")
    Long maxPixels;

    @Option(names = "--workers", paramLabel = "N", description = "Uploads and fetches hashed at once"
            + " (default: cores).")
    Integer workers;

    @Option(names = "--queue", paramLabel = "N", description = "Hashing requests that may wait for a worker before"
            + " the service answers 503 with Retry-After (default: 64 per core).")
    Integer queue;

    @Option(names = "--deadline", paramLabel = "SECONDS", description = "Per-request deadline for hashing"
            + " (default: 60).")
    Integer deadline;

    @Option(names = "--max-stale", paramLabel = "SECONDS", description = "/status answers 503 INDEX-STALE when the"
            + " indexes trail the database for longer (default: 65, HMA's; 0: never).")
    Integer maxStale;

    @Option(names = "--coalesce-ms", paramLabel = "MS", description = "How long a single hash lookup waits to share"
            + " a batch search with concurrent ones (default: 1; 0: off).")
    Integer coalesceMs;

    @Option(names = "--fetch-every", paramLabel = "SECONDS", description = "Fetch every enabled exchange"
            + " (mediamatch exchange add) this often in the background (default: 60, HMA's; 0: never).")
    Long fetchEvery;

    @Option(names = "--fetch-budget", paramLabel = "SECONDS", description = "Time one background fetch of one"
            + " exchange may take before it stops after a page (default: 240, HMA's; a full refetch runs to its end).")
    Long fetchBudget;

    @Option(names = "--credentials-file", paramLabel = "FILE", description = "Exchange credentials, as pytx's"
            + " string (default: each API's environment variable or dot-file, or POST /c/exchanges/api/<api>).")
    Path credentialsFile;

    @Option(names = "--new-token", paramLabel = "ROLES", description = "Print a new random token (stdout) and its"
            + " token-file line (stderr) for these roles, e.g. matcher or hasher,matcher,curator, and exit.")
    String newToken;

    @Override
    public Integer call() throws Exception {
        if (newToken != null) {
            String[] t = MatchServer.newToken(newToken, "token-" + System.currentTimeMillis());
            spec.commandLine().getOut().println(t[0]);
            spec.commandLine().getErr().println("add this line to the --tokens file: " + t[1]);
            return 0;
        }
        ServeOptions o = options();
        MatchServer server;
        try {
            server = MatchServer.start(o);
        } catch (IllegalStateException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("mediamatch serve: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "serve-shutdown"));
        stopped.await();
        return 0;
    }

    /** The options: defaults, then the config file, then the command line. */
    private ServeOptions options() throws IOException {
        Properties p = new Properties();
        if (config != null) {
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        Path file = db != null ? db : p.containsKey("db") ? Path.of(p.getProperty("db")) : null;
        if (file == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing --db FILE (or db in --config)");
        }
        ServeOptions o = ServeOptions.defaults(file);
        o = o.withHost(pick(host, p, "host", o.host()));
        o = o.withPort(Integer.parseInt(pick(port, p, "port", o.port())));
        o = o.withDev(Boolean.parseBoolean(pick(dev, p, "dev", false)));
        String types = pick(signalTypes, p, "signal_types", null);
        if (types != null) {
            o = o.withSignalTypes(types);
        }
        String tokenFile = pick(tokens, p, "tokens", null);
        if (tokenFile != null) {
            o = o.withTokens(Path.of(tokenFile));
        }
        o = o.withNoAuth(Boolean.parseBoolean(pick(noAuth, p, "no_auth", false)));
        List<String> hosts = allowHosts != null ? allowHosts : list(p.getProperty("allowed_hosts"));
        o = o.withFetching(hosts, Boolean.parseBoolean(pick(allowPrivate, p, "allow_private_fetch", false)));
        o = o.withMaxUploadBytes(Long.parseLong(pick(maxUpload, p, "max_upload_bytes", o.maxUploadBytes())));
        long pixels = Long.parseLong(pick(maxPixels, p, "max_pixels", o.decode().maxPixels()));
        o = o.withDecode(o.decode().withMaxPixels(pixels).withMaxFileBytes(Math.max(o.decode().maxFileBytes(),
                o.maxUploadBytes())), o.maxFramePixels());
        o = o.withWork(Integer.parseInt(pick(workers, p, "workers", o.workers())),
                Integer.parseInt(pick(queue, p, "queue", o.queue())),
                Duration.ofSeconds(Long.parseLong(pick(deadline, p, "deadline_seconds", o.deadline().toSeconds()))));
        o = o.withTiming(Duration.ofSeconds(Long.parseLong(pick(maxStale, p, "max_stale_seconds",
                        o.maxStale().toSeconds()))), o.follow(),
                Duration.ofMillis(Long.parseLong(pick(coalesceMs, p, "coalesce_ms", o.coalesce().toMillis()))));
        String creds = pick(credentialsFile, p, "credentials_file", null);
        o = o.withExchangeFetch(Duration.ofSeconds(Long.parseLong(pick(fetchEvery, p, "fetch_every_seconds",
                        o.fetchEvery().toSeconds()))),
                Duration.ofSeconds(Long.parseLong(pick(fetchBudget, p, "fetch_budget_seconds",
                        o.fetchBudget().toSeconds()))), creds == null ? null : Path.of(creds));
        return o;
    }

    private static String pick(Object option, Properties p, String key, Object fallback) {
        if (option != null) {
            return option.toString();
        }
        String v = p.getProperty(key);
        return v != null ? v.strip() : fallback == null ? null : fallback.toString();
    }

    private static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        if (csv != null) {
            for (String s : csv.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }
}
