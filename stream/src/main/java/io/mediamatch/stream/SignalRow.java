package io.mediamatch.stream;

/**
 * One record of the signal-changes topic as the job carries it: key, value (null: a tombstone), and where it was
 * read from. A Flink POJO (public fields, no-arg constructor) so it travels without Kryo.
 */
public final class SignalRow {
    public String key;
    public String value;
    public int partition;
    public long offset;

    public SignalRow() {
    }

    public SignalRow(String key, String value, int partition, long offset) {
        this.key = key;
        this.value = value;
        this.partition = partition;
        this.offset = offset;
    }
}
