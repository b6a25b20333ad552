package io.mediamatch.store;

import java.nio.file.Path;

/** Receives the progress of an import, file by file; called on the importing thread. */
@FunctionalInterface
public interface ImportProgress {
    /** Nothing. */
    ImportProgress NONE = (file, read, total) -> { };

    /** {@code bytesRead} of {@code totalBytes} of {@code file} have been consumed (total -1 when unknown). */
    void update(Path file, long bytesRead, long totalBytes);
}
