package io.mediamatch.store;

import java.util.List;

/**
 * What an import did. Counts are rows; {@code errors} keeps the first {@value SignalStore#MAX_REPORTED_ERRORS}
 * bad rows ({@code badRows} counts them all).
 *
 * @param read        rows parsed into signals
 * @param added       signals that were new
 * @param changed     existing signals that changed (labels, status, source, times)
 * @param unchanged   rows already stored as given, or older than what is stored (tombstones stay)
 * @param badRows     rows rejected (wrong hex length, unknown type, broken JSON...)
 * @param unsupported rows of a kind mediamatch does not store (e.g. SHA-512, text, URL), skipped on purpose
 * @param errors      the first bad and unsupported rows with file and line
 */
public record ImportResult(long read, long added, long changed, long unchanged, long badRows, long unsupported,
                           List<RowError> errors) {
    public ImportResult {
        errors = List.copyOf(errors);
    }
}
