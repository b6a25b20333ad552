package io.mediamatch.stream;

/**
 * One record of the signal-changes topic: a {@link SignalChange} (keyed {@code bank|type|value}) or a
 * {@link BankChange} (a bank's settings, keyed {@link BankChange#KEY_PREFIX} and its name). Immutable.
 */
public sealed interface TopicChange permits SignalChange, BankChange {
    /** The record key: a compacted topic keeps the last record of each. */
    String key();

    /** The record value as JSON, or null for a tombstone. */
    String valueJson();

    /** True for a tombstone: the signal was deleted, or the bank dropped. */
    boolean tombstone();

    /** Reads one record of the topic (a null value is a tombstone); bad input throws {@link BadRecordException}. */
    static TopicChange parse(String key, String valueJson) {
        if (key != null && key.startsWith(BankChange.KEY_PREFIX)) {
            return BankChange.parse(key, valueJson);
        }
        return SignalChange.parse(key, valueJson);
    }
}
