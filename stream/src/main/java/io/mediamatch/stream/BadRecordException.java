package io.mediamatch.stream;

/**
 * A Kafka record the job cannot use (malformed JSON, a missing or invalid field); the message names the field and
 * the cause, and the job turns it into an error record instead of failing.
 */
public final class BadRecordException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** {@code reason} names the offending field or value. */
    public BadRecordException(String reason) {
        super(reason);
    }
}
