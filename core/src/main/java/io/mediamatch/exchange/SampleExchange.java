package io.mediamatch.exchange;

import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code sample}: a static demo exchange of a few hashes of the PDQ reference images (PDQ of
 * {@code bridge-mods/aaa-orig.jpg} and two of its edits, and that file's MD5). Always stale, as pytx's
 * {@code NoCheckpointing}, so every fetch is a full refetch that changes nothing. Thread-safe.
 */
final class SampleExchange implements ExchangeClient {
    static final String API = "sample";
    static final String CHECKPOINT = "{\"sample\":1}";

    private static final List<ExchangeUpdate> UPDATES = List.of(
            update(SignalType.PDQ, "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22", "bridge"),
            update(SignalType.PDQ, "f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22", "bridge"),
            update(SignalType.PDQ, "f8f8f0cee0f4a84f0637022a038f67f0b36e26d596621e1d33e6b39c4e9c9b22", "bridge"),
            update(SignalType.MD5, "d35c785545392755e7e4164457657269", "bridge"));

    private static ExchangeUpdate update(SignalType type, String value, String tag) {
        return new ExchangeUpdate(type, value, SignalStatus.ACTIVE, Set.of("sample", "tag:" + tag), "", null);
    }

    /** The sample client; it takes no settings and no credentials. */
    public static ExchangeClient create(ExchangeConfig config, Path credentialsFile) {
        return new SampleExchange();
    }

    @Override
    public void fetch(String checkpoint, Consumer<ExchangePage> pages) {
        pages.accept(new ExchangePage(UPDATES, CHECKPOINT, null));
    }

    @Override
    public boolean isStale(String checkpoint, Instant now) {
        return true;
    }
}
