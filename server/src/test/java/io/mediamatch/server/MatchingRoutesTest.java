package io.mediamatch.server;

import static io.mediamatch.server.ServerHarness.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /m}: raw lookups, filtered lookups (enable times, ratios and the coin flip, banks), index status, compare. */
class MatchingRoutesTest {
    private static final String H = ServerHarness.randomHash(1);
    private static ServerHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ServerHarness.start("matching", o -> o.withSignalTypes("pdq,video_md5"));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void reset() throws Exception {
        assertEquals(200, h.postJson("/dev/factory_reset", "").status());
    }


    private static long add(String bank, String hex) throws Exception {
        ServerHarness.Reply r = h.postJson("/c/bank/" + bank + "/signal", "{\"pdq\": \"" + hex + "\"}");
        assertEquals(200, r.status(), r.body());
        return r.json().get("id").asLong();
    }

    private static void bank(String name, double ratio) throws Exception {
        assertEquals(201, h.postJson("/c/banks", "{\"name\": \"" + name + "\", \"enabled_ratio\": " + ratio + "}")
                .status());
    }

    /** The ids of a raw lookup without distances (HMA gives no order: index order). */
    private static Set<Long> ids(ServerHarness.Reply r) {
        assertEquals(200, r.status(), r.body());
        Set<Long> out = new HashSet<>();
        r.json().get("matches").forEach(n -> out.add(n.asLong()));
        assertEquals(r.json().get("matches").size(), out.size(), r.body());
        return out;
    }

    // ---------------------------------------------------------------- raw_lookup

    @Test
    void rawLookupListsIdsOrDistancesAsStrings() throws Exception {
        bank("A", 1.0);
        bank("B", 1.0);
        add("A", H);
        add("B", ServerHarness.flipBits(H, 12));
        add("A", ServerHarness.flipBits(H, 40));
        expect(200, "{\"matches\":[1,2]}", h.get("/m/raw_lookup?signal_type=pdq&signal=" + H));
        expect(200, "{\"matches\":[1,2]}", h.get("/m/raw_lookup?signal_type=pdq&include_distance=no&signal=" + H));
        expect(200, "{\"matches\":[{\"bank_content_id\":1,\"distance\":\"0\"},{\"bank_content_id\":2,\"distance\":\"12\"}]}",
                h.get("/m/raw_lookup?signal_type=pdq&include_distance=true&signal=" + H));
        expect(200, "{\"matches\":[{\"bank_content_id\":2,\"distance\":\"12\"}]}",
                h.get("/m/raw_lookup?signal_type=pdq&include_distance=1&banks=B&signal=" + H));
        expect(200, "{\"matches\":[]}", h.get("/m/raw_lookup?signal_type=pdq&banks=NOPE&signal=" + H));
        // 31 is a match, 32 is not
        String s = ServerHarness.randomHash(2);
        add("B", s);
        expect(200, "{\"matches\":[{\"bank_content_id\":4,\"distance\":\"31\"}]}", h.get(
                "/m/raw_lookup?signal_type=pdq&include_distance=true&signal=" + ServerHarness.flipBits(s, 31)));
        expect(200, "{\"matches\":[]}", h.get("/m/raw_lookup?signal_type=pdq&signal=" + ServerHarness.flipBits(s, 32)));
    }

    @Test
    void rawLookupIgnoresDisabledContentAndBankRatios() throws Exception {
        bank("OFF", 0.0);
        add("OFF", H);
        bank("A", 1.0);
        add("A", H);
        h.putJson("/c/bank/A/content/2", "{\"disable_until_ts\": 0}");
        assertEquals(Set.of(1L, 2L), ids(h.get("/m/raw_lookup?signal_type=pdq&signal=" + H)));
        expect(200, "{}", h.get("/m/lookup?signal_type=pdq&seed=s&signal=" + H));
    }

