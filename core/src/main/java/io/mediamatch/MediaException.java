package io.mediamatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A media file (image or video) that cannot be read: names the file and says why, as one line
 * {@code "<file>: <cause>"}. {@link #kind()} lets callers tell a hostile or broken file from an I/O failure.
 */
public class MediaException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a file could not be read. */
    public enum Kind {
        /** Not a format we decode (unknown magic bytes, a text file named {@code .jpg}, ...). */
        UNSUPPORTED_FORMAT,
        /** A still-image format recognised but not decoded (HEIC, AVIF, SVG, ...: see ForeignImage); not a video. */
        UNSUPPORTED_IMAGE,
        /** The format is known but the data is invalid. */
        CORRUPT,
        /** The data ends before the image or stream does. */
        TRUNCATED,
        /** Above a configured limit (pixels, bytes, frames); refused before decoding. */
        TOO_LARGE,
        /** The file holds no bytes. */
        EMPTY,
        /** Reading the file failed (missing, permissions, device error). */
        IO
    }

    private final String file;
    private final Kind kind;
    private final String reason;

    /** A failure on {@code file} (a path or a display name) of the given kind; {@code reason} is one short clause. */
    public MediaException(String file, Kind kind, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A failure on {@code file} of the given kind, without an underlying exception. */
    public MediaException(String file, Kind kind, String reason) {
        this(file, kind, reason, null);
    }

    /** A failure on {@code file} of the given kind. */
    public MediaException(Path file, Kind kind, String reason, Throwable cause) {
        this(String.valueOf(file), kind, reason, cause);
    }

    /** The file's path or display name as given. */
    public String file() {
        return file;
    }

    /** Why the file could not be read. */
    public Kind kind() {
        return kind;
    }

    /** The cause as a short clause, without the file name. */
    public String reason() {
        return reason;
    }
}
