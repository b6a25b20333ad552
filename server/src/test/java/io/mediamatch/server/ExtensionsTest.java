package io.mediamatch.server;

import static io.mediamatch.server.ServerHarness.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** mediamatch's extensions: the batch lookup, dihedral PDQ lookups of uploads, the extra hash types. */
class ExtensionsTest {
    private static ServerHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ServerHarness.start("extensions");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void reset() throws Exception {
        assertEquals(200, h.postJson("/dev/factory_reset", "").status());
    }


    @Test
    void aBatchLookupAnswersInInputOrder() throws Exception {
        String a = ServerHarness.randomHash(1);
        String b = ServerHarness.randomHash(2);
        assertEquals(201, h.postJson("/c/banks", "{\"name\": \"A\"}").status());
        assertEquals(201, h.postJson("/c/banks", "{\"name\": \"OFF\", \"enabled_ratio\": 0}").status());
        h.postJson("/c/bank/A/signal", "{\"pdq\": \"" + a + "\"}");
        h.postJson("/c/bank/OFF/signal", "{\"pdq\": \"" + b + "\"}");
        String body = "{\"signal_type\": \"pdq\", \"signals\": [\"" + ServerHarness.flipBits(b, 2) + "\", \""
                + ServerHarness.randomHash(3) + "\", \"" + ServerHarness.flipBits(a, 7) + "\"]";
        expect(200, "{\"results\":[{},{},{\"A\":[{\"bank_content_id\":1,\"distance\":\"7\"}]}]}",
                h.postJson("/m/lookup_batch", body + "}"));
        expect(200, "{\"results\":[{\"OFF\":[{\"bank_content_id\":2,\"distance\":\"2\"}]},{},{}]}",
                h.postJson("/m/lookup_batch", body + ", \"bypass_coinflip\": true, \"banks\": \"OFF\"}"));
        expect(200, "{\"results\":[]}", h.postJson("/m/lookup_batch", "{\"signal_type\": \"pdq\", \"signals\": []}"));
        expect(400, "{\"message\":\"signal 1: invalid signal: invalid PDQ hash\"}", h.postJson("/m/lookup_batch",
                "{\"signal_type\": \"pdq\", \"signals\": [\"" + a + "\", \"nope\"]}"));
        expect(400, "{\"message\":\"signal_type is required\"}", h.postJson("/m/lookup_batch", "{\"signals\": []}"));
        expect(400, "{\"message\":\"signals must be a list of hashes\"}",
                h.postJson("/m/lookup_batch", "{\"signal_type\": \"pdq\", \"signals\": \"" + a + "\"}"));
        expect(400, "{\"message\":\"No such SignalType 'x'\"}",
                h.postJson("/m/lookup_batch", "{\"signal_type\": \"x\", \"signals\": []}"));
        StringBuilder many = new StringBuilder("{\"signal_type\": \"pdq\", \"signals\": [");
        for (int i = 0; i <= MatchingRoutes.MAX_BATCH; i++) {
            many.append(i == 0 ? "" : ",").append('"').append(a).append('"');
        }
        ServerHarness.Reply tooMany = h.postJson("/m/lookup_batch", many + "]}");
        assertEquals(413, tooMany.status(), tooMany.body());
    }

