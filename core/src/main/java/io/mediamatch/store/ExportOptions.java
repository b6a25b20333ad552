package io.mediamatch.store;

/**
 * What to export.
 *
 * @param bank            only this bank; null: every bank
 * @param type            only this type; null: every type (the te-cache format needs one type: pdq if null)
 * @param includeDeleted  export tombstones too (always on for jsonl, which is lossless; formats that cannot say
 *                        "deleted" skip them)
 */
public record ExportOptions(String bank, SignalType type, boolean includeDeleted) {
    /** Everything. */
    public static ExportOptions all() {
        return new ExportOptions(null, null, true);
    }
}
