package io.mediamatch.store;

import java.util.List;

/**
 * Signal counts of a store.
 *
 * @param banks  every bank, with or without signals
 * @param counts one row per (bank, type, status) that has signals
 */
public record StoreStats(List<Bank> banks, List<Count> counts) {
    public StoreStats {
        banks = List.copyOf(banks);
        counts = List.copyOf(counts);
    }

    /** How many signals of one type and status sit in one bank. */
    public record Count(String bank, SignalType type, SignalStatus status, long count) {}

    /** All signals, every status. */
    public long total() {
        return counts.stream().mapToLong(Count::count).sum();
    }
}
