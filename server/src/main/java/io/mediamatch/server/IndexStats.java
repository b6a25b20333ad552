package io.mediamatch.server;

import io.mediamatch.match.MediaMatcher;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import io.mediamatch.store.StoreStats;
import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The index state HMA reports per signal type ({@code /m/index/status}, {@code /c/signal_type/index}): live
 * signals in the store, signals searchable now, the newest signal's time. mediamatch's indexes follow the store
 * as it changes, so "built to" is the newest signal once they have caught up.
 */
final class IndexStats {
    /** One signal type's numbers; times in unix seconds, -1 when there is none. */
    record Entry(long dbSize, long indexSize, long newestDbItem, long builtTo, boolean present, boolean outOfDate) {}

    private IndexStats() {}

    /** The numbers of every enabled API signal type, in listing order. */
    static Map<String, Entry> of(Service service) throws IOException {
        MediaMatcher m = service.matcher();
        StoreStats stats = service.store().stats();
        Map<SignalType, Long> live = new EnumMap<>(SignalType.class);
        for (StoreStats.Count c : stats.counts()) {
            if (c.status() != SignalStatus.DELETED) {
                live.merge(c.type(), c.count(), Long::sum);
            }
        }
        long bound = service.options().maxStale().toMillis();
        boolean current = m != null && (bound == 0 || service.staleness() <= bound);
        Map<String, Entry> out = new LinkedHashMap<>();
        for (String name : service.types().names()) {
            SignalType t = ApiTypes.storeType(name).orElseThrow();
            long db = live.getOrDefault(t, 0L);
            long indexed = m == null ? 0 : t == SignalType.PDQ ? m.indexedSignals() : db;
            long newest = db == 0 ? -1 : service.store().contents().newest(t) / 1000;
            out.put(name, new Entry(db, indexed, newest, current ? newest : -1, m != null && indexed > 0, !current));
        }
        return out;
    }
}
