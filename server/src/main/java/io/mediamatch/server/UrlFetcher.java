package io.mediamatch.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches {@code url=} parameters safely: http and https only, hosts on the allow-list (when there is one),
 * private, loopback, link-local, multicast and metadata addresses refused unless allowed, every redirect checked
 * again, the body streamed to a file under the size cap, connect and total timeouts. A host's addresses are checked
 * when resolved; a DNS answer that changes between the check and the connection (rebinding) is not caught.
 * Thread-safe.
 */
final class UrlFetcher {
    static final int MAX_REDIRECTS = 5;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> allowedHosts;
    private final boolean allowPrivate;
    private final long maxBytes;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT).build();

    /** A fetched body in a file (the caller deletes it) and the response's Content-Type, if any. */
    record Fetched(Path file, Optional<String> contentType) {}

    UrlFetcher(List<String> allowedHosts, boolean allowPrivate, long maxBytes) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.allowPrivate = allowPrivate;
        this.maxBytes = maxBytes;
    }

    /**
     * Fetches {@code url} into a new file in {@code dir}.
     * @throws ApiError 400 for a refused or failed URL, 413 for a body over the cap
     */
    Fetched fetch(String url, Path dir) throws IOException {
        URI uri = check(url);
        for (int hop = 0; ; hop++) {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(TOTAL_TIMEOUT).GET().build();
            HttpResponse<InputStream> resp;
            try {
                resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw ApiError.badRequest("Failed to fetch URL: " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError(503, "interrupted while fetching the URL");
            }
            int code = resp.statusCode();
            if (code >= 300 && code < 400 && resp.headers().firstValue("location").isPresent()) {
                resp.body().close();
                if (hop >= MAX_REDIRECTS) {
                    throw ApiError.badRequest("Failed to fetch URL: more than " + MAX_REDIRECTS + " redirects");
                }
                String location = resp.headers().firstValue("location").get();
                try {
                    uri = check(uri.resolve(location).toString());
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("Invalid or unsafe URL provided");
                }
                continue;
            }
            try (InputStream in = resp.body()) {
                if (code < 200 || code >= 300) {
                    throw ApiError.badRequest("Failed to fetch URL: " + code + " response from " + uri.getHost());
                }
                long declared = resp.headers().firstValueAsLong("content-length").orElse(-1);
                if (declared > maxBytes) {
                    throw new ApiError(413, "Content too large");
                }
                Path file = Files.createTempFile(dir, "fetch-", ".bin");
                try (OutputStream out = Files.newOutputStream(file)) {
                    copyCapped(in, out);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(file);
                    if (e instanceof ApiError) {
                        throw e;
                    }
                    throw ApiError.badRequest("Failed to fetch URL: " + describe(e));
                }
                return new Fetched(file, resp.headers().firstValue("content-type"));
            }
        }
    }

    private void copyCapped(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new ApiError(413, "Content too large");
            }
            out.write(buf, 0, n);
        }
    }

    /** The URL if it may be fetched. @throws ApiError 400 "Invalid or unsafe URL provided" otherwise */
    URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiError.badRequest("Invalid or unsafe URL provided");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!(scheme.equals("http") || scheme.equals("https")) || host == null || host.isEmpty()
                || uri.getRawUserInfo() != null) {
            throw ApiError.badRequest("Invalid or unsafe URL provided");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!allowedHosts.isEmpty() && !hostAllowed(h)) {
            throw ApiError.badRequest("Invalid or unsafe URL provided");
        }
        if (!allowPrivate) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(h);
            } catch (UnknownHostException e) {
                throw ApiError.badRequest("Failed to fetch URL: unknown host " + host);
            }
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    throw ApiError.badRequest("Invalid or unsafe URL provided");
                }
            }
        }
        return uri;
    }

    private boolean hostAllowed(String host) {
        for (String a : allowedHosts) {
            if (host.equals(a) || host.endsWith("." + a)) {
                return true;
            }
        }
        return false;
    }

    /** False for loopback, private, link-local (cloud metadata), shared (CGNAT), multicast and unspecified. */
    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xFF;
            int b1 = b[1] & 0xFF;
            return !(b0 == 0 || (b0 == 100 && b1 >= 64 && b1 < 128) || (b0 == 192 && b1 == 0 && (b[2] & 0xFF) == 0)
                    || (b0 == 198 && (b1 == 18 || b1 == 19)) || b0 >= 240);
        }
        if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xFF;
            if ((b0 & 0xFE) == 0xFC) {
                return false; // unique local fc00::/7
            }
            boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
