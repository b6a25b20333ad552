package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Videos through the API (every video type at once), and changes made by another process picked up live. */
class VideoAndFollowTest {
    private static final Path VIDEOS = Fixtures.reference("video/videos");

    @Test
    void aVideoIsBankedUnderEveryVideoTypeAndMatchedByEachOfThem() throws Exception {
        try (ServerHarness h = ServerHarness.start("video")) {
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"VIDEOS\"}").status());
            ServerHarness.Reply added = h.upload("/c/bank/VIDEOS/content", "video",
                    VIDEOS.resolve("chair-19-sd-bar.mp4"));
            assertEquals(200, added.status(), added.body());
            JsonNode signals = added.json().get("signals");
            assertEquals(List.of("sha256", "video_md5", "video_tmk_pdqf", "vpdq"), names(signals));
            assertTrue(signals.get("vpdq").asText().startsWith("[\""), signals.get("vpdq").asText());
            long id = added.json().get("id").asLong();

            // The same file matches by every type; another cut of the clip (chair-20) by TMK+PDQF (sampled once a
            // second, the two cuts share only 10-16% of their vPDQ frames, as the reference's hashes say too).
            JsonNode same = h.upload("/m/lookup", "video", VIDEOS.resolve("chair-19-sd-bar.mp4")).json();
            assertEquals("-", same.get("video_md5").get("VIDEOS").get(0).get("distance").asText());
            assertEquals("100%[100%]", same.get("vpdq").get("VIDEOS").get(0).get("distance").asText());
            assertEquals(id, same.get("video_tmk_pdqf").get("VIDEOS").get(0).get("bank_content_id").asLong());
            JsonNode other = h.upload("/m/lookup", "video", VIDEOS.resolve("chair-20-sd-bar.mp4")).json();
            assertEquals("{}", other.get("video_md5").toString());
            assertEquals("{}", other.get("vpdq").toString());
            assertEquals(id, other.get("video_tmk_pdqf").get("VIDEOS").get(0).get("bank_content_id").asLong());
            JsonNode unrelated = h.upload("/m/lookup", "video", VIDEOS.resolve("doorknob-hd-no-bar.mp4")).json();
            assertEquals("{}", unrelated.get("vpdq").toString());

            // The vPDQ signal as served looks up by hash too.
            ServerHarness.Reply byHash = h.get("/m/lookup?signal_type=vpdq&signal="
                    + java.net.URLEncoder.encode(signals.get("vpdq").asText(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("{\"VIDEOS\":[{\"bank_content_id\":" + id + ",\"distance\":\"100%[100%]\"}]}\n",
                    byHash.body());
        }
    }

    private static List<String> names(JsonNode obj) {
        List<String> out = new java.util.ArrayList<>();
        obj.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void signalsImportedByAnotherProcessAreMatchedWithinSecondsAndVisibleAsContent() throws Exception {
        String hex = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
        try (ServerHarness h = ServerHarness.start("follow", o -> o.withTiming(Duration.ofSeconds(65),
                Duration.ofMillis(200), Duration.ofMillis(1)))) {
            assertEquals("{}\n", h.get("/m/lookup?signal_type=pdq&signal=" + hex).body());
            // Another writer on the same file, as `mediamatch db import` is.
            try (SignalStore other = SignalStore.open(h.db)) {
                other.importSignals(List.of(new Signal(0, "IMPORTED", SignalType.PDQ, hex, null, "test", null,
                        null, null, SignalStatus.ACTIVE)), null);
            }
            String body = "{}\n";
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (body.equals("{}\n") && System.nanoTime() < until) {
                Thread.sleep(50);
                body = h.get("/m/lookup?signal_type=pdq&signal=" + hex).body();
            }
            assertTrue(body.startsWith("{\"IMPORTED\":[{\"bank_content_id\":"), body);
            long id = Json.parse(body).get("IMPORTED").get(0).get("bank_content_id").asLong();
            JsonNode content = h.get("/c/bank/IMPORTED/content/" + id + "?include_signals=true").json();
            assertEquals(hex, content.get("signals").get("pdq").asText());
            assertEquals(1, content.get("disable_until_ts").asLong());
            assertTrue(h.get("/c/banks").body().contains("\"name\":\"IMPORTED\""));
        }
    }
}
