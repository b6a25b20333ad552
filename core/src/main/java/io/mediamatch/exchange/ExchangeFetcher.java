package io.mediamatch.exchange;

import io.mediamatch.store.Exchanges;
import io.mediamatch.store.SignalStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One fetch of one exchange into its bank: records the start, resumes from the stored checkpoint (or, when there
 * is none, it is stale or a refetch was cut short, refetches from scratch with mark-and-sweep), applies each page
 * with its checkpoint, and records the end: success and up to date when the client returned normally, else the
 * error's message (which never holds credentials). Pages applied before an error stay. Thread-safe, but one fetch
 * per exchange at a time.
 */
public final class ExchangeFetcher {
    /**
     * How one fetch ended.
     *
     * @param exchange  the exchange
     * @param succeeded the client returned normally (then the bank is up to date with the exchange)
     * @param records   records fetched (updates and tombstones)
     * @param refetched it was a full refetch
     * @param swept     live signals the full refetch no longer held, now tombstones
     * @param error     why it stopped, null when it succeeded
     * @param upToDate  it reached the end of what the exchange has (false when it failed or the time budget ran
     *                  out first)
     */
    public record Result(String exchange, boolean succeeded, long records, boolean refetched, int swept,
                         String error, boolean upToDate) {}

    /** Thrown from the page consumer when the time budget is spent: the fetch stops after a committed page. */
    private static final class BudgetSpent extends RuntimeException {
        BudgetSpent() {
            super(null, null, false, false);
        }
    }

    private final SignalStore store;
    private final Function<String, Path> credentialsFiles;
    private final Clock clock;

    /** Fetches into {@code store}, with credentials from {@code credentialsFile} (null: env var, dot-file). */
    public ExchangeFetcher(SignalStore store, Path credentialsFile, Clock clock) {
        this(store, (Function<String, Path>) api -> credentialsFile, clock);
    }

    /**
     * A fetcher into {@code store}, with each API type's credentials from the file {@code credentialsFiles} gives
     * for it (null: env var, dot-file).
     */
    public static ExchangeFetcher perApi(SignalStore store, Function<String, Path> credentialsFiles, Clock clock) {
        return new ExchangeFetcher(store, credentialsFiles, clock);
    }

    private ExchangeFetcher(SignalStore store, Function<String, Path> credentialsFiles, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.credentialsFiles = Objects.requireNonNull(credentialsFiles, "credentialsFiles");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Fetches exchange {@code name} once, calling {@code onPage} after each page is committed.
     * @throws IllegalArgumentException if there is no such exchange
     * @throws IOException only if the store itself fails (a failed fetch is a result)
     */
    public Result fetch(String name, Consumer<ExchangePage> onPage) throws IOException {
        return fetch(name, onPage, null);
    }

    /**
     * {@link #fetch(String, Consumer)} that stops after the first committed page past {@code deadline} (null:
     * none), up to date or not; a full refetch is never cut short, since only its end can sweep.
     */
    public Result fetch(String name, Consumer<ExchangePage> onPage, Instant deadline) throws IOException {
        ExchangeConfig config = store.exchanges().get(name).orElseThrow(() -> new IllegalArgumentException(
                "no exchange '" + name + "'"));
        return run(store, name, () -> ExchangeApis.create(config, credentialsFiles.apply(config.api())), clock,
                onPage, deadline);
    }

    /** A client, or why there is none. */
    @FunctionalInterface
    interface ClientSource {
        ExchangeClient get() throws IOException;
    }

    /** {@link #fetch(String, Consumer, Instant)} with a given client. */
    static Result run(SignalStore store, String name, ExchangeClient client, Clock clock,
                      Consumer<ExchangePage> onPage, Instant deadline) throws IOException {
        return run(store, name, () -> client, clock, onPage, deadline);
    }

    private static Result run(SignalStore store, String name, ClientSource source, Clock clock,
                              Consumer<ExchangePage> onPage, Instant deadline) throws IOException {
        Exchanges ex = store.exchanges();
        ex.fetchStarted(name, clock.instant());
        long[] records = {0};
        boolean full = false;
        String error;
        try {
            ExchangeClient client = source.get();
            ExchangeStatus st = ex.status(name).orElseThrow();
            String checkpoint = st.checkpoint();
            boolean refetch = st.refetching() || checkpoint == null || client.isStale(checkpoint, clock.instant());
            full = refetch;
            if (full) {
                ex.beginRefetch(name);
                checkpoint = null;
            }
            client.fetch(checkpoint, page -> {
                try {
                    ex.apply(name, page);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                records[0] += page.updates().size();
                if (onPage != null) {
                    onPage.accept(page);
                }
                if (!refetch && deadline != null && clock.instant().isAfter(deadline)) {
                    throw new BudgetSpent();
                }
            });
            int swept = full ? ex.completeRefetch(name) : 0;
            ex.fetchEnded(name, clock.instant(), true, null, true);
            return new Result(name, true, records[0], full, swept, null, true);
        } catch (BudgetSpent e) {
            ex.fetchEnded(name, clock.instant(), true, null, false);
            return new Result(name, true, records[0], false, 0, null, false);
        } catch (UncheckedIOException e) {
            error = message(e.getCause());
        } catch (IOException | RuntimeException e) {
            error = message(e);
        }
        ex.fetchEnded(name, clock.instant(), false, error, false);
        return new Result(name, false, records[0], full, 0, error, false);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof ExchangeException) {
            return m;
        }
        String kind = e instanceof IllegalArgumentException ? "invalid record or setting"
                : e.getClass().getSimpleName();
        return m == null || m.isBlank() ? kind : kind + ": " + m;
    }
}
