package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.mediamatch.fixtures.Fixtures;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Backpressure (a full work queue answers 503 with Retry-After), the per-request deadline, the JSON body cap. */
class LimitsTest {
    @Test
    void aFullWorkQueueAnswers503WithRetryAfter() throws Exception {
        byte[] jpeg = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg"));
        HeldImageServer slow = new HeldImageServer(jpeg);
        ExecutorService pool = slow.pool();
        String url = "/h/hash?url=" + URLEncoder.encode(slow.url("/a.jpg"), StandardCharsets.UTF_8);
        // one worker, one waiting place
        try (ServerHarness h = ServerHarness.start("limits-queue", o -> o.withSignalTypes("pdq,video_md5")
                .withWork(1, 1, Duration.ofSeconds(20)))) {
            CompletableFuture<ServerHarness.Reply> first = CompletableFuture.supplyAsync(() -> get(h, url), pool);
            assertTrue(slow.awaitArrivals(1, Duration.ofSeconds(5)));
            CompletableFuture<ServerHarness.Reply> second = CompletableFuture.supplyAsync(() -> get(h, url), pool);
            Thread.sleep(300);
            ServerHarness.Reply third = h.get(url);
            assertEquals(503, third.status(), third.body());
            assertEquals("1", third.raw().headers().firstValue("retry-after").orElse(""));
            assertTrue(third.json().get("message").asText().startsWith("the service is busy"), third.body());
            // lookups by hash do not wait for the hashing workers
            assertEquals("{}\n", h.get("/m/lookup?signal_type=pdq&signal=" + ServerHarness.randomHash(1)).body());
            slow.release();
            String ok = "{\"pdq\":\"" + HashingRoutesTest.PHOTO_PDQ + "\"}\n";
            assertEquals(ok, first.get(10, TimeUnit.SECONDS).body());
            assertEquals(ok, second.get(10, TimeUnit.SECONDS).body());
            assertEquals(ok, h.get(url).body());
        } finally {
            slow.close();
        }
    }

    @Test
    void anAdmittedRequestIsNotRefusedHalfway() throws Exception {
        byte[] jpeg = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg"));
        java.util.Set<String> fetched = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newCachedThreadPool();
        HttpServer images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        images.setExecutor(pool);
        images.createContext("/", x -> {
            fetched.add(x.getRequestURI().getPath());
            x.getResponseHeaders().set("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, jpeg.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(jpeg);
            }
        });
        images.start();
        String base = "http://127.0.0.1:" + images.getAddress().getPort();
        java.util.Map<String, Integer> status = new java.util.concurrent.ConcurrentHashMap<>();
        // one worker, one waiting place, eight clients: a fetch that got a place must also get its hashing done
        try (ServerHarness h = ServerHarness.start("limits-halfway", o -> o.withSignalTypes("pdq,video_md5")
                .withWork(1, 1, Duration.ofSeconds(20)))) {
            java.util.List<CompletableFuture<Void>> clients = new java.util.ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                clients.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 6; i++) {
                        String path = "/img-" + client + "-" + i + ".jpg";
                        status.put(path, get(h, "/h/hash?url=" + URLEncoder.encode(base + path,
                                StandardCharsets.UTF_8)).status());
                    }
                }, pool));
            }
            CompletableFuture.allOf(clients.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        } finally {
            images.stop(0);
            pool.shutdownNow();
        }
        assertEquals(48, status.size());
        for (String path : fetched) {
            assertEquals(200, status.get(path), path + " was fetched, then refused");
        }
        for (java.util.Map.Entry<String, Integer> e : status.entrySet()) {
            assertTrue(e.getValue() == 200 || e.getValue() == 503, e.toString());
        }
    }

    @Test
    void workPastTheDeadlineAnswers503() throws Exception {
        HeldImageServer slow = new HeldImageServer(null);
        try (ServerHarness h = ServerHarness.start("limits-deadline", o -> o.withSignalTypes("pdq,video_md5")
                .withWork(1, 4, Duration.ofMillis(500)))) {
            long t0 = System.nanoTime();
            ServerHarness.Reply r = h.get("/h/hash?url=" + URLEncoder.encode(slow.url("/a.jpg"),
                    StandardCharsets.UTF_8));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(503, r.status(), r.body());
            assertEquals("5", r.raw().headers().firstValue("retry-after").orElse(""));
            assertTrue(r.json().get("message").asText().startsWith("hashing took longer than the deadline"), r.body());
            assertTrue(ms < 3000, ms + " ms");
        } finally {
            slow.close();
        }
    }

    @Test
    void aJsonBodyOverItsCapIs413() throws Exception {
        try (ServerHarness h = ServerHarness.start("limits-json", o -> o.withSignalTypes("pdq,video_md5"))) {
            // Declared over the cap: refused from the header, before any of the body is read. A raw socket sends
            // only the head of the body and reads the reply (an HTTP client still writing 16 MB would race the
            // server's close and see a broken pipe instead of the reply).
            URI u = URI.create(h.url("/m/compare"));
            try (Socket s = new Socket(u.getHost(), u.getPort())) {
                s.setSoTimeout(30_000);
                String head = "POST /m/compare HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + (MatchServer.MAX_JSON_BYTES + 12)
                        + "\r\n\r\n{\"pdq\": [\"aaaa";
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(reply.startsWith("HTTP/1.1 413 "), reply);
                assertTrue(reply.endsWith("\r\n\r\n{\"message\":\"The data value transmitted exceeds the capacity"
                        + " limit.\"}\n"), reply);
            }
            assertEquals(200, h.get("/status").status());
        }
    }

    private static ServerHarness.Reply get(ServerHarness h, String path) {
        try {
            return h.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
