package io.mediamatch.server;

import static io.mediamatch.server.ServerHarness.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.exchange.ExchangeApis;
import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HMA's {@code /c/exchanges...} routes, {@code /dev/run_fetch} and the background fetcher, on a real service. */
class ExchangeRoutesTest {
    private static final String LOOKUP = "/m/raw_lookup?signal_type=pdq&signal=";

    @Test
    void apisCredentialsAndSchemas() throws Exception {
        try (ServerHarness h = ServerHarness.start("exchange-apis")) {
            JsonNode apis = h.get("/c/exchanges/apis").json();
            assertEquals(ExchangeApis.names().size(), apis.size());
            assertTrue(apis.toString().contains("\"local_file\"") && apis.toString().contains("\"ncmec\""));

            expect(200, "{\"has_set_authentification\":false,\"supports_authentification\":false}",
                    h.get("/c/exchanges/api/sample"));
            expect(200, "{\"has_set_authentification\":false,\"supports_authentification\":true}",
                    h.get("/c/exchanges/api/ncmec"));
            expect(200, "{\"has_set_authentification\":true,\"supports_authentification\":true}",
                    h.postJson("/c/exchanges/api/ncmec", "{\"credential_json\":{\"user\":\"u\",\"password\":\"p\"}}"));
            expect(200, "{\"has_set_authentification\":true,\"supports_authentification\":true}",
                    h.get("/c/exchanges/api/ncmec"));
            expect(200, "{\"has_set_authentification\":false,\"supports_authentification\":true}",
                    h.postJson("/c/exchanges/api/ncmec", "{\"credential_json\":{}}"));
            expect(400, "{\"message\":\"credential field 'password' is required for 'ncmec'\"}",
                    h.postJson("/c/exchanges/api/ncmec", "{\"credential_json\":{\"user\":\"u\"}}"));
            expect(400, "{\"message\":\"credential_json must be an object\"}",
                    h.postJson("/c/exchanges/api/tat", "{\"credential_json\":\"u:p\"}"));
            expect(400, "{\"message\":\"no such Exchange API 'nope'\"}", h.get("/c/exchanges/api/nope"));

            JsonNode schema = h.get("/c/exchanges/api/local_file/schema").json();
            JsonNode path = schema.path("config_schema").path("fields").get(0);
            assertEquals("path", path.path("name").asText());
            assertTrue(path.path("required").asBoolean());
            assertTrue(schema.path("credentials_schema").isNull());
            JsonNode stop = h.get("/c/exchanges/api/stop_ncii/schema").json();
            assertEquals(3, stop.path("credentials_schema").path("fields").size());
            assertEquals(404, h.get("/c/exchanges/api/nope/schema").status());
        }
    }

