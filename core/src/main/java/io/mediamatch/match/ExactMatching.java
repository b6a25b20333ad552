package io.mediamatch.match;

import io.mediamatch.pdq.Orientation;
import io.mediamatch.store.Bank;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact half of a {@link MediaMatcher}: MD5 and SHA-256 values looked up in the store's index, kept when their
 * bank is enabled and the signal matchable. Thread-safe; {@link #refresh} runs under the matcher's lock.
 */
final class ExactMatching {
    private final SignalStore store;
    private volatile Map<String, Bank> enabled = Map.of();

    ExactMatching(SignalStore store) {
        this.store = store;
    }

    /** Takes the enabled banks of the latest refresh. */
    void refresh(Map<Long, Bank> banks) {
        Map<String, Bank> byName = new HashMap<>();
        for (Bank b : banks.values()) {
            byName.put(b.name(), b);
        }
        enabled = Map.copyOf(byName);
    }

    /** Records the query hash ({@code value} canonical) and returns its matches in enabled banks (distance 0). */
    List<Match> match(SignalType type, String value, List<QueryHash> hashes) throws IOException {
        hashes.add(new QueryHash(type, value, -1, true));
        Map<String, Bank> banks = enabled;
        List<Match> out = new ArrayList<>();
        for (Signal sig : store.find(type, value)) {
            Bank bank = banks.get(sig.bank());
            if (bank == null || !sig.status().matchable()) {
                continue;
            }
            out.add(new Match(bank.name(), bank.negative(), sig.id(), type, sig.value(), 0, 0,
                    Orientation.ORIGINAL, value, sig.labels(), sig.source(), sig.externalId(), sig.status()));
        }
        return out;
    }
}
