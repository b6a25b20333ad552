package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing the server lets the request in flight finish and keeps what was written. */
class ShutdownTest {
    @Test
    void closeWaitsForTheRequestInFlight() throws Exception {
        byte[] jpeg = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg"));
        HeldImageServer slow = new HeldImageServer(jpeg);
        ExecutorService pool = slow.pool();
        Path db;
        try {
            ServerHarness h = ServerHarness.start("shutdown", o -> o.withSignalTypes("pdq,video_md5"));
            db = h.db;
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"B\"}").status());
            String url = "/c/bank/B/content?url=" + URLEncoder.encode(slow.url("/a.jpg"), StandardCharsets.UTF_8);
            CompletableFuture<ServerHarness.Reply> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return h.postJson(url, "{}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
            assertTrue(slow.awaitArrivals(1, java.time.Duration.ofSeconds(5)));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(h::close, pool);
            Thread.sleep(300);
            assertTrue(!closing.isDone(), "close waits for the request in flight");
            slow.release();
            assertEquals("{\"id\":1,\"signals\":{\"pdq\":\"" + HashingRoutesTest.PHOTO_PDQ + "\"}}\n",
                    inFlight.get(10, TimeUnit.SECONDS).body());
            closing.get(10, TimeUnit.SECONDS);
        } finally {
            slow.close();
        }
        try (ServerHarness again = ServerHarness.over(db, o -> o.withSignalTypes("pdq,video_md5"))) {
            assertEquals("{\"B\":[{\"bank_content_id\":1,\"distance\":\"0\"}]}\n",
                    again.get("/m/lookup?signal_type=pdq&signal=" + HashingRoutesTest.PHOTO_PDQ).body());
        }
    }
}