    @Test
    void rawLookupErrors() throws Exception {
        assertEquals(422, h.get("/m/raw_lookup?signal_type=pdq").status());
        assertEquals(422, h.get("/m/raw_lookup?signal=" + H).status());
        assertEquals(422, h.get("/m/raw_lookup?signal_type=pdq&include_distance=maybe&signal=" + H).status());
        expect(400, "{\"message\":\"No such SignalType 'x'\"}", h.get("/m/raw_lookup?signal_type=x&signal=" + H));
        expect(400, "{\"message\":\"SignalType 'sha256' is not enabled\"}",
                h.get("/m/raw_lookup?signal_type=sha256&signal=" + H));
        expect(400, "{\"message\":\"invalid signal: invalid PDQ hash\"}",
                h.get("/m/raw_lookup?signal_type=pdq&signal=" + H.toUpperCase()));
        expect(400, "{\"message\":\"invalid signal: 'zz' is not a valid MD5 hash\"}",
                h.get("/m/raw_lookup?signal_type=video_md5&signal=zz"));
    }

    // ---------------------------------------------------------------- lookup

    @Test
    void lookupGroupsByBankAndDropsDisabledContent() throws Exception {
        bank("A", 1.0);
        bank("B", 1.0);
        add("A", H);
        add("B", ServerHarness.flipBits(H, 5));
        add("A", ServerHarness.flipBits(H, 3));
        expect(200, "{\"A\":[{\"bank_content_id\":1,\"distance\":\"0\"},{\"bank_content_id\":3,\"distance\":\"3\"}],"
                + "\"B\":[{\"bank_content_id\":2,\"distance\":\"5\"}]}", h.get("/m/lookup?signal_type=pdq&signal=" + H));
        expect(200, "{}", h.get("/m/lookup?signal_type=pdq&signal=" + ServerHarness.randomHash(99)));

        long future = System.currentTimeMillis() / 1000 + 600;
        h.putJson("/c/bank/A/content/1", "{\"disable_until_ts\": " + future + "}");
        h.putJson("/c/bank/B/content/2", "{\"disable_until_ts\": 0}");
        h.putJson("/c/bank/A/content/3", "{\"disable_until_ts\": 1000}");
        expect(200, "{\"A\":[{\"bank_content_id\":3,\"distance\":\"3\"}]}",
                h.get("/m/lookup?signal_type=pdq&signal=" + H));
        assertEquals(Set.of(1L, 2L, 3L), ids(h.get("/m/raw_lookup?signal_type=pdq&signal=" + H)));
        h.putJson("/c/bank/A/content/1", "{\"disable_until_ts\": 1}");
        expect(200, "{\"A\":[{\"bank_content_id\":1,\"distance\":\"0\"},{\"bank_content_id\":3,\"distance\":\"3\"}]}",
                h.get("/m/lookup?signal_type=pdq&signal=" + H));
    }

    @Test
    void banksFilterKeepsTheListedBanks() throws Exception {
        bank("A", 1.0);
        bank("B", 1.0);
        add("A", H);
        add("B", H);
        String both = "{\"A\":[{\"bank_content_id\":1,\"distance\":\"0\"}],\"B\":[{\"bank_content_id\":2,\"distance\":\"0\"}]}";
        expect(200, both, h.get("/m/lookup?signal_type=pdq&signal=" + H));
        expect(200, both, h.get("/m/lookup?signal_type=pdq&banks=&signal=" + H));
        expect(200, both, h.get("/m/lookup?signal_type=pdq&banks=A,B&signal=" + H));
        expect(200, "{\"B\":[{\"bank_content_id\":2,\"distance\":\"0\"}]}",
                h.get("/m/lookup?signal_type=pdq&banks=B,NOPE&signal=" + H));
        // no trimming: " B" is not B
        expect(200, "{\"A\":[{\"bank_content_id\":1,\"distance\":\"0\"}]}",
                h.get("/m/lookup?signal_type=pdq&banks=A,%20B&signal=" + H));
        expect(200, "{}", h.get("/m/lookup?signal_type=pdq&banks=NOPE&signal=" + H));
    }

