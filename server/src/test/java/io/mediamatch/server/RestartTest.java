package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server restarts on the same store file and serves the same banks, content, ids and matches. */
class RestartTest {
    private static final String PHOTO = "pdq/images/bridge-mods/aaa-orig.jpg";

    @Test
    void theSameContentAndIdsAreServedAfterARestart() throws Exception {
        List<String> paths = new ArrayList<>();
        List<String> before = new ArrayList<>();
        Path db;
        String h1 = ServerHarness.randomHash(1);
        String h2 = ServerHarness.randomHash(2);
        String h3 = ServerHarness.randomHash(3);
        try (ServerHarness h = ServerHarness.start("restart", o -> o.withSignalTypes("pdq,video_md5"))) {
            db = h.db;
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"A\"}").status());
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"HALF\", \"enabled_ratio\": 0.5}").status());
            assertEquals(200, h.postJson("/c/bank/A/signal", "{\"pdq\": \"" + h1 + "\", \"note\": \"one\"}").status());
            assertEquals(200, h.postJson("/c/bank/HALF/signal", "{\"pdq\": \"" + h2 + "\"}").status());
            assertEquals(200, h.upload("/c/bank/A/content", "photo", Fixtures.reference(PHOTO), "metadata",
                    "{\"content_id\": \"p\", \"json\": {\"n\": 1}}").status());
            assertEquals(200, h.postJson("/c/bank/A/signal", "{\"pdq\": \"" + h3 + "\"}").status());
            assertEquals(200, h.postJson("/c/bank/A/signal",
                    "{\"video_md5\": \"0123456789abcdef0123456789abcdef\"}").status());
            assertEquals(200, h.putJson("/c/bank/A/content/4", "{\"disable_until_ts\": 0}").status());
            assertEquals("{\"deleted\":1}\n", h.delete("/c/bank/A/content/1").body());
            paths.add("/c/banks");
            for (int id = 1; id <= 6; id++) {
                paths.add("/c/bank/A/content/" + id + "?include_signals=true");
            }
            for (String hex : new String[] {h1, h2, h3, HashingRoutesTest.PHOTO_PDQ}) {
                paths.add("/m/raw_lookup?signal_type=pdq&include_distance=true&signal=" + hex);
                paths.add("/m/lookup?signal_type=pdq&seed=restart&signal=" + hex);
            }
            paths.add("/m/lookup?signal_type=video_md5&signal=0123456789abcdef0123456789abcdef");
            paths.add("/m/index/status");
            for (String p : paths) {
                before.add(h.get(p).status() + " " + h.get(p).body());
            }
        }
        // the expected answers before the restart, so the comparison below cannot pass vacuously
        assertEquals("[{\"matching_enabled_ratio\":1.0,\"name\":\"A\"},{\"matching_enabled_ratio\":0.5,\"name\":"
                + "\"HALF\"}]\n", before.get(0).substring(4));
        assertEquals("404 {\"message\":\"content '1' not found\"}\n", before.get(1));
        assertEquals("200 {\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"A\"},\"disable_until_ts\":1,\"id\":3,"
                + "\"metadata\":{\"collab\":null,\"content_id\":\"p\",\"content_uri\":null,\"json\":{\"n\":1}},"
                + "\"original_media_uri\":null,\"signals\":{\"pdq\":\"" + HashingRoutesTest.PHOTO_PDQ + "\"}}\n",
                before.get(3));
        assertEquals("200 {\"A\":[{\"bank_content_id\":3,\"distance\":\"0\"}]}\n", before.get(14));

        try (ServerHarness h = ServerHarness.over(db, o -> o.withSignalTypes("pdq,video_md5"))) {
            for (int i = 0; i < paths.size(); i++) {
                String p = paths.get(i);
                assertEquals(before.get(i), h.get(p).status() + " " + h.get(p).body(), p);
            }
            // ids go on after the highest one ever given
            assertEquals("{\"id\":6,\"signals\":{\"pdq\":\"" + ServerHarness.randomHash(9) + "\"}}\n",
                    h.postJson("/c/bank/A/signal", "{\"pdq\": \"" + ServerHarness.randomHash(9) + "\"}").body());
        }
    }
}
