package io.mediamatch.store;

import java.io.IOException;
import java.util.List;

/**
 * An import was rejected and rolled back (nothing of it was written): a bad row under {@code strict}, or a file
 * that cannot be read. {@link #errors()} names the files and lines.
 */
public final class ImportException extends IOException {
    private final List<RowError> errors;

    public ImportException(String message, List<RowError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** The rows that caused the rejection (may be empty when a whole file failed). */
    public List<RowError> errors() {
        return errors;
    }
}
