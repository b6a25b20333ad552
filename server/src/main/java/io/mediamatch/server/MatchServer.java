package io.mediamatch.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.mediamatch.MediaException;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.match.MatchOptions;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.store.SignalStore;
import io.mediamatch.video.VpdqHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The matcher service: HMA's HTTP API ({@code /h} hashing, {@code /m} matching, {@code /c} curation) over a
 * mediamatch store, matching every change at once. {@link #start} listens and returns while the indexes load
 * ({@code /status} answers 503 until they have); {@link #close} stops taking requests, lets those in flight
 * finish, and closes the store. Thread-safe.
 */
public final class MatchServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MatchServer.class);
    /** Largest JSON request body read. */
    static final long MAX_JSON_BYTES = 16L << 20;

    private final Service service;
    private final Javalin app;
    private final ScheduledExecutorService background;
    private final Path workDir;

    private MatchServer(Service service, Javalin app, ScheduledExecutorService background, Path workDir) {
        this.service = service;
        this.app = app;
        this.background = background;
        this.workDir = workDir;
    }

    /**
     * Opens the store, starts listening and loads the indexes in the background.
     * @throws IllegalStateException when the address is not loopback and there are neither tokens nor
     *     {@code noAuth}
     * @throws IOException if the store or the token file cannot be read, or the port is taken
     */
    public static MatchServer start(ServeOptions options) throws IOException {
        Tokens tokens = options.tokens() == null ? null : Tokens.read(options.tokens());
        if (tokens == null && !options.noAuth() && !isLoopback(options.host())) {
            throw new IllegalStateException("refusing to serve on " + options.host() + " without API tokens:"
                    + " pass --tokens FILE, or --no-auth to serve without authentication");
        }
        ApiTypes types = options.signalTypes() == null ? ApiTypes.all() : ApiTypes.parse(options.signalTypes());
        Path workDir = Files.createTempDirectory("mediamatch-serve-");
        SignalStore store;
        try {
            store = SignalStore.open(options.db());
        } catch (IOException | RuntimeException e) {
            removeAll(workDir);
            throw e;
        }
        Service service;
        try {
            UploadHasher hasher = new UploadHasher(new ImageDecoder(options.decode()),
                    VpdqHasher.builder().maxFramePixels(options.maxFramePixels()).build());
            UrlFetcher fetcher = new UrlFetcher(options.allowedHosts(), options.allowPrivateFetch() || options.dev(),
                    options.maxUploadBytes());
            service = new Service(options, types, store, tokens, hasher, fetcher, workDir);
        } catch (RuntimeException e) {
            store.close();
            removeAll(workDir);
            throw e;
        }
        Javalin app = Javalin.create(config -> configure(config, service));
        try {
            app.start(options.host(), options.port());
        } catch (RuntimeException e) {
            service.close();
            removeAll(workDir);
            throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        ScheduledExecutorService background = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "background");
            t.setDaemon(true);
            return t;
        });
        background.execute(() -> load(service));
        long every = Math.max(100, options.follow().toMillis());
        background.scheduleWithFixedDelay(service::follow, every, every, TimeUnit.MILLISECONDS);
        if (!options.fetchEvery().isZero()) { // two threads: a long fetch does not hold up following
            background.scheduleWithFixedDelay(() -> service.exchangeSync().fetchAll(false), 1000,
                    options.fetchEvery().toMillis(), TimeUnit.MILLISECONDS);
        }
        MatchServer server = new MatchServer(service, app, background, workDir);
        LOG.info("mediamatch serve: listening on {} ({} store {})", server.url(),
                tokens == null ? "no authentication," : "token authentication,", options.db());
        return server;
    }

    private static void load(Service service) {
        try {
            MediaMatcher m = MediaMatcher.over(service.store(), MatchOptions.defaults());
            service.loaded(m);
            LOG.info("indexes loaded: {} pdq and {} video signals", m.indexedSignals(), m.indexedVideoSignals());
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot load the indexes from {}: {}", service.store().path(), e.toString());
        }
    }

    private static void configure(JavalinConfig config, Service service) {
        ServeOptions o = service.options();
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = MAX_JSON_BYTES;
        config.router.ignoreTrailingSlashes = true;
        QueuedThreadPool pool = new QueuedThreadPool(256, 8, 60_000);
        pool.setName("http");
        config.jetty.threadPool = pool;
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(30_000);
            server.insertHandler(new GracefulHandler());
        });
        config.jetty.multipartConfig.cacheDirectory(service.workDir().toString());
        config.jetty.multipartConfig.maxFileSize(o.maxUploadBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(o.maxUploadBytes() + (1 << 20), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        config.requestLogger.http(service.metrics()::record);

        Routes routes = new Routes(config.routes);
        config.routes.before(ctx -> service.admit(ctx));
        new StatusRoutes(service).register(routes);
        new HashingRoutes(service).register(routes);
        new MatchingRoutes(service).register(routes);
        new CurationRoutes(service).register(routes);
        new ExchangeRoutes(service).register(routes);
        if (o.dev()) {
            new DevRoutes(service).register(routes);
        }
        routes.registerIndex();

        config.routes.exception(ApiError.class, (e, ctx) -> {
            if (e.retryAfter() != null) {
                ctx.header("Retry-After", e.retryAfter());
            }
            if ((e.status() == 401 || e.status() == 403 || e.status() == 413) && hasBody(ctx)) {
                // refused before its body was read: close rather than leave the client's next request on this
                // connection behind the unread bytes (RFC 9112 9.6 lets a server close after such a response)
                ctx.header("Connection", "close");
            }
            if (e.status() == 422) {
                ctx.status(422).contentType("application/json").result(e.getMessage() + "\n");
            } else {
                Json.send(ctx, e.status(), Json.message(e.getMessage()));
            }
        });
        // the reason only: the file is the service's own spool file, not the client's name
        config.routes.exception(MediaException.class, (e, ctx) -> Json.send(ctx, 400, Json.message(e.reason())));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String msg = status == 413 ? "The data value transmitted exceeds the capacity limit." : e.getMessage();
            Json.send(ctx, status, Json.message(msg));
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            if (tooLarge(e)) {
                Json.send(ctx, 413, Json.message("The data value transmitted exceeds the capacity limit."));
                return;
            }
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            Json.send(ctx, 500, Json.message("The server encountered an internal error and was unable to complete"
                    + " your request. Either the server is overloaded or there is an error in the application."));
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                Json.send(ctx, 404, Json.message("not found: " + ctx.method() + " " + ctx.path()));
            }
        });
        config.routes.error(405, ctx -> Json.send(ctx, 405, Json.message("method " + ctx.method()
                + " not allowed on " + ctx.path())));
    }

    /**
     * Jetty's multipart parser reports a part or request over its limit as an exception naming the size
     * ("max file size exceeded: N", wrapped in a 400 "bad multipart").
     */
    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("exceed") && (m.contains("max") || m.contains("size") || m.contains("limit"))) {
                return true;
            }
        }
        return false;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A new random API token for these roles (comma-separated: hasher, matcher, curator, all) and the line that
     * grants it in a token file: {@code [token, line]}. Only the line's SHA-256 of the token is kept on disk.
     */
    public static String[] newToken(String roles, String name) {
        for (String r : roles.split(",")) {
            String n = r.trim().toUpperCase(Locale.ROOT);
            if (!n.equals("ALL")) {
                Tokens.Role.valueOf(n);
            }
        }
        return Tokens.generate(roles, name);
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:5000}. */
    public String url() {
        String h = service.options().host();
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    /** True once the indexes are loaded. */
    public boolean ready() {
        return service.matcher() != null;
    }

    /** Stops listening after the requests in flight finish, then closes the matcher and the store. */
    @Override
    public void close() {
        app.stop();
        background.shutdownNow();
        service.close();
        removeAll(workDir);
        LOG.info("mediamatch serve: stopped");
    }

    /** Deletes the spool directory and what is left in it. */
    private static void removeAll(Path workDir) {
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot remove {}: {}", workDir, e.toString());
        }
    }

    /** A request that declares a body (a length above zero, or chunked). */
    private static boolean hasBody(io.javalin.http.Context ctx) {
        String length = ctx.header("Content-Length");
        return ctx.header("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
    }
}
