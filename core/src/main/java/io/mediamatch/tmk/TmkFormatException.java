package io.mediamatch.tmk;

import java.io.IOException;

/**
 * A {@code .tmk} file (or blob) that is not a well-formed TMK+PDQF feature-vector file: bad magic, unknown
 * frame-feature algorithm, absurd dimensions, truncated data, trailing bytes or non-finite values. The message names
 * the source and the cause.
 */
public final class TmkFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    TmkFormatException(String source, String cause) {
        super(source + ": not a valid .tmk file: " + cause);
    }
}
