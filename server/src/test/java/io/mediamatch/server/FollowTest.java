package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Changes another process makes to the store file (here a second {@link SignalStore} on it, as {@code db import}
 * would) are served within a few seconds through the change feed; imported signals are content items.
 */
class FollowTest {
    @Test
    void signalsImportedByAnotherWriterAreServedAndTheirDeletesToo() throws Exception {
        String hex = ServerHarness.randomHash(42);
        try (ServerHarness h = ServerHarness.start("follow", o -> o.withSignalTypes("pdq,video_md5")
                .withTiming(Duration.ofSeconds(65), Duration.ofMillis(200), Duration.ofMillis(1)))) {
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"API\"}").status());
            assertEquals(200, h.postJson("/c/bank/API/signal", "{\"pdq\": \"" + ServerHarness.randomHash(1) + "\"}")
                    .status());
            long id;
            try (SignalStore other = SignalStore.open(h.db)) {
                other.importSignals(List.of(new Signal(0, "IMPORTED", SignalType.PDQ, hex, null, "test", "x-1", null,
                        null, SignalStatus.ACTIVE)), null);
                id = other.find(SignalType.PDQ, hex).get(0).id();
                assertEquals(2, id);
                String found = "{\"IMPORTED\":[{\"bank_content_id\":" + id + ",\"distance\":\"0\"}]}\n";
                assertEquals(found, poll(h, "/m/lookup?signal_type=pdq&signal=" + hex, found));
                assertEquals("[{\"matching_enabled_ratio\":1.0,\"name\":\"API\"},{\"matching_enabled_ratio\":1.0,"
                        + "\"name\":\"IMPORTED\"}]\n", h.get("/c/banks").body());
                assertEquals("{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"IMPORTED\"},\"disable_until_ts\":1,"
                        + "\"id\":" + id + ",\"original_media_uri\":null,\"signals\":{\"pdq\":\"" + hex + "\"}}\n",
                        h.get("/c/bank/IMPORTED/content/" + id + "?include_signals=true").body());
                assertTrue(h.get("/m/index/status").body().contains("\"size\":2"), h.get("/m/index/status").body());

                assertTrue(other.delete(id));
                assertEquals("{}\n", poll(h, "/m/lookup?signal_type=pdq&signal=" + hex, "{}\n"));
            }
            // an imported item can be deleted through the API as any other
            try (SignalStore other = SignalStore.open(h.db)) {
                other.importSignals(List.of(new Signal(0, "IMPORTED", SignalType.PDQ, ServerHarness.randomHash(43),
                        null, "test", "x-2", null, null, SignalStatus.ACTIVE)), null);
                id = other.find(SignalType.PDQ, ServerHarness.randomHash(43)).get(0).id();
            }
            String found = "{\"matches\":[" + id + "]}\n";
            assertEquals(found, poll(h, "/m/raw_lookup?signal_type=pdq&signal=" + ServerHarness.randomHash(43), found));
            assertEquals("{\"deleted\":1}\n", h.delete("/c/bank/IMPORTED/content/" + id).body());
            assertEquals("{\"matches\":[]}\n",
                    h.get("/m/raw_lookup?signal_type=pdq&signal=" + ServerHarness.randomHash(43)).body());
        }
    }

    /** GETs {@code path} until it answers {@code expected} or 5 s pass; returns the last answer. */
    private static String poll(ServerHarness h, String path, String expected) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String body;
        do {
            body = h.get(path).body();
            if (body.equals(expected)) {
                return body;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < until);
        return body;
    }
}
