package io.mediamatch.exchange;

import java.io.IOException;

/**
 * A fetch that failed: a request that still failed after its retries, refused credentials, or a page that is
 * truncated or malformed. The message names the exchange and the cause and never holds credentials.
 */
public final class ExchangeException extends IOException {
    /** What kind of failure: the fetch can be retried later unless the credentials were refused. */
    public enum Kind { NETWORK, HTTP_STATUS, CREDENTIALS, MALFORMED }

    private final Kind kind;

    public ExchangeException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ExchangeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
