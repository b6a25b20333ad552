package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /status}, {@code /status/live}, {@code /}, {@code /site-map}, {@code /openapi/openapi.json}, {@code /metrics}. */
class StatusRoutesTest {
    private static ServerHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ServerHarness.start("status", o -> o.withSignalTypes("pdq,video_md5"));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void statusIsAliveOnceLoadedAsPlainText() throws Exception {
        ServerHarness.Reply r = h.get("/status");
        assertEquals(200, r.status());
        assertEquals("I-AM-ALIVE", r.body());
        assertEquals("text/html;charset=utf-8", r.contentType().replace(" ", ""));
    }

    @Test
    void liveIsAliveAsPlainText() throws Exception {
        ServerHarness.Reply r = h.get("/status/live");
        assertEquals(200, r.status());
        assertEquals("I-AM-ALIVE", r.body());
        assertEquals("text/html;charset=utf-8", r.contentType().replace(" ", ""));
    }

    @Test
    void homeRedirectsToStatus() throws Exception {
        ServerHarness.Reply r = h.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.url("/")))
                .GET().build());
        assertEquals(302, r.status());
        assertEquals("/status", r.raw().headers().firstValue("location").orElse(""));
    }

    @Test
    void siteMapIsTheSortedRouteList() throws Exception {
        ServerHarness.Reply r = h.get("/site-map");
        assertEquals(200, r.status());
        assertEquals("application/json", r.contentType());
        List<String> rules = new ArrayList<>();
        r.json().forEach(n -> rules.add(n.asText()));
        List<String> sorted = new ArrayList<>(rules);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, rules);
        for (String rule : List.of("/status", "/status/live", "/h/hash", "/m/raw_lookup", "/m/lookup",
                "/m/index/status", "/m/compare", "/c/banks", "/c/bank/<bank_name>", "/c/bank/<bank_name>/content",
                "/c/bank/<bank_name>/signal", "/c/bank/<bank_name>/content/<int:content_id>", "/c/signal_type",
                "/c/signal_type/<signal_type_name>", "/c/signal_type/index", "/c/content_type",
                "/dev/factory_reset", "/site-map", "/openapi/openapi.json")) {
            assertTrue(rules.contains(rule), rule + " missing from " + rules);
        }
    }

    @Test
    void openApiIsTitledAsHmas() throws Exception {
        ServerHarness.Reply r = h.get("/openapi/openapi.json");
        assertEquals(200, r.status());
        JsonNode doc = r.json();
        assertEquals("Open Media Match API", doc.get("info").get("title").asText());
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        assertTrue(doc.get("paths").has("/c/bank/{bank_name}/content/{content_id}"), r.body());
    }

    @Test
    void statusIsStaleWhenTheIndexesHaveNotCaughtUpButLookupsServe() throws Exception {
        // follow the store once an hour, and call that stale after 100 ms
        try (ServerHarness s = ServerHarness.start("status-stale", o -> o.withSignalTypes("pdq,video_md5")
                .withTiming(java.time.Duration.ofMillis(100), java.time.Duration.ofHours(1),
                        java.time.Duration.ofMillis(1)))) {
            assertEquals(201, s.postJson("/c/banks", "{\"name\": \"B\"}").status());
            String hex = ServerHarness.randomHash(5);
            assertEquals(200, s.postJson("/c/bank/B/signal", "{\"pdq\": \"" + hex + "\"}").status());
            Thread.sleep(300);
            ServerHarness.Reply r = s.get("/status");
            assertEquals(503, r.status());
            assertEquals("INDEX-STALE", r.body());
            assertEquals("I-AM-ALIVE", s.get("/status/live").body());
            assertEquals("{\"B\":[{\"bank_content_id\":1,\"distance\":\"0\"}]}\n",
                    s.get("/m/lookup?signal_type=pdq&signal=" + hex).body());
            assertTrue(s.get("/c/signal_type/index").json().get("pdq").get("index_out_of_date").asBoolean());
        }
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        h.get("/status");
        ServerHarness.Reply r = h.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
        assertTrue(r.body().contains("mediamatch_indexed_pdq_signals"), r.body());
    }
}
