package io.mediamatch.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.store.SignalStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the routes share: options, store, matcher (once loaded), lookups, hashing, fetching, tokens, metrics, and
 * the bounded worker pool that hashing runs on. Thread-safe.
 */
final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final ServeOptions options;
    private final ApiTypes types;
    private final SignalStore store;
    private final Tokens tokens;
    private final UploadHasher hasher;
    private final UrlFetcher fetcher;
    private final Path workDir;
    private final ExchangeSync exchangeSync;
    private final Metrics metrics = new Metrics();
    private final ThreadPoolExecutor workers;
    /**
     * Set on a request thread once one of its work items got a place: its later items (hashing after a fetch)
     * wait for one instead of being refused, so an admitted request is not answered 503 halfway.
     */
    private final ThreadLocal<Boolean> admitted = ThreadLocal.withInitial(() -> false);
    /** HMA's per-signal-type {@code enabled_ratio}, kept for the service's life. */
    private final Map<String, Double> typeRatios = new ConcurrentHashMap<>();
    private volatile MediaMatcher matcher;
    private volatile Lookups lookups;
    private volatile LookupCoalescer coalescer;
    /** When the indexes were last known to have caught up with the store (ms), or 0. */
    private volatile long caughtUp;

    Service(ServeOptions options, ApiTypes types, SignalStore store, Tokens tokens, UploadHasher hasher,
            UrlFetcher fetcher, Path workDir) {
        this.options = options;
        this.types = types;
        this.store = store;
        this.tokens = tokens;
        this.hasher = hasher;
        this.fetcher = fetcher;
        this.workDir = workDir;
        this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, options.queue())), r -> {
                    Thread t = new Thread(r, "hash-worker");
                    t.setDaemon(true);
                    return t;
                });
        for (String n : types.names()) {
            typeRatios.put(n, 1.0);
        }
        this.exchangeSync = new ExchangeSync(this);
        metrics.gauge("mediamatch_indexed_pdq_signals", "PDQ signals in the in-memory indexes",
                () -> matcher == null ? 0 : matcher.indexedSignals());
        metrics.gauge("mediamatch_indexed_video_signals", "vPDQ and TMK+PDQF signals in the video indexes",
                () -> matcher == null ? 0 : matcher.indexedVideoSignals());
        metrics.gauge("mediamatch_change_feed_lag_seconds", "Seconds since the indexes last caught up with the store",
                () -> caughtUp == 0 ? -1 : (System.currentTimeMillis() - caughtUp) / 1000.0);
        metrics.gauge("mediamatch_hash_queue", "Uploads and fetches waiting for a worker", () -> workers.getQueue().size());
    }

    ServeOptions options() {
        return options;
    }

    ApiTypes types() {
        return types;
    }

    SignalStore store() {
        return store;
    }

    UploadHasher hasher() {
        return hasher;
    }

    Metrics metrics() {
        return metrics;
    }

    Path workDir() {
        return workDir;
    }

    ExchangeSync exchangeSync() {
        return exchangeSync;
    }

    Map<String, Double> typeRatios() {
        return typeRatios;
    }

    /** The matcher, or null while the indexes load. */
    MediaMatcher matcher() {
        return matcher;
    }

    /** The matcher. @throws ApiError 503 "index not yet ready" while the indexes load */
    MediaMatcher readyMatcher() {
        MediaMatcher m = matcher;
        if (m == null) {
            throw new ApiError(503, "index not yet ready", "1");
        }
        return m;
    }

    /** The lookups. @throws ApiError 503 while the indexes load */
    Lookups lookups() {
        readyMatcher();
        return lookups;
    }

    /** The indexes are loaded: lookups may start. */
    void loaded(MediaMatcher m) {
        coalescer = new LookupCoalescer(m, options.coalesce(), Math.max(1, Runtime.getRuntime()
                .availableProcessors()));
        lookups = new Lookups(m, coalescer, options.deadline());
        matcher = m;
        caughtUp = System.currentTimeMillis();
    }

    /** Picks up changes made by other processes (the change feed); run every few seconds. */
    void follow() {
        MediaMatcher m = matcher;
        if (m == null) {
            return;
        }
        try {
            m.refresh();
            caughtUp = System.currentTimeMillis();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot follow the store's changes: {}", e.toString());
        }
    }

    /** Milliseconds since the indexes last caught up with the store, or -1 before they loaded. */
    long staleness() {
        return caughtUp == 0 ? -1 : System.currentTimeMillis() - caughtUp;
    }

    // ---------------------------------------------------------------- admission and roles

    /**
     * Runs before every request: refuses bodies declared larger than the upload cap (before reading them) and
     * checks the token for the route's prefix ({@code /h} hasher, {@code /m} matcher, {@code /c} and {@code /dev}
     * curator, {@code /metrics} any role).
     */
    void admit(Context ctx) {
        admitted.remove();
        long declared = ctx.req().getContentLengthLong();
        if (declared > options.maxUploadBytes() + (1 << 20)) {
            ctx.header("Connection", "close");
            throw new ApiError(413, "The data value transmitted exceeds the capacity limit.");
        }
        String path = ctx.path();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1); // routed as without (ignoreTrailingSlashes)
        }
        Tokens.Role role = path.startsWith("/h/") || path.equals("/h") ? Tokens.Role.HASHER
                : path.startsWith("/m/") ? Tokens.Role.MATCHER
                : path.startsWith("/c/") || path.startsWith("/dev/") ? Tokens.Role.CURATOR : null;
        if (role == null && !path.equals("/metrics")) {
            return;
        }
        if (tokens == null) {
            return;
        }
        Tokens.Entry who = identify(ctx);
        if (role != null && !who.roles().contains(role)) {
            throw new ApiError(403, "token '" + who.name() + "' lacks the " + role.name().toLowerCase() + " role");
        }
        ctx.attribute("token", who);
    }

    private Tokens.Entry identify(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "missing API token: send 'Authorization: Bearer <token>'");
        }
        Optional<Tokens.Entry> who = tokens.check(auth.substring(7).strip());
        if (who.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiError(401, "invalid API token");
        }
        return who.get();
    }

    /**
     * Checks that this request's token also has {@code role} (HMA: hashing by URL or upload needs the hasher
     * role). @throws ApiError 403 with HMA's message otherwise
     */
    void requireRole(Context ctx, Tokens.Role role, String message) {
        if (tokens == null) {
            return;
        }
        Tokens.Entry who = ctx.attribute("token");
        if (who == null || !who.roles().contains(role)) {
            throw new ApiError(403, message);
        }
    }

    // ---------------------------------------------------------------- uploads, fetches, hashing

    /** A file to hash: an upload or a fetched URL, in the work directory; deleted on close. */
    record Media(Path file, String contentType, Optional<String> mediaType) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The one multipart file of this request, whose field name is its content type (HMA's rule).
     * @throws ApiError 400 for none, several, or an unknown field name
     */
    Media upload(Context ctx) throws IOException {
        String ct = ctx.contentType();
        if (ct == null || !ct.toLowerCase().startsWith("multipart/form-data")) {
            throw ApiError.badRequest("Missing multipart/form-data file upload");
        }
        Map<String, List<UploadedFile>> files = ctx.uploadedFileMap();
        int n = files.values().stream().mapToInt(List::size).sum();
        if (n == 0) {
            throw ApiError.badRequest("Missing multipart/form-data file upload");
        }
        if (n > 1) {
            throw ApiError.badRequest("Only one file allowed per request");
        }
        Map.Entry<String, List<UploadedFile>> e = files.entrySet().iterator().next();
        String field = e.getKey();
        if (!ApiTypes.isContentType(field)) {
            throw ApiError.badRequest("no such content_type: '" + field + "'");
        }
        UploadedFile f = e.getValue().get(0);
        Path file = Files.createTempFile(workDir, "upload-", ".bin");
        try (InputStream in = f.content()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(file);
            throw ex;
        }
        return new Media(file, field, Optional.ofNullable(f.contentType()));
    }

    /**
     * Fetches {@code url} and decides its content type: the parameter, else the response's Content-Type
     * ({@code image/*} photo, {@code video/*} video). @throws ApiError 400 as HMA words it
     */
    Media fetch(String url, String contentType) throws IOException {
        if (contentType != null) {
            checkContentType(contentType);
        }
        UrlFetcher.Fetched f = runWork(() -> fetcher.fetch(url, workDir));
        String type = contentType;
        if (type == null) {
            String header = f.contentType().orElse("").toLowerCase();
            type = header.startsWith("image/") ? "photo" : header.startsWith("video/") ? "video" : null;
            if (type == null) {
                Files.deleteIfExists(f.file());
                throw ApiError.badRequest("unsupported url ContentType: '" + f.contentType().orElse("") + "', if you"
                        + " know the expected type, provide it with the content_type query param");
            }
        }
        return new Media(f.file(), type, f.contentType());
    }

    static void checkContentType(String name) {
        if (!ApiTypes.isContentType(name)) {
            throw ApiError.badRequest("no such content_type: '" + name + "'");
        }
    }

    /**
     * The signal names to hash a content type to: {@code types} (comma list) if given, else every enabled one.
     * @throws ApiError 400 for an unknown or disabled name or an empty selection
     */
    List<String> selectTypes(String contentType, String typesParam) {
        List<String> forContent = types.forContent(contentType);
        if (typesParam == null) {
            if (forContent.isEmpty()) {
                throw ApiError.badRequest("empty signal type selection");
            }
            return forContent;
        }
        List<String> out = new java.util.ArrayList<>();
        for (String part : typesParam.split(",")) {
            String n = part.trim();
            if (n.isEmpty()) {
                continue;
            }
            if (!types.enabled(n)) {
                throw ApiError.badRequest("signal type '" + n + "' doesn't exist or is disabled");
            }
            if (forContent.contains(n) && !out.contains(n)) {
                out.add(n);
            }
        }
        if (out.isEmpty()) {
            throw ApiError.badRequest("empty signal type selection");
        }
        return out;
    }

    /** Hashes a file to these names on a worker, within the deadline. */
    Map<String, String> hash(Media media, List<String> names) throws IOException {
        return runWork(() -> hasher.hash(media.file(), names));
    }

    /**
     * {@link #hash}, plus with {@code frames} the vPDQ of every frame of an animated photo (GIF, APNG, WebP) under
     * {@code vpdq} when that type is on and not already asked for (a still photo gets none).
     */
    Map<String, String> hash(Media media, List<String> names, boolean frames) throws IOException {
        Map<String, String> out = hash(media, names);
        if (frames && names.contains("pdq") && !names.contains("vpdq") && types.enabled("vpdq")) {
            String v = runWork(() -> hasher.animationVpdq(media.file()));
            if (v != null) {
                out = new java.util.LinkedHashMap<>(out);
                out.put("vpdq", v);
            }
        }
        return out;
    }

    /**
     * Runs hashing or fetching work on the bounded pool. @throws ApiError 503 with Retry-After when the queue is
     * full or the deadline passes
     */
    <T> T runWork(Callable<T> work) throws IOException {
        Future<T> f;
        try {
            f = workers.submit(work);
        } catch (RejectedExecutionException e) {
            if (!admitted.get()) {
                throw new ApiError(503, "the service is busy: " + options.queue() + " requests are waiting to be"
                        + " hashed; retry later", "1");
            }
            f = waitForPlace(work);
        }
        admitted.set(true);
        try {
            return f.get(options.deadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ApiError(503, "hashing took longer than the deadline of " + options.deadline().toSeconds()
                    + " s", "5");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new ApiError(503, "interrupted", "1");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    /**
     * Queues an admitted request's further item, waiting up to the deadline for a place (every worker exists once
     * the pool has refused one, so a queued item is taken). @throws ApiError 503 when the deadline passes
     */
    private <T> Future<T> waitForPlace(Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        try {
            if (!workers.isShutdown()
                    && workers.getQueue().offer(task, options.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
                return task;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ApiError(503, "hashing took longer than the deadline of " + options.deadline().toSeconds()
                + " s", "5");
    }

    /** Bank names are HMA's {@code UPPER_WITH_UNDERSCORE}. */
    static boolean validBankName(String name) {
        return name != null && name.length() <= 255 && name.matches("[A-Z_][A-Z0-9_]*");
    }

    /** Splits HMA's {@code banks=A,B} (no trimming; empty means no filter). */
    static Set<String> bankList(String param) {
        if (param == null || param.isEmpty()) {
            return null;
        }
        return new java.util.HashSet<>(java.util.Arrays.asList(param.split(",", -1)));
    }

    @Override
    public void close() {
        workers.shutdownNow();
        LookupCoalescer c = coalescer;
        if (c != null) {
            c.close();
        }
        MediaMatcher m = matcher;
        if (m != null) {
            m.close();
        }
        store.close();
    }
}
