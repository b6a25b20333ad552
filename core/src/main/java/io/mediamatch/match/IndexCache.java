package io.mediamatch.match;

import io.mediamatch.index.HammingIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The PDQ indexes of a store saved beside it ({@code <db>.index/}: one index file per bank and a manifest naming
 * the store and the change sequence they reflect), so that a large store opens without rebuilding them. The
 * manifest is written last and removed first: a crash mid-write leaves no manifest and the cache is ignored.
 * Anything unreadable or from another store is ignored too (the matcher rebuilds). Safe to delete.
 */
final class IndexCache {
    /** Stores with fewer PDQ signals are cheap to rebuild: no cache is written (system property to change). */
    static long minSignals() {
        return Long.getLong("mediamatch.indexCacheMinSignals", 100_000);
    }
    private static final String MANIFEST = "manifest.properties";

    /** Indexes loaded from the cache and the sequence number they are current at. */
    record Loaded(long seq, Map<Long, HammingIndex> indexes) {}

    private final Path dir;

    IndexCache(Path db) {
        this.dir = db.resolveSibling(db.getFileName() + ".index");
    }

    /** The cached indexes of the given store, or null when there are none that fit. */
    Loaded load(long storeId) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        try {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(manifest)) {
                p.load(in);
            }
            if (Long.parseLong(p.getProperty("store_id", "0")) != storeId) {
                return null;
            }
            long seq = Long.parseLong(p.getProperty("seq"));
            Map<Long, HammingIndex> out = new HashMap<>();
            String banks = p.getProperty("banks", "");
            for (String b : banks.isEmpty() ? new String[0] : banks.split(",")) {
                long id = Long.parseLong(b);
                out.put(id, HammingIndex.load(dir.resolve("bank-" + id + ".idx")));
            }
            return new Loaded(seq, out);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Saves the indexes as current at {@code seq}; failures are ignored (the cache is an optimisation). */
    void save(long storeId, long seq, Map<Long, HammingIndex> indexes) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(MANIFEST));
            try (var old = Files.list(dir)) {
                for (Path f : (Iterable<Path>) old::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            StringBuilder banks = new StringBuilder();
            for (Map.Entry<Long, HammingIndex> e : indexes.entrySet()) {
                e.getValue().save(dir.resolve("bank-" + e.getKey() + ".idx"));
                banks.append(banks.length() == 0 ? "" : ",").append(e.getKey());
            }
            Properties p = new Properties();
            p.setProperty("store_id", Long.toString(storeId));
            p.setProperty("seq", Long.toString(seq));
            p.setProperty("banks", banks.toString());
            Path tmp = dir.resolve(MANIFEST + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "mediamatch PDQ index cache; safe to delete");
            }
            Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // best effort: the next open rebuilds
        }
    }
}
