package io.mediamatch.server;

import static io.mediamatch.server.ServerHarness.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /c}: banks, content (add, show, update, delete), signal types, content types, with HMA's exact bodies. */
class CurationRoutesTest {
    private static final String PHOTO_PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String B = "{\"matching_enabled_ratio\":1.0,\"name\":\"B\"}";
    private static ServerHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ServerHarness.start("curation", o -> o.withSignalTypes("pdq,video_md5"));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void reset() throws Exception {
        assertEquals(200, h.postJson("/dev/factory_reset", "").status());
    }


    private static void bank(String name) throws Exception {
        assertEquals(201, h.postJson("/c/banks", "{\"name\": \"" + name + "\"}").status());
    }

    // ---------------------------------------------------------------- banks

    @Test
    void banksAreCreatedListedAndShown() throws Exception {
        expect(200, "[]", h.get("/c/banks"));
        expect(201, B, h.postJson("/c/banks", "{\"name\": \"B\"}"));
        expect(201, "{\"matching_enabled_ratio\":0.25,\"name\":\"A_2\"}",
                h.postJson("/c/banks", "{\"name\": \"A_2\", \"enabled_ratio\": 0.25}"));
        expect(201, "{\"matching_enabled_ratio\":0.0,\"name\":\"OFF\"}",
                h.postJson("/c/banks", "{\"name\": \"OFF\", \"enabled_ratio\": null, \"enabled\": false}"));
        expect(200, "[" + B + ",{\"matching_enabled_ratio\":0.25,\"name\":\"A_2\"},"
                + "{\"matching_enabled_ratio\":0.0,\"name\":\"OFF\"}]", h.get("/c/banks"));
        expect(200, B, h.get("/c/bank/B"));
    }

    @Test
    void bankCreateErrors() throws Exception {
        bank("B");
        expect(403, "{\"message\":\"Bank already exists\"}", h.postJson("/c/banks", "{\"name\": \"B\"}"));
        for (String bad : new String[] {"lower", "1LEADING_DIGIT", "HAS-DASH", "", "A".repeat(256)}) {
            expect(400, "{\"message\":\"Bank names must be UPPER_WITH_UNDERSCORE\"}",
                    h.postJson("/c/banks", "{\"name\": \"" + bad + "\"}"));
        }
        assertEquals(422, h.postJson("/c/banks", "").status());
        assertEquals(422, h.postJson("/c/banks", "{}").status());
        ServerHarness.Reply notJson = h.postJson("/c/banks", "{not json");
        assertEquals(422, notJson.status());
        assertEquals("application/json", notJson.contentType());
        assertTrue(notJson.json().isArray(), notJson.body());
        expect(200, "[" + B + "]", h.get("/c/banks"));
    }

