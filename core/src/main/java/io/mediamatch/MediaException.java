package io.mediamatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A media file could not be read: names the file and the {@link Kind} of failure. Checked, so a batch can
 * report the file and go on. (Minimal version written for video decoding; the decoding helper owns this type.)
 */
public class MediaException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a file could not be used. */
    public enum Kind {
        /** The file does not exist or cannot be opened for reading. */
        UNREADABLE,
        /** The content is not a format we decode (e.g. not an image, not a video container). */
        UNSUPPORTED_FORMAT,
        /** The container or stream is damaged or cut short. */
        CORRUPT,
        /** The file holds no usable content (zero frames, no video stream, empty file). */
        EMPTY,
        /** Dimensions or size exceed the configured limits. */
        TOO_LARGE
    }

    private final Path file;
    private final Kind kind;

    public MediaException(Path file, Kind kind, String message) {
        this(file, kind, message, null);
    }

    public MediaException(Path file, Kind kind, String message, Throwable cause) {
        super(file + ": " + message + " (" + kind + ")", cause);
        this.file = file;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The file that failed, as given by the caller (may be null for in-memory input). */
    public Path file() {
        return file;
    }

    /** The cause category. */
    public Kind kind() {
        return kind;
    }
}