    @Test
    void createFetchMatchRevokeDelete() throws Exception {
        Path dir = Fixtures.scratchDir("exchange-routes");
        Path file = dir.resolve("hashes.txt");
        String a = ServerHarness.randomHash(101);
        String b = ServerHarness.randomHash(102);
        Files.writeString(file, a + "\n");
        try (ServerHarness h = ServerHarness.start("exchange-flow", o -> o.withExchangeFetch(Duration.ZERO,
                Duration.ofMinutes(1), null))) {
            String create = "{\"bank\":\"LOCAL\",\"api\":\"local_file\",\"api_json\":{\"path\":\""
                    + file.toAbsolutePath().toString().replace("\\", "\\\\") + "\"}}";
            expect(201, "{\"message\":\"Created successfully\"}", h.postJson("/c/exchanges", create));
            assertEquals(403, h.postJson("/c/exchanges", create).status());
            expect(400, "{\"message\":\"bank is required\"}", h.postJson("/c/exchanges", "{\"api\":\"sample\"}"));
            assertEquals(400, h.postJson("/c/exchanges", "{\"bank\":\"lower\",\"api\":\"sample\"}").status());
            expect(400, "{\"message\":\"Field `api_type` is required\"}",
                    h.postJson("/c/exchanges", "{\"bank\":\"X\"}"));
            expect(400, "{\"message\":\"no such Exchange API 'nope'\"}",
                    h.postJson("/c/exchanges", "{\"bank\":\"X\",\"api\":\"nope\"}"));
            expect(400, "{\"message\":\"api_json: setting 'path' is required for 'local_file'\"}",
                    h.postJson("/c/exchanges", "{\"bank\":\"X\",\"api\":\"local_file\",\"api_json\":{}}"));
            assertEquals(400, h.postJson("/c/exchanges",
                    "{\"bank\":\"X\",\"api\":\"sample\",\"api_json\":{\"colour\":\"red\"}}").status());
            assertEquals(400, h.postJson("/c/exchanges", "{\"bank\":\"X\",\"api\":\"sample\",\"api_json\":[]}").status());

            expect(200, "[\"LOCAL\"]", h.get("/c/exchanges"));
            JsonNode config = h.get("/c/exchange/LOCAL").json();
            assertEquals("local_file", config.path("api").asText());
            assertTrue(config.path("enabled").asBoolean());
            assertTrue(h.get("/c/banks").body().contains("\"LOCAL\""));
            expect(404, "{\"message\":\"Exchange 'NONE' not found\"}", h.get("/c/exchange/NONE"));
            JsonNode before = h.get("/c/exchange/LOCAL/status").json();
            assertTrue(before.path("last_fetch_succeeded").isNull());
            assertFalse(before.path("up_to_date").asBoolean());

            expect(200, "{\"matches\":[]}", h.get(LOOKUP + a));
            JsonNode run = h.postJson("/dev/run_fetch", "{}").json().path("fetches").get(0);
            assertEquals("LOCAL", run.path("exchange").asText());
            assertTrue(run.path("succeeded").asBoolean(), run.toString());
            assertEquals(1, run.path("records").asLong());
            assertEquals(1, h.get(LOOKUP + a).json().path("matches").size(), "matchable by the next request");
            JsonNode status = h.get("/c/exchange/LOCAL/status").json();
            assertTrue(status.path("last_fetch_succeeded").asBoolean());
            assertTrue(status.path("up_to_date").asBoolean());
            assertEquals(1, status.path("fetched_items").asLong());
            assertTrue(status.path("running_fetch_start_ts").isNull());
            assertTrue(status.path("last_fetch_complete_ts").asLong() > 0);

            Files.writeString(file, b + "\n"); // a withdrawn, b added
            h.postJson("/dev/run_fetch", "{}");
            expect(200, "{\"matches\":[]}", h.get(LOOKUP + a));
            assertEquals(1, h.get(LOOKUP + b).json().path("matches").size());

            JsonNode off = h.putJson("/c/exchange/LOCAL", "{\"enabled\":false}").json();
            assertFalse(off.path("enabled").asBoolean());
            assertEquals(0, h.postJson("/dev/run_fetch", "{}").json().path("fetches").size());
            assertEquals(400, h.putJson("/c/exchange/LOCAL", "{\"enabled\":\"maybe\"}").status());

            expect(200, "{\"message\":\"Exchange deleted\"}", h.delete("/c/exchange/LOCAL"));
            expect(200, "{\"message\":\"Exchange deleted\"}", h.delete("/c/exchange/LOCAL"));
            assertEquals(404, h.get("/c/exchange/LOCAL").status());
            assertFalse(h.get("/c/banks").body().contains("\"LOCAL\""));
            expect(200, "{\"matches\":[]}", h.get(LOOKUP + b));
        }
    }

    @Test
    void backgroundFetcherMakesNewRecordsMatchable() throws Exception {
        Path dir = Fixtures.scratchDir("exchange-background");
        Path file = dir.resolve("hashes.txt");
        String a = ServerHarness.randomHash(201);
        Files.writeString(file, "");
        try (ServerHarness h = ServerHarness.start("exchange-background", o -> o.withExchangeFetch(
                Duration.ofMillis(200), Duration.ofMinutes(1), null))) {
            expect(201, "{\"message\":\"Created successfully\"}", h.postJson("/c/exchanges",
                    "{\"bank\":\"BG\",\"api\":\"local_file\",\"api_json\":{\"path\":\""
                            + file.toAbsolutePath().toString().replace("\\", "\\\\") + "\"}}"));
            Files.writeString(file, a + "\n");
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int found = 0;
            while (found == 0 && System.nanoTime() < until) {
                found = h.get(LOOKUP + a).json().path("matches").size();
                Thread.sleep(50);
            }
            assertEquals(1, found, "the background fetcher did not bring the record within 20 s");
        }
    }
}
