package io.mediamatch.server;

import io.mediamatch.exchange.ExchangeConfig;
import io.mediamatch.exchange.ExchangeFetcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's exchange fetching: every enabled exchange, one at a time, each within the fetch budget, then the
 * indexes pick the changes up at once; plus the credentials set through the API, kept for the service's life in
 * owner-only files of its work directory, which goes with it (never logged). One run at a time; thread-safe.
 */
final class ExchangeSync {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSync.class);

    private final Service service;
    private final ExchangeFetcher fetcher;
    private final Map<String, Path> setCredentials = new ConcurrentHashMap<>();
    private final ReentrantLock running = new ReentrantLock();

    ExchangeSync(Service service) {
        this.service = service;
        this.fetcher = ExchangeFetcher.perApi(service.store(), this::credentialsFile, Clock.systemUTC());
    }

    /** The credentials file {@code api}'s client reads: set through the API, else the service's option (or null). */
    private Path credentialsFile(String api) {
        Path p = setCredentials.get(api);
        return p != null ? p : service.options().credentialsFile();
    }

    /** Whether credentials for {@code api} were set through the API or given to the service as a file. */
    boolean hasCredentials(String api) {
        return credentialsFile(api) != null;
    }

    /** Sets {@code api}'s credential (pytx's string form), or clears it when empty. */
    void setCredentials(String api, Optional<String> credential) throws IOException {
        Path old = setCredentials.remove(api);
        if (old != null) {
            Files.deleteIfExists(old);
        }
        if (credential.isPresent()) {
            Path dir = service.workDir();
            Path file = Files.createTempFile(dir, "credentials-", ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, credential.get(), StandardCharsets.UTF_8);
            setCredentials.put(api, file);
        }
    }

    /**
     * Fetches every enabled exchange once, in name order, and makes what came matchable. When another run is in
     * progress: waits for it if {@code wait}, else returns empty at once.
     */
    Optional<List<ExchangeFetcher.Result>> fetchAll(boolean wait) {
        if (wait) {
            running.lock();
        } else if (!running.tryLock()) {
            return Optional.empty();
        }
        try {
            List<ExchangeFetcher.Result> out = new ArrayList<>();
            for (ExchangeConfig c : service.store().exchanges().list()) {
                if (!c.enabled()) {
                    continue;
                }
                ExchangeFetcher.Result r = fetcher.fetch(c.name(), null,
                        Instant.now().plus(service.options().fetchBudget()));
                if (r.succeeded()) {
                    LOG.info("exchange {}: {} records{}", c.name(), r.records(), r.upToDate() ? ", up to date"
                            : ", stopped at the time budget");
                } else {
                    LOG.warn("exchange {}: fetch failed after {} records: {}", c.name(), r.records(), r.error());
                }
                out.add(r);
            }
            service.follow();
            return Optional.of(out);
        } catch (IOException | RuntimeException e) {
            LOG.error("exchange fetching stopped: {}", e.toString());
            return Optional.of(List.of());
        } finally {
            running.unlock();
        }
    }
}