    @Test
    void ratioZeroMatchesOnlyWhenThePostBypassesTheCoinflip() throws Exception {
        Path photo = Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg");
        bank("OFF", 0.0);
        bank("ON", 1.0);
        assertEquals(200, h.upload("/c/bank/OFF/content", "photo", photo).status());
        assertEquals(200, h.upload("/c/bank/ON/content", "photo", photo).status());
        for (int i = 0; i < 5; i++) {
            expect(200, "{\"pdq\":{\"ON\":[{\"bank_content_id\":2,\"distance\":\"0\"}]}}", h.upload("/m/lookup", "photo", photo));
            expect(200, "{\"pdq\":{\"ON\":[{\"bank_content_id\":2,\"distance\":\"0\"}]}}",
                    h.upload("/m/lookup?seed=s" + i, "photo", photo));
            // only exactly "true" bypasses on POST
            expect(200, "{\"pdq\":{\"ON\":[{\"bank_content_id\":2,\"distance\":\"0\"}]}}",
                    h.upload("/m/lookup?bypass_coinflip=True", "photo", photo));
        }
        expect(200, "{\"pdq\":{\"OFF\":[{\"bank_content_id\":1,\"distance\":\"0\"}],\"ON\":[{\"bank_content_id\":2,"
                + "\"distance\":\"0\"}]}}", h.upload("/m/lookup?bypass_coinflip=true", "photo", photo));
        expect(200, "{\"pdq\":{\"OFF\":[{\"bank_content_id\":1,\"distance\":\"0\"}]}}",
                h.upload("/m/lookup?bypass_coinflip=true&banks=OFF", "photo", photo));
        String pdq = h.upload("/h/hash", "photo", photo).json().get("pdq").asText();
        for (int i = 0; i < 5; i++) {
            expect(200, "{\"ON\":[{\"bank_content_id\":2,\"distance\":\"0\"}]}",
                    h.get("/m/lookup?signal_type=pdq&signal=" + pdq));
        }
    }

    @Test
    void theSameSeedGivesTheSameDecision() throws Exception {
        bank("HALF", 0.5);
        add("HALF", H);
        Set<String> outcomes = new HashSet<>();
        for (int s = 0; s < 24; s++) {
            String first = h.get("/m/lookup?signal_type=pdq&seed=seed-" + s + "&signal=" + H).body();
            for (int again = 0; again < 3; again++) {
                assertEquals(first, h.get("/m/lookup?signal_type=pdq&seed=seed-" + s + "&signal=" + H).body(),
                        "seed-" + s);
            }
            outcomes.add(first);
        }
        assertEquals(Set.of("{}\n", "{\"HALF\":[{\"bank_content_id\":1,\"distance\":\"0\"}]}\n"), outcomes);
    }

    @Test
    void banksShareOneDrawPerSeed() throws Exception {
        bank("X", 0.5);
        bank("Y", 0.5);
        add("X", H);
        add("Y", H);
        Set<String> outcomes = new HashSet<>();
        for (int s = 0; s < 24; s++) {
            outcomes.add(h.get("/m/lookup?signal_type=pdq&seed=" + s + "&signal=" + H).body());
        }
        assertEquals(Set.of("{}\n", "{\"X\":[{\"bank_content_id\":1,\"distance\":\"0\"}],"
                + "\"Y\":[{\"bank_content_id\":2,\"distance\":\"0\"}]}\n"), outcomes);
    }

    @Test
    void queryBooleansAreParsedAsPydanticDoes() throws Exception {
        bank("A", 1.0);
        add("A", H);
        for (String yes : new String[] {"true", "TRUE", "1", "yes", "on", "t", "Y"}) {
            expect(200, "{\"matches\":[{\"bank_content_id\":1,\"distance\":\"0\"}]}",
                    h.get("/m/raw_lookup?signal_type=pdq&include_distance=" + yes + "&signal=" + H));
        }
        for (String no : new String[] {"false", "0", "No", "off", "f", "n"}) {
            expect(200, "{\"matches\":[1]}", h.get("/m/raw_lookup?signal_type=pdq&include_distance=" + no
                    + "&signal=" + H));
        }
        assertEquals(422, h.get("/m/raw_lookup?signal_type=pdq&include_distance=2&signal=" + H).status());
    }

    @Test
    void lookupErrors() throws Exception {
        expect(400, "{\"message\":\"Either url or both signal and signal_type are required\"}", h.get("/m/lookup"));
        expect(400, "{\"message\":\"Either url or both signal and signal_type are required\"}",
                h.get("/m/lookup?signal=" + H));
        expect(400, "{\"message\":\"No such SignalType 'x'\"}", h.get("/m/lookup?signal_type=x&signal=" + H));
        expect(400, "{\"message\":\"invalid signal: invalid PDQ hash\"}", h.get("/m/lookup?signal_type=pdq&signal=12"));
        expect(400, "{\"message\":\"Missing multipart/form-data file upload\"}", h.postJson("/m/lookup", "{}"));
    }

