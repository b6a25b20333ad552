package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.mediamatch.fixtures.Fixtures;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing the server lets the request in flight finish and keeps what was written. */
class ShutdownTest {
    @Test
    void closeWaitsForTheRequestInFlight() throws Exception {
        byte[] jpeg = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg"));
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newCachedThreadPool();
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.setExecutor(pool);
        slow.createContext("/", x -> {
            arrived.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.getResponseHeaders().set("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, jpeg.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(jpeg);
            }
        });
        slow.start();
        Path db;
        try {
            ServerHarness h = ServerHarness.start("shutdown", o -> o.withSignalTypes("pdq,video_md5"));
            db = h.db;
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"B\"}").status());
            String url = "/c/bank/B/content?url=" + URLEncoder.encode("http://127.0.0.1:" + slow.getAddress().getPort()
                    + "/a.jpg", StandardCharsets.UTF_8);
            CompletableFuture<ServerHarness.Reply> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return h.postJson(url, "{}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
            assertTrue(arrived.await(5, TimeUnit.SECONDS));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(h::close, pool);
            Thread.sleep(300);
            assertTrue(!closing.isDone(), "close waits for the request in flight");
            release.countDown();
            assertEquals("{\"id\":1,\"signals\":{\"pdq\":\"" + HashingRoutesTest.PHOTO_PDQ + "\"}}\n",
                    inFlight.get(10, TimeUnit.SECONDS).body());
            closing.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            slow.stop(0);
            pool.shutdownNow();
        }
        try (ServerHarness again = ServerHarness.over(db, o -> o.withSignalTypes("pdq,video_md5"))) {
            assertEquals("{\"B\":[{\"bank_content_id\":1,\"distance\":\"0\"}]}\n",
                    again.get("/m/lookup?signal_type=pdq&signal=" + HashingRoutesTest.PHOTO_PDQ).body());
        }
    }
}
