package io.mediamatch.exchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A replay server for exchange client tests: real HTTP on 127.0.0.1 (an ephemeral port), each request answered by
 * the test's {@link Handler} and recorded. A reply can also be cut short (a truncated page) or never finish.
 */
final class PagedReplayServer implements AutoCloseable {
    /** A recorded request. */
    record Request(String method, String path, Map<String, String> query, Map<String, String> headers,
                   String body) {}

    /** A reply: status, body, extra headers; {@code cutAt >= 0} sends only that many bytes then closes. */
    record Reply(int status, byte[] body, Map<String, String> headers, int cutAt, boolean hang) {
        static Reply json(String body) {
            return new Reply(200, body.getBytes(StandardCharsets.UTF_8), Map.of(), -1, false);
        }

        static Reply status(int status, Map<String, String> headers) {
            return new Reply(status, "{\"error\":\"nope\"}".getBytes(StandardCharsets.UTF_8), headers, -1, false);
        }

        /** A complete HTTP reply whose JSON is cut after {@code bytes} bytes. */
        static Reply truncated(String body, int bytes) {
            return new Reply(200, java.util.Arrays.copyOf(body.getBytes(StandardCharsets.UTF_8), bytes), Map.of(), -1,
                    false);
        }

        /** The first {@code bytes} bytes of {@code body}, announced at full length, then the connection closes. */
        static Reply cut(String body, int bytes) {
            return new Reply(200, body.getBytes(StandardCharsets.UTF_8), Map.of(), bytes, false);
        }

        /** Headers and part of the body, then nothing more until the server closes. */
        static Reply hanging(String body) {
            return new Reply(200, body.getBytes(StandardCharsets.UTF_8), Map.of(), body.length() / 2, true);
        }
    }

    interface Handler {
        Reply handle(Request request) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Handler handler;

    PagedReplayServer(Handler handler) throws IOException {
        this.handler = handler;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.setExecutor(pool);
        server.start();
    }

    /** The base URL, ending in {@code /}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    void handler(Handler h) {
        this.handler = h;
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    query(ex.getRequestURI().getRawQuery()), headers, body);
            requests.add(req);
            Reply r;
            try {
                r = handler.handle(req);
            } catch (RuntimeException | IOException e) {
                r = new Reply(500, e.toString().getBytes(StandardCharsets.UTF_8), Map.of(), -1, false);
            }
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status(), r.body().length);
            OutputStream out = ex.getResponseBody();
            if (r.cutAt() < 0) {
                out.write(r.body());
                return;
            }
            out.write(r.body(), 0, r.cutAt());
            out.flush();
            if (r.hang()) {
                try {
                    closing.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // closing with bytes missing: the client sees a body shorter than its Content-Length
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
