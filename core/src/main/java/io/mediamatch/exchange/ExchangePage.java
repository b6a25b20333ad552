package io.mediamatch.exchange;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One page of updates and the checkpoint after it. Applying the updates and storing the checkpoint together makes
 * a resumable state: a fetch resumed from this checkpoint misses nothing that came after the page.
 *
 * @param updates    the page's updates, in the exchange's order
 * @param checkpoint the client's opaque checkpoint text after this page (never null)
 * @param progress   how far the exchange's data this checkpoint reaches (its newest update time), or null
 */
public record ExchangePage(List<ExchangeUpdate> updates, String checkpoint, Instant progress) {
    public ExchangePage {
        updates = List.copyOf(updates);
        Objects.requireNonNull(checkpoint, "checkpoint");
    }
}
