package io.mediamatch.stream;

import io.mediamatch.match.MediaMatcher;
import io.mediamatch.match.MatchOptions;
import io.mediamatch.store.ImportOptions;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One task's copy of the banks: a private store in a scratch directory that the signal changes are applied to,
 * and core's {@link MediaMatcher} over it, so the job matches exactly as {@code mediamatch match} does.
 * Used by one task thread; {@link #close} deletes the directory.
 */
final class LocalBanks implements AutoCloseable {
    private final Path dir;
    private final SignalStore store;
    private final MediaMatcher matcher;

    private LocalBanks(Path dir, SignalStore store, MediaMatcher matcher) {
        this.dir = dir;
        this.store = store;
        this.matcher = matcher;
    }

    /** An empty copy in a new directory under {@code parent}. */
    static LocalBanks create(Path parent, MatchOptions options) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "mediamatch-banks-");
        SignalStore store = SignalStore.open(dir.resolve("banks.sqlite"));
        try {
            return new LocalBanks(dir, store, MediaMatcher.over(store, options));
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    MediaMatcher matcher() {
        return matcher;
    }

    /**
     * Applies changes in order: signal upserts in one import, signal tombstones as deletes (a no-op for an absent
     * signal), bank records as the bank's settings (core's matcher honours them), bank tombstones as drops.
     */
    void apply(Collection<? extends TopicChange> changes) throws IOException {
        List<Signal> upserts = new ArrayList<>();
        for (TopicChange change : changes) {
            if (change instanceof BankChange b) {
                flush(upserts);
                if (b.tombstone()) {
                    store.dropBank(b.bank());
                } else {
                    store.putBank(b.toBank());
                }
                continue;
            }
            SignalChange c = (SignalChange) change;
            if (c.tombstone()) {
                flush(upserts);
                store.delete(c.bank(), c.type(), c.value());
            } else {
                // dated after any earlier tombstone of it in this copy: the store revives only a newer record
                Instant now = Instant.now().plusMillis(1);
                upserts.add(new Signal(0, c.bank(), c.type(), c.value(), c.labels(), c.source(), c.externalId(),
                        null, now, SignalStatus.ACTIVE));
            }
        }
        flush(upserts);
    }

    private void flush(List<Signal> upserts) throws IOException {
        if (!upserts.isEmpty()) {
            store.importSignals(upserts, ImportOptions.defaults());
            upserts.clear();
        }
    }

    @Override
    public void close() {
        matcher.close();
        store.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // scratch space under the task's temp directory: leaving it costs disk, not correctness
        }
    }
}
