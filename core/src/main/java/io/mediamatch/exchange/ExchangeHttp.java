package io.mediamatch.exchange;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP for exchange clients: a connect timeout and a deadline for each whole response (headers and body), and
 * bounded retries of GETs on I/O errors, 429 and 5xx with exponential backoff and jitter, honouring
 * {@code Retry-After}. POSTs are not retried (as pytx). Messages name the exchange, the method and the URL without
 * its query (where tokens travel), never a credential. Thread-safe.
 */
public final class ExchangeHttp {
    /** Largest response body read. */
    public static final long MAX_BODY = 512L << 20;

    private final String exchange;
    private final HttpClient client;
    private final Duration deadline;
    private final int attempts;
    private final Duration backoff;

    /**
     * @param exchange the exchange's name, for messages
     * @param connect  connect timeout
     * @param deadline deadline for each whole response
     * @param attempts how many times a GET is tried (1: no retry)
     * @param backoff  the first retry's delay; each later one doubles, plus up to 50% jitter, at most 60 s
     */
    public ExchangeHttp(String exchange, Duration connect, Duration deadline, int attempts, Duration backoff) {
        this.exchange = exchange;
        this.client = HttpClient.newBuilder().connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.deadline = deadline;
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
    }

    /** pytx's settings: 60 s per request, 5 tries of a GET, 0.4 s first backoff (10 s connect timeout). */
    public static ExchangeHttp defaults(String exchange) {
        return new ExchangeHttp(exchange, Duration.ofSeconds(10), Duration.ofSeconds(60), 5, Duration.ofMillis(400));
    }

    /** A GET's 2xx body, retried as described. @throws ExchangeException once the tries are used up */
    public byte[] get(URI uri, Map<String, String> headers) throws ExchangeException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        headers.forEach(b::header);
        return send(b.build(), attempts);
    }

    /** A POST's 2xx body, tried once. */
    public byte[] post(URI uri, Map<String, String> headers, byte[] body) throws ExchangeException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b.build(), 1);
    }

    private byte[] send(HttpRequest req, int tries) throws ExchangeException {
        String what = exchange + ": " + req.method() + " " + withoutQuery(req.uri());
        // The request's own timeout ends an exchange whose headers never come; the deadline below covers the body.
        req = HttpRequest.newBuilder(req, (k, v) -> true).timeout(deadline).build();
        ExchangeException last = null;
        for (int attempt = 1; attempt <= tries; attempt++) {
            long retryAfterMs = -1;
            java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> pending = null;
            try {
                pending = client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray());
                HttpResponse<byte[]> r = pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
                int code = r.statusCode();
                if (code >= 200 && code < 300) {
                    if (r.body().length > MAX_BODY) {
                        throw new ExchangeException(ExchangeException.Kind.MALFORMED, what + ": response over "
                                + MAX_BODY + " bytes");
                    }
                    return r.body();
                }
                if (code == 401 || code == 403) {
                    throw new ExchangeException(ExchangeException.Kind.CREDENTIALS, what + ": credentials refused ("
                            + code + ")");
                }
                last = new ExchangeException(ExchangeException.Kind.HTTP_STATUS, what + ": HTTP " + code);
                if (code != 429 && code < 500) {
                    throw last;
                }
                retryAfterMs = r.headers().firstValue("retry-after").map(ExchangeHttp::seconds).orElse(-1L);
            } catch (TimeoutException e) {
                pending.cancel(true);
                last = new ExchangeException(ExchangeException.Kind.NETWORK, what + ": no complete response within "
                        + deadline.toSeconds() + " s");
            } catch (ExecutionException e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                last = new ExchangeException(ExchangeException.Kind.NETWORK, what + ": " + describe(c), c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExchangeException(ExchangeException.Kind.NETWORK, what + ": interrupted", e);
            }
            if (attempt < tries) {
                sleep(retryAfterMs >= 0 ? Math.min(retryAfterMs, 60_000) : delay(attempt));
            }
        }
        throw last;
    }

    private long delay(int attempt) {
        long base = Math.min(60_000, backoff.toMillis() << (attempt - 1));
        return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private static void sleep(long ms) throws ExchangeException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeException(ExchangeException.Kind.NETWORK, "interrupted while backing off", e);
        }
    }

    /** {@code Retry-After} in seconds as milliseconds; an HTTP date or garbage counts as absent. */
    private static long seconds(String v) {
        try {
            return Math.max(0, Long.parseLong(v.strip())) * 1000;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String withoutQuery(URI u) {
        return u.getScheme() + "://" + u.getRawAuthority() + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return (m == null || m.isBlank() ? t.getClass().getSimpleName() : m).replaceAll("[?][^ ]*", "");
    }
}
