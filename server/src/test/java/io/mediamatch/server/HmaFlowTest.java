package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.pdq.Hash256;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** HMA's own end-to-end flow over real HTTP: bank, 16 hashes, lookups, index status, delete, lookups again. */
class HmaFlowTest {
    @Test
    void createAddLookUpDeleteLookUpAgain() throws Exception {
        try (ServerHarness h = ServerHarness.start("hma-flow", o -> o.withSignalTypes("pdq,video_md5"))) {
            assertEquals(200, h.postJson("/dev/factory_reset", "").status());
            ServerHarness.Reply created = h.postJson("/c/banks", "{\"name\": \"TEST_BANK\"}");
            assertEquals(201, created.status(), created.body());
            assertEquals("{\"matching_enabled_ratio\":1.0,\"name\":\"TEST_BANK\"}\n", created.body());
            assertEquals(403, h.postJson("/c/banks", "{\"name\": \"TEST_BANK\"}").status());

            SplittableRandom random = new SplittableRandom(16);
            List<String> hashes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String hex = Hash256.of(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong())
                        .toHex();
                hashes.add(hex);
                ServerHarness.Reply added = h.postJson("/c/bank/TEST_BANK/signal", "{\"pdq\": \"" + hex + "\"}");
                assertEquals(200, added.status(), added.body());
                assertEquals("{\"id\":" + (i + 1) + ",\"signals\":{\"pdq\":\"" + hex + "\"}}\n", added.body());
            }
            for (int i = 0; i < 16; i++) {
                ServerHarness.Reply found = h.get("/m/lookup?signal_type=pdq&signal=" + hashes.get(i));
                assertEquals("{\"TEST_BANK\":[{\"bank_content_id\":" + (i + 1) + ",\"distance\":\"0\"}]}\n",
                        found.body());
            }
            ServerHarness.Reply status = h.get("/m/index/status");
            assertEquals(16, status.json().get("pdq").get("size").asInt(), status.body());
            assertTrue(status.json().get("pdq").get("present").asBoolean());
            assertEquals(-1, status.json().get("video_md5").get("built_to").asInt());

            for (int i = 0; i < 16; i++) {
                assertEquals("{\"deleted\":1}\n", h.delete("/c/bank/TEST_BANK/content/" + (i + 1)).body());
            }
            for (String hex : hashes) {
                assertEquals("{}\n", h.get("/m/lookup?signal_type=pdq&signal=" + hex).body());
            }
            assertEquals(0, h.get("/m/index/status").json().get("pdq").get("size").asInt());
        }
    }

    @Test
    void anUploadedPhotoIsHashedAddedAndFound() throws Exception {
        Path photo = Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg");
        String expected = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
        try (ServerHarness h = ServerHarness.start("hma-upload")) {
            ServerHarness.Reply hashed = h.upload("/h/hash", "photo", photo);
            assertEquals(200, hashed.status(), hashed.body());
            assertEquals(expected, hashed.json().get("pdq").asText());
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"PHOTOS\"}").status());
            ServerHarness.Reply added = h.upload("/c/bank/PHOTOS/content", "photo", photo, "note", "bridge");
            assertEquals(200, added.status(), added.body());
            long id = added.json().get("id").asLong();
            ServerHarness.Reply found = h.upload("/m/lookup", "photo",
                    Fixtures.reference("pdq/images/bridge-mods/blur-a-little.jpg"));
            assertEquals(200, found.status(), found.body());
            assertEquals(id, found.json().get("pdq").get("PHOTOS").get(0).get("bank_content_id").asLong(),
                    found.body());
            ServerHarness.Reply content = h.get("/c/bank/PHOTOS/content/" + id + "?include_signals=true");
            assertEquals("bridge", content.json().get("note").asText(), content.body());
            assertEquals(expected, content.json().get("signals").get("pdq").asText());
        }
    }
}
