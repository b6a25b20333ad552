package io.mediamatch.exchange;

import io.mediamatch.store.SignalStore;
import java.nio.file.Path;
import java.time.Clock;

/** Child process of {@link ExchangeCrashTest}: fetches one exchange, printing "page" after each commit. */
public final class CrashFetchChild {
    private CrashFetchChild() {}

    public static void main(String[] args) throws Exception {
        try (SignalStore s = SignalStore.open(Path.of(args[0]))) {
            ExchangeFetcher.Result r = new ExchangeFetcher(s, null, Clock.systemUTC()).fetch(args[1], page -> {
                System.out.println("page");
                System.out.flush();
            });
            System.out.println(r.succeeded() ? "done" : "failed: " + r.error());
        }
    }
}
