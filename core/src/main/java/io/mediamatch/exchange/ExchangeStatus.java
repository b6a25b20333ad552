package io.mediamatch.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one exchange's fetching stands, as stored beside its checkpoint: the last fetch's start, end and outcome,
 * how many records it fetched, whether it reached the end of what the exchange had, and the error it stopped on.
 * Never holds credentials. Times are null when the event has not happened yet.
 *
 * @param name           the exchange (and its bank)
 * @param checkpoint     the last committed checkpoint, null before the first page
 * @param progress       how far the checkpoint reaches in the exchange's data, null when unknown
 * @param lastFetchStart when the last fetch began
 * @param lastFetchEnd   when the last fetch ended (before {@code lastFetchStart} while one is running)
 * @param succeeded      whether the last ended fetch returned without error, null if none ended
 * @param fetchedRecords records fetched by the last (or running) fetch
 * @param lastError      the last ended fetch's error message, null if it succeeded
 * @param upToDate       the last ended fetch went through to the end of the exchange's data
 * @param refetching     a full refetch (mark-and-sweep) is in progress or was interrupted (the next one starts over)
 */
public record ExchangeStatus(String name, String checkpoint, Instant progress, Instant lastFetchStart,
                             Instant lastFetchEnd, Boolean succeeded, long fetchedRecords, String lastError,
                             boolean upToDate, boolean refetching) {
    public ExchangeStatus {
        Objects.requireNonNull(name, "name");
    }

    /** True while a fetch has started and not ended (or was killed). */
    public boolean running() {
        return lastFetchStart != null && (lastFetchEnd == null || lastFetchEnd.isBefore(lastFetchStart));
    }

    /** How far behind {@code now} the checkpoint's data is, when the exchange says how far it reaches. */
    public Optional<Duration> behind(Instant now) {
        return progress == null ? Optional.empty() : Optional.of(Duration.between(progress, now));
    }
}
