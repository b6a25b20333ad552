package io.mediamatch.server;

import static io.mediamatch.server.ServerHarness.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token authentication and roles over HTTP; no tokens on a non-loopback address refuses to start. */
class AuthTest {
    private static ServerHarness h;

    @BeforeAll
    static void start() throws Exception {
        Path tokens = Fixtures.scratchDir("server-auth-tokens").resolve("tokens.txt");
        Files.writeString(tokens, "# test tokens\n"
                + line("curator-secret", "curator", "cur") + line("matcher-secret", "matcher", "mat")
                + line("hasher-secret", "hasher", "hash") + line("lookup-secret", "matcher,hasher", "look")
                + line("root-secret", "all", "root"), StandardCharsets.UTF_8);
        h = ServerHarness.start("auth", o -> o.withTokens(tokens).withSignalTypes("pdq,video_md5"));
        h.token = "root-secret";
        assertEquals(201, h.postJson("/c/banks", "{\"name\": \"B\"}").status());
        h.token = null;
    }

    private static String line(String token, String roles, String name) {
        return HexFormat.of().formatHex(Tokens.digest(token)) + " " + roles + " " + name + "\n";
    }

    @AfterAll
    static void stop() {
        h.close();
    }


    @Test
    void aMissingTokenIs401() throws Exception {
        ServerHarness.Reply r = h.getAs(null, "/c/banks");
        expect(401, "{\"message\":\"missing API token: send 'Authorization: Bearer <token>'\"}", r);
        assertEquals("Bearer", r.raw().headers().firstValue("www-authenticate").orElse(""));
        expect(401, "{\"message\":\"missing API token: send 'Authorization: Bearer <token>'\"}",
                h.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.url("/m/index/status")))
                        .header("Authorization", "Basic dXNlcjpwYXNz").GET().build()));
    }

    @Test
    void aWrongTokenIs401() throws Exception {
        expect(401, "{\"message\":\"invalid API token\"}", h.getAs("curator-secreT", "/c/banks"));
        expect(401, "{\"message\":\"invalid API token\"}", h.getAs("x", "/c/banks"));
        expect(401, "{\"message\":\"invalid API token\"}", h.getAs(HexFormat.of().formatHex(
                Tokens.digest("curator-secret")), "/c/banks"));
    }

    @Test
    void anUnderPrivilegedTokenIs403() throws Exception {
        expect(403, "{\"message\":\"token 'mat' lacks the curator role\"}", h.getAs("matcher-secret", "/c/banks"));
        expect(403, "{\"message\":\"token 'cur' lacks the matcher role\"}", h.getAs("curator-secret",
                "/m/index/status"));
        expect(403, "{\"message\":\"token 'mat' lacks the hasher role\"}", h.getAs("matcher-secret", "/h/hash?url=x"));
        expect(403, "{\"message\":\"token 'hash' lacks the curator role\"}", h.getAs("hasher-secret", "/dev/factory_reset"));
    }

    @Test
    void theRightTokenIs200() throws Exception {
        expect(200, "[{\"matching_enabled_ratio\":1.0,\"name\":\"B\"}]", h.getAs("curator-secret", "/c/banks"));
        expect(200, "[{\"matching_enabled_ratio\":1.0,\"name\":\"B\"}]", h.getAs("root-secret", "/c/banks"));
        expect(200, "{}", h.getAs("matcher-secret", "/m/lookup?signal_type=pdq&signal="
                + ServerHarness.randomHash(1)));
        ServerHarness.Reply hashed;
        h.token = "hasher-secret";
        try {
            hashed = h.upload("/h/hash", "photo", Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg"));
        } finally {
            h.token = null;
        }
        expect(200, "{\"pdq\":\"" + HashingRoutesTest.PHOTO_PDQ + "\"}", hashed);
    }

    @Test
    void anUploadLookupNeedsTheHasherRoleToo() throws Exception {
        h.token = "matcher-secret";
        try {
            // the role is checked before the missing file
            expect(403, "{\"message\":\"Hashing is disabled, missing role\"}", h.postJson("/m/lookup", "{}"));
            ServerHarness.Reply refused = h.upload("/m/lookup", "photo",
                    Fixtures.reference("pdq/synthetic/plasma-64x64.png"));
            expect(403, "{\"message\":\"Hashing is disabled, missing role\"}", refused);
            // refused before its body was read: the connection is closed, not left behind the unread bytes
            assertEquals("close", refused.raw().headers().firstValue("connection").orElse(""));
            expect(403, "{\"message\":\"Hashing is disabled, missing role\"}",
                    h.get("/m/lookup?url=http://127.0.0.1:1/a.jpg"));
            h.token = "lookup-secret";
            expect(200, "{\"pdq\":{}}", h.upload("/m/lookup", "photo",
                    Fixtures.reference("pdq/synthetic/plasma-64x64.png")));
            h.token = "curator-secret";
            expect(403, "{\"message\":\"Hashing is disabled, missing role\"}", h.upload("/c/bank/B/content", "photo",
                    Fixtures.reference("pdq/synthetic/plasma-64x64.png")));
        } finally {
            h.token = null;
        }
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        assertEquals(200, h.getAs(null, "/status").status());
        assertEquals("I-AM-ALIVE", h.getAs(null, "/status/live").body());
        assertEquals(401, h.getAs(null, "/metrics").status());
        assertEquals(401, h.getAs(null, "/metrics/").status());
        assertEquals(401, h.getAs(null, "/c/banks/").status());
        assertEquals(403, h.getAs("matcher-secret", "/c/banks/").status());
        assertEquals(200, h.getAs("matcher-secret", "/metrics").status());
    }

    @Test
    void aPublicAddressWithoutTokensRefusesToStart() throws Exception {
        Path db = Fixtures.scratchDir("server-auth-public").resolve("store.db");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MatchServer.start(ServeOptions.defaults(db).withPort(0).withHost("0.0.0.0")));
        assertTrue(e.getMessage().contains("without API tokens"), e.getMessage());
        assertTrue(Files.notExists(db), "nothing was opened");
    }

    @Test
    void aMalformedTokenFileRefusesToStart() throws Exception {
        Path dir = Fixtures.scratchDir("server-auth-bad");
        Path tokens = Files.writeString(dir.resolve("tokens.txt"), "abc curator\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatchServer.start(ServeOptions.defaults(dir.resolve("store.db")).withPort(0).withTokens(tokens)));
        assertTrue(e.getMessage().contains("tokens.txt:1"), e.getMessage());
        Files.writeString(tokens, line("x", "admin", "who"));
        e = assertThrows(IllegalArgumentException.class,
                () -> MatchServer.start(ServeOptions.defaults(dir.resolve("store.db")).withPort(0).withTokens(tokens)));
        assertTrue(e.getMessage().contains("unknown role 'admin'"), e.getMessage());
    }
}
