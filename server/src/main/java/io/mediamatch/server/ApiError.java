package io.mediamatch.server;

/**
 * A request the service refuses, answered as {@code {"message": ...}} with this status (HMA's error shape).
 * Thrown by route handlers; {@link MatchServer} turns it into the response.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String retryAfter;

    ApiError(int status, String message) {
        this(status, message, null);
    }

    ApiError(int status, String message, String retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After} header, or null. */
    String retryAfter() {
        return retryAfter;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }
}
