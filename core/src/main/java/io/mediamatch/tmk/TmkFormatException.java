package io.mediamatch.tmk;

import io.mediamatch.MediaException;

/**
 * A {@code .tmk} file (or blob) that is not a well-formed TMK+PDQF feature-vector file: bad magic, unknown
 * frame-feature algorithm, absurd dimensions, truncated data, trailing bytes or non-finite values. The message is
 * {@code "<source>: not a valid .tmk file: <cause>"}; {@link #kind()} is {@code TRUNCATED} or {@code CORRUPT}.
 */
public final class TmkFormatException extends MediaException {
    private static final long serialVersionUID = 1L;

    TmkFormatException(String source, String cause) {
        super(source, cause.startsWith("truncated") ? Kind.TRUNCATED : Kind.CORRUPT, "not a valid .tmk file: " + cause);
    }
}
