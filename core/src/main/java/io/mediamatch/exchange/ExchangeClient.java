package io.mediamatch.exchange;

import java.io.IOException;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One exchange API's client: fetches the updates after a checkpoint, page by page. Implementations talk to their
 * API through {@link ExchangeHttp} (timeouts, bounded retries) and parse with Jackson; they hold no state between
 * fetches other than what the checkpoint carries.
 */
public interface ExchangeClient {
    /**
     * Fetches every page after {@code checkpoint} (null: from the beginning) and hands each to {@code pages} in
     * order; returns normally when the exchange has nothing newer (up to date). If {@code pages} throws, the fetch
     * stops there: every page handed over before it is complete and its checkpoint safe to resume from.
     *
     * @throws ExchangeException for a failed request (after retries), bad credentials or a malformed page
     */
    void fetch(String checkpoint, Consumer<ExchangePage> pages) throws IOException;

    /**
     * True if resuming from {@code checkpoint} could miss deletions (the API no longer keeps them), so the bank
     * must be refetched whole and what the refetch no longer holds deleted.
     */
    boolean isStale(String checkpoint, Instant now);
}
