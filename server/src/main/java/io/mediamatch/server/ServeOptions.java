package io.mediamatch.server;

import io.mediamatch.image.DecodeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link MatchServer} runs: where it listens, what it serves, its security and its limits.
 *
 * @param db                the store file (created if missing)
 * @param host              the address to listen on; a non-loopback one needs {@code tokens} or {@code noAuth}
 * @param port              the port (0: any free port)
 * @param dev               development mode: {@code POST /dev/factory_reset}, and {@code url=} may reach loopback
 * @param signalTypes       the API signal type names served, null for all (see {@link ApiTypes})
 * @param tokens            the API token file ({@link Tokens}), or null
 * @param noAuth            serve without tokens on a non-loopback address (explicitly insecure)
 * @param allowedHosts      hosts {@code url=} may fetch from (and their subdomains); empty: any public host
 * @param allowPrivateFetch let {@code url=} reach private, loopback and link-local addresses
 * @param maxUploadBytes    largest upload or fetched file (HMA's default: 100 MiB)
 * @param decode            image decode limits (pixels, bytes), as the CLI's
 * @param maxFramePixels    largest video frame decoded
 * @param workers           uploads and fetches hashed at once; more wait in the queue
 * @param queue             requests waiting for a worker before the service answers 503 with Retry-After
 * @param deadline          per-request deadline for hashing work
 * @param maxStale          {@code /status} answers INDEX-STALE when the indexes have not caught up with the store
 *                          for longer than this (HMA's 65 s); zero disables the check
 * @param follow            how often changes made by other processes are picked up from the change feed
 * @param coalesce          how long a single hash lookup waits for others to share one batch search; zero off
 * @param fetchEvery        how often the exchanges are fetched in the background (HMA's 60 s); zero: never
 * @param fetchBudget       time one background fetch of one exchange may take before it stops at a page (HMA's
 *                          4 min); a full refetch is never cut short
 * @param credentialsFile   exchange credentials for every API type, or null: each API's environment variable or
 *                          dot-file, as pytx, unless set through {@code POST /c/exchanges/api/<api>}
 */
public record ServeOptions(Path db, String host, int port, boolean dev, String signalTypes, Path tokens,
                           boolean noAuth, List<String> allowedHosts, boolean allowPrivateFetch,
                           long maxUploadBytes, DecodeOptions decode, long maxFramePixels, int workers, int queue,
                           Duration deadline, Duration maxStale, Duration follow, Duration coalesce,
                           Duration fetchEvery, Duration fetchBudget, Path credentialsFile) {
    /** HMA's {@code MAX_REMOTE_FILE_SIZE}. */
    public static final long DEFAULT_MAX_UPLOAD = 100L << 20;

    public ServeOptions {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(host, "host");
        allowedHosts = List.copyOf(allowedHosts);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("the upload limit must be positive");
        }
        if (fetchEvery.isNegative() || fetchBudget.isNegative() || fetchBudget.isZero()) {
            throw new IllegalArgumentException("the fetch interval must be >= 0 and the fetch budget positive");
        }
        if (workers < 1 || queue < 0) {
            throw new IllegalArgumentException("workers must be >= 1 and queue >= 0");
        }
    }

    /** Defaults: loopback, port 5000, every signal type, no tokens, HMA's limits. */
    public static ServeOptions defaults(Path db) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServeOptions(db, "127.0.0.1", 5000, false, null, null, false, List.of(), false,
                DEFAULT_MAX_UPLOAD, DecodeOptions.DEFAULTS, io.mediamatch.video.VpdqHasher.DEFAULT_MAX_FRAME_PIXELS,
                cores, 64 * cores, Duration.ofSeconds(60), Duration.ofSeconds(65), Duration.ofSeconds(2),
                Duration.ofMillis(1), Duration.ofSeconds(60), Duration.ofMinutes(4), null);
    }

    public ServeOptions withPort(int p) {
        return new ServeOptions(db, host, p, dev, signalTypes, tokens, noAuth, allowedHosts, allowPrivateFetch,
                maxUploadBytes, decode, maxFramePixels, workers, queue, deadline, maxStale, follow, coalesce, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withHost(String h) {
        return new ServeOptions(db, h, port, dev, signalTypes, tokens, noAuth, allowedHosts, allowPrivateFetch,
                maxUploadBytes, decode, maxFramePixels, workers, queue, deadline, maxStale, follow, coalesce, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withDev(boolean on) {
        return new ServeOptions(db, host, port, on, signalTypes, tokens, noAuth, allowedHosts, allowPrivateFetch,
                maxUploadBytes, decode, maxFramePixels, workers, queue, deadline, maxStale, follow, coalesce, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withSignalTypes(String list) {
        return new ServeOptions(db, host, port, dev, list, tokens, noAuth, allowedHosts, allowPrivateFetch,
                maxUploadBytes, decode, maxFramePixels, workers, queue, deadline, maxStale, follow, coalesce, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withTokens(Path file) {
        return new ServeOptions(db, host, port, dev, signalTypes, file, noAuth, allowedHosts, allowPrivateFetch,
                maxUploadBytes, decode, maxFramePixels, workers, queue, deadline, maxStale, follow, coalesce, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withNoAuth(boolean on) {
        return new ServeOptions(db, host, port, dev, signalTypes, tokens, on, allowedHosts, allowPrivateFetch,
                maxUploadBytes, decode, maxFramePixels, workers, queue, deadline, maxStale, follow, coalesce, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withFetching(List<String> hosts, boolean allowPrivate) {
        return new ServeOptions(db, host, port, dev, signalTypes, tokens, noAuth, hosts, allowPrivate,
                maxUploadBytes, decode, maxFramePixels, workers, queue, deadline, maxStale, follow, coalesce, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withMaxUploadBytes(long bytes) {
        return new ServeOptions(db, host, port, dev, signalTypes, tokens, noAuth, allowedHosts, allowPrivateFetch,
                bytes, decode, maxFramePixels, workers, queue, deadline, maxStale, follow, coalesce, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withDecode(DecodeOptions d, long framePixels) {
        return new ServeOptions(db, host, port, dev, signalTypes, tokens, noAuth, allowedHosts, allowPrivateFetch,
                maxUploadBytes, d, framePixels, workers, queue, deadline, maxStale, follow, coalesce, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withWork(int w, int q, Duration d) {
        return new ServeOptions(db, host, port, dev, signalTypes, tokens, noAuth, allowedHosts, allowPrivateFetch,
                maxUploadBytes, decode, maxFramePixels, w, q, d, maxStale, follow, coalesce, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withTiming(Duration stale, Duration followEvery, Duration coalesceFor) {
        return new ServeOptions(db, host, port, dev, signalTypes, tokens, noAuth, allowedHosts, allowPrivateFetch,
                maxUploadBytes, decode, maxFramePixels, workers, queue, deadline, stale, followEvery, coalesceFor, fetchEvery, fetchBudget, credentialsFile);
    }

    public ServeOptions withExchangeFetch(Duration every, Duration budget, Path credentials) {
        return new ServeOptions(db, host, port, dev, signalTypes, tokens, noAuth, allowedHosts, allowPrivateFetch,
                maxUploadBytes, decode, maxFramePixels, workers, queue, deadline, maxStale, follow, coalesce,
                every, budget, credentials);
    }
}