    // ---------------------------------------------------------------- index status, compare

    @Test
    void indexStatusCountsWhatIsIndexed() throws Exception {
        expect(200, "{\"pdq\":{\"built_to\":-1,\"present\":false,\"size\":0},\"video_md5\":{\"built_to\":-1,"
                + "\"present\":false,\"size\":0}}", h.get("/m/index/status"));
        bank("A", 1.0);
        add("A", H);
        add("A", ServerHarness.randomHash(3));
        ServerHarness.Reply r = h.get("/m/index/status?signal_type=pdq");
        assertEquals(1, r.json().size(), r.body());
        assertEquals(2, r.json().get("pdq").get("size").asInt(), r.body());
        assertTrue(r.json().get("pdq").get("present").asBoolean(), r.body());
        assertTrue(r.json().get("pdq").get("built_to").asLong() > 1_600_000_000L, r.body());
        expect(400, "{\"message\":\"No such signal type 'x'\"}", h.get("/m/index/status?signal_type=x"));
    }

    @Test
    void compareAnswersMatchAndDistancePerType() throws Exception {
        String md5 = "0123456789abcdef0123456789abcdef";
        expect(200, "{\"pdq\":[true,{\"distance\":9}],\"video_md5\":[true,{}]}", h.postJson("/m/compare",
                "{\"pdq\": [\"" + H + "\", \"" + ServerHarness.flipBits(H, 9) + "\"], \"video_md5\": [\"" + md5
                        + "\", \"" + md5.toUpperCase() + "\"]}"));
        expect(200, "{\"pdq\":[true,{\"distance\":31}]}", h.postJson("/m/compare",
                "{\"pdq\": [\"" + H + "\", \"" + ServerHarness.flipBits(H, 31) + "\"]}"));
        expect(200, "{\"pdq\":[false,{\"distance\":32}]}", h.postJson("/m/compare",
                "{\"pdq\": [\"" + H + "\", \"" + ServerHarness.flipBits(H, 32) + "\"]}"));
        expect(200, "{\"video_md5\":[false,{}]}", h.postJson("/m/compare",
                "{\"video_md5\": [\"" + md5 + "\", \"" + md5.replace('0', '1') + "\"]}"));
        expect(200, "{}", h.postJson("/m/compare", "{}"));
    }

    @Test
    void compareErrors() throws Exception {
        expect(400, "{\"message\":\"Request input was not a dict\"}", h.postJson("/m/compare", "[1, 2]"));
        expect(400, "{\"message\":\"Comparison hashes for pdq was not a list\"}",
                h.postJson("/m/compare", "{\"pdq\": \"" + H + "\"}"));
        expect(400, "{\"message\":\"Comparison hash list length must be exactly 2\"}",
                h.postJson("/m/compare", "{\"pdq\": [\"" + H + "\"]}"));
        expect(400, "{\"message\":\"Comparison hash list length must be exactly 2\"}",
                h.postJson("/m/compare", "{\"pdq\": [\"" + H + "\", \"" + H + "\", \"" + H + "\"]}"));
        expect(400, "{\"message\":\"No such SignalType 'foo'\"}", h.postJson("/m/compare", "{\"foo\": [\"a\", \"b\"]}"));
        expect(400, "{\"message\":\"Invalid pdq hash: invalid PDQ hash\"}",
                h.postJson("/m/compare", "{\"pdq\": [\"zz\", \"" + H + "\"]}"));
        expect(415, "{\"message\":\"Did not attempt to load JSON data because the request Content-Type was not"
                + " 'application/json'.\"}", h.send("POST", "/m/compare", "text/plain", "{}"));
        ServerHarness.Reply bad = h.postJson("/m/compare", "{\"pdq\": [");
        assertEquals(400, bad.status());
        assertTrue(bad.json().get("message").asText().startsWith("Failed to decode JSON object: "), bad.body());
    }
}
