package io.mediamatch.exchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A replay server for exchange client tests: an HTTP server on 127.0.0.1 (a free port) answering each request with
 * what {@code route} says, recording every request. Replies can be pages, statuses with headers, or a page that
 * never finishes (part of the body, then silence until the server closes).
 */
final class LoopbackReplay implements AutoCloseable {
    /** A request as received: path, raw query (or ""), and the Authorization header (or ""). */
    record Request(String path, String query, String authorization) {
        /** The value of query parameter {@code name} (still URL-encoded), or null. */
        String param(String name) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equals(name)) {
                    return kv.substring(eq + 1);
                }
            }
            return null;
        }
    }

    /** A reply: status, headers, body; {@code hang} sends only the body's first half and then waits. */
    record Reply(int status, Map<String, String> headers, byte[] body, boolean hang) {
        static Reply page(String contentType, String body) {
            return new Reply(200, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8), false);
        }

        static Reply status(int code, Map<String, String> headers) {
            return new Reply(code, headers, new byte[0], false);
        }

        static Reply neverFinishing(String contentType, String body) {
            return new Reply(200, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8), true);
        }
    }

    private static final Duration HANG_LIMIT = Duration.ofSeconds(8);

    static {
        // headers and body go out as two writes: without TCP_NODELAY each reply waits out a delayed ACK (~40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-replay");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    LoopbackReplay(Function<Request, Reply> route) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", ex -> answer(ex, route));
        server.start();
    }

    private void answer(HttpExchange ex, Function<Request, Reply> route) throws IOException {
        try (ex) {
            Request req = new Request(ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Authorization") == null ? ""
                            : ex.getRequestHeaders().getFirst("Authorization"));
            requests.add(req);
            Reply reply = route.apply(req);
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (reply.body().length == 0) {
                ex.sendResponseHeaders(reply.status(), -1);
                return;
            }
            ex.sendResponseHeaders(reply.status(), reply.body().length);
            OutputStream out = ex.getResponseBody();
            if (reply.hang()) {
                out.write(reply.body(), 0, reply.body().length / 2);
                out.flush();
                try {
                    Thread.sleep(HANG_LIMIT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            out.write(reply.body());
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far, in order. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