    @Test
    void anAnimatedPhotoMatchesTheVideoItWasCutFromWithFrames() throws Exception {
        String signal = io.mediamatch.video.VpdqHash.read(
                Fixtures.reference("video/vpdq/every-frame/chair-20-sd-bar.txt")).toSignalJson();
        assertEquals(201, h.postJson("/c/banks", "{\"name\": \"VIDEOS\"}").status());
        ServerHarness.Reply banked = h.postJson("/c/bank/VIDEOS/signal",
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of("vpdq", signal)));
        assertEquals(200, banked.status(), banked.body());
        Path gif = Fixtures.dataDir().resolve("animated/chair-20-cut.gif");
        ServerHarness.Reply plain = h.upload("/m/lookup", "photo", gif);
        assertEquals(200, plain.status(), plain.body());
        assertTrue(!plain.json().has("vpdq") && plain.json().has("pdq"), plain.body());
        ServerHarness.Reply r = h.upload("/m/lookup?frames=true", "photo", gif);
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().get("vpdq").get("VIDEOS").size(), r.body());
        assertEquals(banked.json().get("id").asLong(),
                r.json().get("vpdq").get("VIDEOS").get(0).get("bank_content_id").asLong(), r.body());
        ServerHarness.Reply hashed = h.upload("/h/hash?frames=true", "photo", gif);
        assertEquals(18, io.mediamatch.video.VpdqHash.parseSignal(hashed.json().get("vpdq").asText()).frames().size(),
                hashed.body());
        // a still photo has no frames to add; a damaged animation is a 400 naming the cause
        ServerHarness.Reply still = h.upload("/h/hash?frames=true", "photo",
                Fixtures.reference("pdq/images/pen-and-coaster.png"));
        assertTrue(still.json().has("pdq") && !still.json().has("vpdq"), still.body());
        byte[] data = java.nio.file.Files.readAllBytes(gif);
        Path cut = java.nio.file.Files.write(Fixtures.scratchDir("server-frames").resolve("cut.gif"),
                java.util.Arrays.copyOf(data, data.length / 2));
        ServerHarness.Reply bad = h.upload("/m/lookup?frames=true", "photo", cut);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().get("message").asText().contains("ends"), bad.body());
    }

    @Test
    void aRotatedUploadMatchesOnlyWithDihedral() throws Exception {
        Path original = Fixtures.reference("pdq/images/dih/bridge-1-original.jpg");
        Path rotated = Fixtures.reference("pdq/images/dih/bridge-2-rotate-90.jpg");
        assertEquals(201, h.postJson("/c/banks", "{\"name\": \"A\"}").status());
        ServerHarness.Reply added = h.upload("/c/bank/A/content?types=pdq", "photo", original);
        assertEquals(200, added.status(), added.body());
        long id = added.json().get("id").asLong();
        expect(200, "{\"pdq\":{}}", h.upload("/m/lookup?types=pdq", "photo", rotated));
        ServerHarness.Reply r = h.upload("/m/lookup?types=pdq&dihedral=true", "photo", rotated);
        assertEquals(200, r.status(), r.body());
        assertEquals(id, r.json().get("pdq").get("A").get(0).get("bank_content_id").asLong(), r.body());
        ServerHarness.Reply bad = h.upload("/m/lookup?preprocess=bogus", "photo", rotated);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().get("message").asText().contains("bogus"), bad.body());
    }

    @Test
    void aVideoIsHashedToEveryVideoTypeAndFoundAgain() throws Exception {
        Path video = Fixtures.reference("video/videos/test-padded-dimensions.mp4");
        ServerHarness.Reply hashed = h.upload("/h/hash", "video", video);
        assertEquals(200, hashed.status(), hashed.body());
        java.util.List<String> keys = new java.util.ArrayList<>();
        hashed.json().fieldNames().forEachRemaining(keys::add);
        assertEquals(java.util.List.of("sha256", "video_md5", "video_tmk_pdqf", "vpdq"), keys);
        assertEquals(HashingRoutesTest.digest("MD5", video), hashed.json().get("video_md5").asText());
        assertTrue(hashed.json().get("vpdq").asText().startsWith("[\""), hashed.body());
        assertEquals(201, h.postJson("/c/banks", "{\"name\": \"V\"}").status());
        ServerHarness.Reply added = h.upload("/c/bank/V/content", "video", video);
        assertEquals(200, added.status(), added.body());
        long id = added.json().get("id").asLong();
        ServerHarness.Reply found = h.upload("/m/lookup", "video", video);
        assertEquals(200, found.status(), found.body());
        assertEquals("[{\"bank_content_id\":" + id + ",\"distance\":\"100%[100%]\"}]",
                found.json().get("vpdq").get("V").toString(), found.body());
        assertEquals("[{\"bank_content_id\":" + id + ",\"distance\":\"-\"}]",
                found.json().get("video_md5").get("V").toString(), found.body());
        assertEquals("{\"V\":[{\"bank_content_id\":" + id + ",\"distance\":\"100%[100%]\"}]}\n",
                h.get("/m/lookup?signal_type=vpdq&signal=" + java.net.URLEncoder.encode(
                        hashed.json().get("vpdq").asText(), java.nio.charset.StandardCharsets.UTF_8)).body());
    }

    @Test
    void extraHashTypesAreExactMatches() throws Exception {
        Path photo = Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg");
        String sha = HashingRoutesTest.digest("SHA-256", photo);
        String md5 = HashingRoutesTest.digest("MD5", photo);
        assertEquals(201, h.postJson("/c/banks", "{\"name\": \"A\"}").status());
        expect(200, "{\"id\":1,\"signals\":{\"md5\":\"" + md5 + "\",\"pdq\":\"" + HashingRoutesTest.PHOTO_PDQ
                + "\",\"sha256\":\"" + sha + "\"}}", h.upload("/c/bank/A/content", "photo", photo));
        expect(200, "{\"A\":[{\"bank_content_id\":1,\"distance\":\"-\"}]}",
                h.get("/m/lookup?signal_type=sha256&signal=" + sha));
        expect(200, "{\"A\":[{\"bank_content_id\":1,\"distance\":\"-\"}]}",
                h.get("/m/lookup?signal_type=md5&signal=" + md5));
        expect(200, "{\"A\":[{\"bank_content_id\":1,\"distance\":\"-\"}]}",
                h.get("/m/lookup?signal_type=video_md5&signal=" + md5));
        expect(200, "{\"md5\":{\"A\":[{\"bank_content_id\":1,\"distance\":\"-\"}]},\"pdq\":{\"A\":[{\"bank_content_id\":1,"
                + "\"distance\":\"0\"}]},\"sha256\":{\"A\":[{\"bank_content_id\":1,\"distance\":\"-\"}]}}",
                h.upload("/m/lookup", "photo", photo));
        assertTrue(h.get("/c/bank/A/content/1?include_signals=true").body().contains("\"sha256\":\"" + sha + "\""));
    }
}
