package io.mediamatch.store;

/**
 * A row an import could not use.
 *
 * @param file    the file name as given
 * @param line    1-based line number (for JSON: the line where the record starts)
 * @param message what is wrong
 */
public record RowError(String file, long line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
