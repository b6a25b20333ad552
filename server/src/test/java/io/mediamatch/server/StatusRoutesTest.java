package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
        ServerHarness.Reply r = h.send(HttpRequest.newBuilder(URI.create(h.url("/")))
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
        Collections.sort(sorted);
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
                .withTiming(Duration.ofMillis(100), Duration.ofHours(1),
                        Duration.ofMillis(1)))) {
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
    void statusIsNotLoadedAndLookupsWaitUntilTheIndexesLoad() throws Exception {
        Path db = Fixtures.scratchDir("server-status-loading").resolve("store.db");
        try (SignalStore store = SignalStore.open(db)) {
            List<Signal> signals = new ArrayList<>();
            for (int i = 0; i < 200_000; i++) {
                signals.add(new Signal(0, "BIG", SignalType.PDQ,
                        ServerHarness.randomHash(i), null, "", "", null, null, SignalStatus.ACTIVE));
            }
            store.importSignals(signals, null);
        }
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        MatchServer s = MatchServer.start(ServeOptions.defaults(db).withPort(0).withSignalTypes("pdq,video_md5"));
        try {
            HttpClient client = HttpClient.newHttpClient();
            boolean loadingBefore = !s.ready();
            HttpResponse<String> status = client.send(HttpRequest.newBuilder(
                    URI.create(s.url() + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> lookup = client.send(HttpRequest.newBuilder(
                    URI.create(s.url() + "/m/lookup?signal_type=pdq&signal=" + ServerHarness.randomHash(7)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> live = client.send(HttpRequest.newBuilder(
                    URI.create(s.url() + "/status/live")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode());
            assertEquals("I-AM-ALIVE", live.body());
            Assumptions.assumeTrue(loadingBefore, "the indexes loaded before the first request");
            if (status.statusCode() == 503) {
                assertEquals("INDEX-NOT-LOADED", status.body());
            } else {
                assertEquals("I-AM-ALIVE", status.body());
            }
            if (lookup.statusCode() == 503) {
                assertEquals("{\"message\":\"index not yet ready\"}\n", lookup.body());
                assertEquals("1", lookup.headers().firstValue("retry-after").orElse(""));
            } else {
                assertEquals("{\"BIG\":[{\"bank_content_id\":8,\"distance\":\"0\"}]}\n", lookup.body());
            }
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!s.ready() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals("I-AM-ALIVE", client.send(HttpRequest.newBuilder(
                    URI.create(s.url() + "/status")).build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            assertEquals("{\"BIG\":[{\"bank_content_id\":8,\"distance\":\"0\"}]}\n", client.send(
                    HttpRequest.newBuilder(lookup.uri()).build(), HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            s.close();
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