    @Test
    void missingBankIs404() throws Exception {
        expect(404, "{\"message\":\"bank 'NOPE' not found\"}", h.get("/c/bank/NOPE"));
        expect(404, "{\"message\":\"Bank not found\"}", h.putJson("/c/bank/NOPE", "{\"name\": \"X\"}"));
        expect(404, "{\"message\":\"bank 'NOPE' not found\"}",
                h.postJson("/c/bank/NOPE/signal", "{\"pdq\": \"" + PHOTO_PDQ + "\"}"));
        expect(404, "{\"message\":\"bank 'NOPE' not found\"}", h.get("/c/bank/NOPE/content/1"));
        expect(404, "{\"message\":\"bank 'NOPE' not found\"}", h.delete("/c/bank/NOPE/content/1"));
        expect(404, "{\"message\":\"bank 'NOPE' not found\"}",
                h.upload("/c/bank/NOPE/content", "photo", Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg")));
    }

    @Test
    void bankUpdateRenamesAndSetsTheRatio() throws Exception {
        bank("B");
        bank("OTHER");
        long id = h.postJson("/c/bank/B/signal", "{\"pdq\": \"" + PHOTO_PDQ + "\"}").json().get("id").asLong();
        expect(200, "{\"matching_enabled_ratio\":0.0,\"name\":\"RENAMED\"}",
                h.putJson("/c/bank/B", "{\"name\": \"RENAMED\", \"enabled\": false}"));
        expect(404, "{\"message\":\"bank 'B' not found\"}", h.get("/c/bank/B"));
        expect(200, "{\"matching_enabled_ratio\":0.5,\"name\":\"RENAMED\"}",
                h.putJson("/c/bank/RENAMED", "{\"enabled\": true, \"enabled_ratio\": 0.5}"));
        expect(200, "{\"matching_enabled_ratio\":1.0,\"name\":\"RENAMED\"}",
                h.putJson("/c/bank/RENAMED", "{\"enabled\": true}"));
        expect(403, "{\"message\":\"Bank name already exists\"}", h.putJson("/c/bank/RENAMED", "{\"name\": \"OTHER\"}"));
        expect(400, "{\"message\":\"Bank names must be UPPER_WITH_UNDERSCORE\"}",
                h.putJson("/c/bank/RENAMED", "{\"name\": \"bad name\"}"));
        assertEquals(422, h.putJson("/c/bank/RENAMED", "").status());
        // the content moved with its bank
        expect(200, "{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"RENAMED\"},\"disable_until_ts\":1,\"id\":"
                + id + ",\"original_media_uri\":null}", h.get("/c/bank/RENAMED/content/" + id));
        expect(200, "{\"RENAMED\":[{\"bank_content_id\":" + id + ",\"distance\":\"0\"}]}",
                h.get("/m/lookup?signal_type=pdq&signal=" + PHOTO_PDQ));
    }

    @Test
    void contentAddedWithAugmentMatchesACropOfItAtOnce() throws Exception {
        bank("B");
        Path photo = Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg");
        java.awt.image.BufferedImage crop = io.mediamatch.eval.Transform.byName("crop-10")
                .apply(io.mediamatch.image.ImageDecoder.defaults().decode(photo), new java.util.Random(1));
        String cropHash = new io.mediamatch.pdq.PdqHasher().hash(crop).hash().toHex();
        // the plain hash alone misses the crop
        assertEquals(200, h.upload("/c/bank/B/content", "photo", photo).status());
        expect(200, "{}", h.get("/m/lookup?signal_type=pdq&signal=" + cropHash));
        assertEquals(400, h.upload("/c/bank/B/content?augment=sideways-5", "photo", photo).status());

        ServerHarness.Reply added = h.upload("/c/bank/B/content?augment=default", "photo", photo);
        assertEquals(200, added.status(), added.body());
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(added.body());
        assertEquals(PHOTO_PDQ, body.get("signals").get("pdq").asText(), "HMA's shape is kept");
        assertEquals(io.mediamatch.augment.Augment.parse("default").size(), body.get("augmented").size());
        assertTrue(body.get("augmented").has("aug:centre-80"), added.body());
        long id = body.get("id").asLong();
        // matched at once, by the item the views belong to
        ServerHarness.Reply found = h.get("/m/lookup?signal_type=pdq&signal=" + cropHash);
        assertTrue(found.body().contains("\"bank_content_id\":" + id), found.body());
    }

    @Test
    void bankDeleteIsIdempotentAndCascades() throws Exception {
        bank("B");
        long id = h.postJson("/c/bank/B/signal", "{\"pdq\": \"" + PHOTO_PDQ + "\"}").json().get("id").asLong();
        expect(200, "{\"message\":\"Done\"}", h.delete("/c/bank/B"));
        expect(200, "{\"message\":\"Done\"}", h.delete("/c/bank/B"));
        expect(200, "{\"message\":\"Done\"}", h.delete("/c/bank/NEVER_WAS"));
        expect(200, "[]", h.get("/c/banks"));
        expect(200, "{}", h.get("/m/lookup?signal_type=pdq&signal=" + PHOTO_PDQ));
        expect(200, "{\"matches\":[]}", h.get("/m/raw_lookup?signal_type=pdq&signal=" + PHOTO_PDQ));
        bank("B");
        expect(404, "{\"message\":\"content '" + id + "' not found\"}", h.get("/c/bank/B/content/" + id));
    }

    // ---------------------------------------------------------------- content

    @Test
    void signalsAreAddedAsOneContentItemWithGlobalIds() throws Exception {
        bank("B");
        bank("C");
        String md5 = "0123456789abcdef0123456789abcdef";
        expect(200, "{\"id\":1,\"signals\":{\"pdq\":\"" + PHOTO_PDQ + "\",\"video_md5\":\"" + md5 + "\"}}",
                h.postJson("/c/bank/B/signal", "{\"video_md5\": \"  0123456789ABCDEF0123456789abcdef \", \"pdq\": \""
                        + PHOTO_PDQ + "\", \"note\": \"two\"}"));
        // ids come from the store's signal id space (BankContents): unique across banks and increasing, and an
        // item of two signals uses two of them
        String other = ServerHarness.randomHash(7);
        expect(200, "{\"id\":3,\"signals\":{\"pdq\":\"" + other + "\"}}",
                h.postJson("/c/bank/C/signal", "{\"pdq\": \"" + other + "\"}"));
        expect(200, "{\"bank\":" + B + ",\"disable_until_ts\":1,\"id\":1,\"note\":\"two\",\"original_media_uri\":null,"
                + "\"signals\":{\"pdq\":\"" + PHOTO_PDQ + "\",\"video_md5\":\"" + md5 + "\"}}",
                h.get("/c/bank/B/content/1?include_signals=true"));
        // HMA does not check that the content is in the bank of the path
        expect(200, "{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"C\"},\"disable_until_ts\":1,\"id\":3,"
                + "\"original_media_uri\":null}", h.get("/c/bank/B/content/3"));
        expect(200, "{\"B\":[{\"bank_content_id\":1,\"distance\":\"-\"}]}",
                h.get("/m/lookup?signal_type=video_md5&signal=" + md5.toUpperCase()));
    }

    @Test
    void signalAddErrors() throws Exception {
        bank("B");
        expect(400, "{\"message\":\"Invalid pdq signal: invalid PDQ hash\"}",
                h.postJson("/c/bank/B/signal", "{\"pdq\": \"" + PHOTO_PDQ.toUpperCase() + "\"}"));
        expect(400, "{\"message\":\"Invalid pdq signal: invalid PDQ hash\"}",
                h.postJson("/c/bank/B/signal", "{\"pdq\": \"abc\"}"));
        expect(400, "{\"message\":\"Invalid video_md5 signal: 'zz' is not a valid MD5 hash\"}",
                h.postJson("/c/bank/B/signal", "{\"video_md5\": \"zz\"}"));
        expect(400, "{\"message\":\"No such signal type foo\"}", h.postJson("/c/bank/B/signal", "{\"foo\": \"x\"}"));
        expect(400, "{\"message\":\"No signals given\"}", h.postJson("/c/bank/B/signal", "{}"));
        expect(400, "{\"message\":\"No signals given\"}", h.postJson("/c/bank/B/signal", "{\"note\": \"only\"}"));
        expect(400, "{\"message\":\"note must be at most 255 characters\"}", h.postJson("/c/bank/B/signal",
                "{\"pdq\": \"" + PHOTO_PDQ + "\", \"note\": \"" + "n".repeat(256) + "\"}"));
        expect(400, "{\"message\":\"Request input was not a dict\"}", h.postJson("/c/bank/B/signal", "[]"));
        // nothing was added: the next id is still 1
        expect(200, "{\"id\":1,\"signals\":{\"pdq\":\"" + PHOTO_PDQ + "\"}}",
                h.postJson("/c/bank/B/signal", "{\"pdq\": \"" + PHOTO_PDQ + "\"}"));
    }

    @Test
    void uploadedContentKeepsMetadataAndNoteWithTheOmittedKeyRules() throws Exception {
        bank("B");
        Path photo = Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg");
        expect(200, "{\"id\":1,\"signals\":{\"pdq\":\"" + PHOTO_PDQ + "\"}}", h.upload("/c/bank/B/content", "photo",
                photo, "metadata", "{\"content_id\": \"ext-1\", \"content_uri\": \"https://ex/1\", \"json\": {\"k\": \"v\"},"
                        + " \"collab\": {\"dropped\": true}}", "note", "bridge"));
        String meta = "\"metadata\":{\"collab\":null,\"content_id\":\"ext-1\",\"content_uri\":\"https://ex/1\","
                + "\"json\":{\"k\":\"v\"}}";
        String head = "{\"bank\":" + B + ",\"disable_until_ts\":1,\"id\":1,";
        expect(200, head + meta + ",\"note\":\"bridge\",\"original_media_uri\":null}", h.get("/c/bank/B/content/1"));
        expect(200, head + meta + ",\"note\":\"bridge\",\"original_media_uri\":null}",
                h.get("/c/bank/B/content/1?include_metadata=TRUE&include_signals=false"));
        // include_metadata=1 means false (HMA compares with "true"); include_signals=1 too
        expect(200, head + "\"note\":\"bridge\",\"original_media_uri\":null}",
                h.get("/c/bank/B/content/1?include_metadata=1&include_signals=1"));
        expect(200, head + meta + ",\"note\":\"bridge\",\"original_media_uri\":null,\"signals\":{\"pdq\":\""
                + PHOTO_PDQ + "\"}}", h.get("/c/bank/B/content/1?include_signals=True"));

        // metadata of only a content id keeps the other keys as nulls
        expect(200, "{\"id\":2,\"signals\":{\"pdq\":\"" + PHOTO_PDQ + "\"}}",
                h.upload("/c/bank/B/content", "photo", photo, "metadata", "{\"content_id\": \"x\"}"));
        expect(200, "{\"bank\":" + B + ",\"disable_until_ts\":1,\"id\":2,\"metadata\":{\"collab\":null,"
                + "\"content_id\":\"x\",\"content_uri\":null,\"json\":null},\"original_media_uri\":null}",
                h.get("/c/bank/B/content/2"));
        // only collab (dropped) is no metadata at all
        expect(200, "{\"id\":3,\"signals\":{\"pdq\":\"" + PHOTO_PDQ + "\"}}",
                h.upload("/c/bank/B/content", "photo", photo, "metadata", "{\"collab\": {}}", "note", ""));
        expect(200, "{\"bank\":" + B + ",\"disable_until_ts\":1,\"id\":3,\"original_media_uri\":null}",
                h.get("/c/bank/B/content/3"));
    }

    @Test
    void contentAddErrors() throws Exception {
        bank("B");
        Path photo = Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg");
        expect(400, "{\"message\":\"metadata form field must be valid JSON\"}",
                h.upload("/c/bank/B/content", "photo", photo, "metadata", "{nope"));
        expect(400, "{\"message\":\"metadata should be a json object\"}",
                h.upload("/c/bank/B/content", "photo", photo, "metadata", "[1]"));
        ServerHarness.Reply unknown = h.upload("/c/bank/B/content", "photo", photo, "metadata", "{\"other\": 1}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.json().get("message").asText().startsWith("Invalid metadata: "), unknown.body());
        ServerHarness.Reply notCoerced = h.upload("/c/bank/B/content", "photo", photo, "metadata",
                "{\"content_id\": 5}");
        assertEquals(400, notCoerced.status());
        assertTrue(notCoerced.json().get("message").asText().startsWith("Invalid metadata: "), notCoerced.body());
        expect(400, "{\"message\":\"note must be at most 255 characters\"}",
                h.upload("/c/bank/B/content", "photo", photo, "note", "n".repeat(256)));
        expect(400, "{\"message\":\"Neither `url` nor multipart file upload was received\"}",
                h.postJson("/c/bank/B/content", "{}"));
        expect(400, "{\"message\":\"no such content_type: 'file'\"}", h.upload("/c/bank/B/content", "file", photo));
        expect(400, "{\"message\":\"Missing multipart/form-data file upload\"}",
                h.upload("/c/bank/B/content", null, new byte[0], "note", "n"));
        // nothing was added
        expect(200, "{\"matches\":[]}", h.get("/m/raw_lookup?signal_type=pdq&signal=" + PHOTO_PDQ));
    }

    @Test
    void contentUpdateDisablesAndSetsTheNote() throws Exception {
        bank("B");
        h.postJson("/c/bank/B/signal", "{\"pdq\": \"" + PHOTO_PDQ + "\"}");
        expect(200, "{\"bank\":" + B + ",\"collab_metadata\":{},\"disable_until_ts\":0,\"id\":1,\"note\":null,"
                + "\"original_media_uri\":null,\"user_metadata\":null}",
                h.putJson("/c/bank/B/content/1", "{\"disable_until_ts\": 0}"));
        expect(200, "{}", h.get("/m/lookup?signal_type=pdq&signal=" + PHOTO_PDQ));
        long soon = System.currentTimeMillis() / 1000 + 3600;
        expect(200, "{\"bank\":" + B + ",\"collab_metadata\":{},\"disable_until_ts\":" + soon + ",\"id\":1,"
                + "\"note\":\"later\",\"original_media_uri\":null,\"user_metadata\":null}",
                h.putJson("/c/bank/B/content/1", "{\"disable_until_ts\": \"" + soon + "\", \"note\": \"later\"}"));
        expect(200, "{\"bank\":" + B + ",\"disable_until_ts\":" + soon + ",\"id\":1,\"note\":\"later\","
                + "\"original_media_uri\":null}", h.get("/c/bank/B/content/1"));
        // an empty note clears it; a time in the past enables
        expect(200, "{\"bank\":" + B + ",\"collab_metadata\":{},\"disable_until_ts\":1000,\"id\":1,\"note\":null,"
                + "\"original_media_uri\":null,\"user_metadata\":null}",
                h.putJson("/c/bank/B/content/1", "{\"disable_until_ts\": 1000, \"note\": \"\"}"));
        expect(200, "{\"B\":[{\"bank_content_id\":1,\"distance\":\"0\"}]}",
                h.get("/m/lookup?signal_type=pdq&signal=" + PHOTO_PDQ));

        expect(400, "{\"message\":\"disable_until_ts must be a non-negative integer\"}",
                h.putJson("/c/bank/B/content/1", "{\"disable_until_ts\": -1}"));
        expect(400, "{\"message\":\"disable_until_ts must be less than 5 years in the future\"}",
                h.putJson("/c/bank/B/content/1", "{\"disable_until_ts\": " + (soon + 6L * 365 * 86400) + "}"));
        expect(400, "{\"message\":\"Invalid int: 'soon'\"}",
                h.putJson("/c/bank/B/content/1", "{\"disable_until_ts\": \"soon\"}"));
        expect(415, "{\"message\":\"Did not attempt to load JSON data because the request Content-Type was not"
                + " 'application/json'.\"}", h.send("PUT", "/c/bank/B/content/1", null, ""));
        expect(404, "{\"message\":\"content '9' not found\"}",
                h.putJson("/c/bank/B/content/9", "{\"disable_until_ts\": 0}"));
    }

    @Test
    void contentDeleteAnswersHowManyWereDeleted() throws Exception {
        bank("B");
        h.postJson("/c/bank/B/signal", "{\"pdq\": \"" + PHOTO_PDQ + "\"}");
        expect(200, "{\"deleted\":1}", h.delete("/c/bank/B/content/1"));
        expect(200, "{\"deleted\":0}", h.delete("/c/bank/B/content/1"));
        expect(404, "{\"message\":\"content '1' not found\"}", h.get("/c/bank/B/content/1"));
        assertEquals(404, h.get("/c/bank/B/content/abc").status());
        // ids are not reused after a delete
        expect(200, "{\"id\":2,\"signals\":{\"pdq\":\"" + PHOTO_PDQ + "\"}}",
                h.postJson("/c/bank/B/signal", "{\"pdq\": \"" + PHOTO_PDQ + "\"}"));
    }

    // ---------------------------------------------------------------- signal and content types

    @Test
    void signalTypesAreListedAndTheirRatioSet() throws Exception {
        expect(200, "[{\"enabled_ratio\":1.0,\"name\":\"pdq\"},{\"enabled_ratio\":1.0,\"name\":\"video_md5\"}]",
                h.get("/c/signal_type"));
        ServerHarness.Reply put = h.putJson("/c/signal_type/pdq", "{\"enabled_ratio\": 0.5}");
        assertEquals(204, put.status());
        assertEquals("", put.body());
        expect(200, "[{\"enabled_ratio\":0.5,\"name\":\"pdq\"},{\"enabled_ratio\":1.0,\"name\":\"video_md5\"}]",
                h.get("/c/signal_type"));
        expect(400, "{\"message\":\"enabled_ratio is required\"}", h.putJson("/c/signal_type/pdq", "{}"));
        expect(400, "{\"message\":\"Invalid float: 'x'\"}", h.putJson("/c/signal_type/pdq", "{\"enabled_ratio\": \"x\"}"));
        assertEquals(400, h.putJson("/c/signal_type/sha256", "{\"enabled_ratio\": 1}").status());
    }

    @Test
    void contentTypesAndIndexState() throws Exception {
        expect(200, "[{\"enabled\":true,\"name\":\"photo\"},{\"enabled\":true,\"name\":\"video\"}]",
                h.get("/c/content_type"));
        JsonNode empty = h.get("/c/signal_type/index").json();
        assertEquals("{\"db_size\":0,\"index_built_to\":-1,\"index_out_of_date\":false,\"index_size\":0,"
                + "\"newest_db_item\":-1}", empty.get("pdq").toString());
        bank("B");
        h.postJson("/c/bank/B/signal", "{\"pdq\": \"" + PHOTO_PDQ + "\"}");
        ServerHarness.Reply r = h.get("/c/signal_type/index?signal_type=pdq");
        JsonNode pdq = r.json().get("pdq");
        assertEquals(1, r.json().size(), r.body());
        assertEquals(1, pdq.get("db_size").asInt(), r.body());
        assertEquals(1, pdq.get("index_size").asInt(), r.body());
        assertEquals(false, pdq.get("index_out_of_date").asBoolean(), r.body());
        assertTrue(pdq.get("newest_db_item").asLong() > 1_600_000_000L, r.body());
    }
}
