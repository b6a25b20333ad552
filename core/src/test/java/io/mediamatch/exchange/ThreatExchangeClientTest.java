package io.mediamatch.exchange;

import static io.mediamatch.exchange.Fetches.fetch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ThreatExchange client against a loopback replay of {@code threat_updates} pages built from the Graph API's
 * documented shape (no recorded fixture exists).
 */
@Timeout(10)
class ThreatExchangeClientTest {
    private static final String SECRET = "Zx9SecretOfTheApp_0123456789";
    private static final String TOKEN = "1234567890|" + SECRET;
    private static final String ENCODED = URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String PATH = "/v21.0/555/threat_updates/";
    private static final String JSONT = "application/json";

    private static final String A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String B = "00112233445566778899aabbccddeeff";
    private static final String C = "a8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String D = "b8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String E = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String F = "c8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String G = "d8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String H = "e8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    private static String descriptor(String owner, String status, String tags) {
        return "{\"id\": \"30" + owner + "\", \"owner\": {\"id\": \"" + owner + "\"}, \"status\": \"" + status
                + "\", \"tags\": " + tags + "}";
    }

    private static String record(String id, String indicator, String type, long updated, String descriptors) {
        return "{\"id\": \"" + id + "\", \"indicator\": \"" + indicator + "\", \"type\": \"" + type
                + "\", \"last_updated\": " + updated + ", \"should_delete\": false"
                + (descriptors == null ? "" : ", \"descriptors\": {\"data\": [" + descriptors + "]}") + "}";
    }

    private static String page(String next, String... records) {
        return "{\"data\": [" + String.join(",", records) + "], \"paging\": {\"cursors\": {\"before\": \"QVFI\","
                + " \"after\": \"QVFJ\"}" + (next == null ? "" : ", \"next\": \"" + next + "\"") + "}}";
    }

    private static String page1(String url) {
        return page(url + PATH + "?access_token=" + ENCODED + "&limit=100&after=p2",
                record("1", A, "HASH_PDQ", 100, descriptor("616912251743987", "MALICIOUS",
                        "[\"media_type_photo\", \"example_tag\"]")),
                record("2", B, "HASH_VIDEO_MD5", 110, descriptor("1", "MALICIOUS", "[]")),
                record("3", C, "HASH_PDQ", 120, descriptor("1", "MALICIOUS", "[]") + ","
                        + descriptor("2", "NON_MALICIOUS", "[]")),
                record("4", D, "HASH_PDQ", 130, descriptor("2", "NON_MALICIOUS", "[\"benign\"]")),
                record("5", "https://example.com/x", "URI", 135, descriptor("1", "MALICIOUS", "[]")));
    }

    private static String page2(String url) {
        return page(url + PATH + "?access_token=" + ENCODED + "&limit=100&after=p3",
                record("1", A, "HASH_PDQ", 200, descriptor("616912251743987", "MALICIOUS", "[\"revised\"]")),
                record("6", E, "HASH_SHA256", 210, descriptor("1", "MALICIOUS", "[]"))
                        .replace("\"should_delete\": false", "\"should_delete\": true"),
                record("7", F, "HASH_PDQ", 220, null),
                record("8", G, "HASH_PDQ", 225, "{\"id\": \"309\", \"status\": \"MALICIOUS\", \"tags\": []}"),
                record("9", H, "HASH_PDQ", 230, "{\"id\": \"310\", \"owner\": {\"id\": \"3\"}, \"status\":"
                        + " \"UNKNOWN\", \"tags\": {\"data\": [{\"id\": \"77\", \"text\": \"nested\"}]},"
                        + " \"reactions\": [{\"key\": \"DISAGREE_WITH_TAGS\", \"value\": \"999,998\"}]}"));
    }

    private static String page3() {
        return page(null, record("1", A, "HASH_PDQ", 300, descriptor("616912251743987", "MALICIOUS", "[]"))
                .replace("\"should_delete\": false", "\"should_delete\": true"));
    }

    /** Pages by cursor ({@code after}) for the first fetch, by {@code start_time} for resumed ones. */
    private static Function<LoopbackReplay.Request, LoopbackReplay.Reply> pages(String[] url) {
        return req -> {
            if (!ENCODED.equals(req.param("access_token"))) {
                return LoopbackReplay.Reply.status(401, Map.of());
            }
            if (!req.path().equals(PATH)) {
                return LoopbackReplay.Reply.status(404, Map.of());
            }
            String after = req.param("after");
            String start = req.param("start_time");
            if ("p2".equals(after)) {
                return LoopbackReplay.Reply.page(JSONT, page2(url[0]));
            }
            if ("p3".equals(after) || "230".equals(start)) {
                return LoopbackReplay.Reply.page(JSONT, page3());
            }
            if (start != null) {
                return LoopbackReplay.Reply.page(JSONT, page(null));
            }
            return LoopbackReplay.Reply.page(JSONT, page1(url[0]));
        };
    }

    /** A replay server serving {@link #pages}, its URL filled in once it is bound. */
    private static LoopbackReplay server(Function<Function<LoopbackReplay.Request, LoopbackReplay.Reply>,
            Function<LoopbackReplay.Request, LoopbackReplay.Reply>> wrap) throws IOException {
        String[] url = new String[1];
        LoopbackReplay s = new LoopbackReplay(wrap.apply(pages(url)));
        url[0] = s.url();
        return s;
    }

    private static LoopbackReplay server() throws IOException {
        return server(f -> f);
    }

    private static ExchangeHttp http(int attempts) {
        return new ExchangeHttp("te_test", Duration.ofSeconds(1), Duration.ofSeconds(2), attempts,
                Duration.ofMillis(50));
    }

    private static ExchangeConfig config(LoopbackReplay server) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("base_url", server.url() + "/v21.0");
        settings.put("privacy_group", "555");
        return new ExchangeConfig("te_test", ThreatExchangeClient.API, true, settings);
    }

    private static ThreatExchangeClient client(LoopbackReplay server, String token, int attempts)
            throws ExchangeException {
        return new ThreatExchangeClient(config(server), token, http(attempts), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ThreatExchangeClient client(LoopbackReplay server) throws ExchangeException {
        return client(server, TOKEN, 2);
    }


    private static Map<String, ExchangeUpdate> fold(List<ExchangePage> pages) {
        Map<String, ExchangeUpdate> state = new LinkedHashMap<>();
        for (ExchangePage p : pages) {
            for (ExchangeUpdate u : p.updates()) {
                state.put(u.value(), u);
            }
        }
        return state;
    }

    private static ExchangeUpdate find(ExchangePage page, String value) {
        return page.updates().stream().filter(u -> u.value().equals(value)).findFirst().orElseThrow();
    }

    private static void assertClean(Exception e) {
        String m = String.valueOf(e.getMessage());
        assertFalse(m.contains(SECRET), m);
        assertFalse(m.contains("access_token"), m);
    }

    @Test
    void fetchesEveryPageThroughPagingNext() throws IOException {
        try (LoopbackReplay server = server()) {
            List<ExchangePage> pages = fetch(client(server), null);
            assertEquals(3, pages.size());
            List<LoopbackReplay.Request> reqs = server.requests();
            assertEquals(3, reqs.size());
            assertEquals(ENCODED, reqs.get(0).param("access_token"));
            assertEquals("100", reqs.get(0).param("limit"));
            assertNull(reqs.get(0).param("start_time"));
            assertTrue(URLEncoder.encode(ThreatExchangeClient.FIELDS, StandardCharsets.UTF_8)
                    .equals(reqs.get(0).param("fields")));
            assertEquals("p2", reqs.get(1).param("after"));
            assertEquals(4, pages.get(0).updates().size()); // the URI record is skipped
            assertEquals(5, pages.get(1).updates().size());

            ThreatExchangeClient.Checkpoint cp = ThreatExchangeClient.Checkpoint.read(pages.get(1).checkpoint(), "t");
            assertEquals(230, cp.updateTime());
            assertEquals(NOW.getEpochSecond(), cp.lastFetchTime());
            assertEquals(Instant.ofEpochSecond(230), pages.get(1).progress());
        }
    }

    @Test
    void opinionsAndTagsBecomeStatusesAndLabels() throws IOException {
        try (LoopbackReplay server = server()) {
            List<ExchangePage> pages = fetch(client(server), null);
            ExchangeUpdate a = find(pages.get(0), A);
            assertEquals(SignalType.PDQ, a.type());
            assertEquals(SignalStatus.ACTIVE, a.status());
            assertEquals(Set.of("tag:media_type_photo", "tag:example_tag"), a.labels());
            assertEquals("1", a.externalId());
            assertEquals(Instant.ofEpochSecond(100), a.updated());
            ExchangeUpdate b = find(pages.get(0), B);
            assertEquals(SignalType.MD5, b.type());
            assertEquals(SignalStatus.ACTIVE, b.status());
            ExchangeUpdate c = find(pages.get(0), C);
            assertEquals(SignalStatus.DISPUTED, c.status());
            assertEquals(Set.of(), c.labels());
            ExchangeUpdate d = find(pages.get(0), D);
            assertEquals(SignalStatus.DISPUTED, d.status());
            assertEquals(Set.of("opinion:negative", "tag:benign"), d.labels());
            // a reaction of other apps counts as their opinion; tags in the {"data": [...]} form
            ExchangeUpdate h = find(pages.get(1), H);
            assertEquals(SignalStatus.DISPUTED, h.status());
            assertEquals(Set.of("opinion:negative", "tag:nested"), h.labels());
            assertEquals(SignalType.SHA256, find(pages.get(1), E).type());
        }
    }

    @Test
    void deletionsAndARevisionThenDeletion() throws IOException {
        try (LoopbackReplay server = server()) {
            List<ExchangePage> pages = fetch(client(server), null);
            // should_delete, missing descriptors, no owned descriptor: tombstones
            assertEquals(SignalStatus.DELETED, find(pages.get(1), E).status());
            assertEquals(SignalStatus.DELETED, find(pages.get(1), F).status());
            assertEquals(SignalStatus.DELETED, find(pages.get(1), G).status());
            // A: tagged, revised, then deleted
            ExchangeUpdate revised = find(pages.get(1), A);
            assertEquals(Set.of("tag:revised"), revised.labels());
            Map<String, ExchangeUpdate> bank = fold(pages);
            assertEquals(SignalStatus.DELETED, bank.get(A).status());
            assertEquals(Instant.ofEpochSecond(300), bank.get(A).updated());
            assertEquals(SignalStatus.ACTIVE, bank.get(B).status());
        }
    }

    @Test
    void resumesFromAPagesCheckpointWithOnlyTheLaterPages() throws IOException {
        try (LoopbackReplay server = server()) {
            List<ExchangePage> all = fetch(client(server), null);
            int before = server.requests().size();
            List<ExchangePage> rest = fetch(client(server), all.get(1).checkpoint());
            assertEquals(1, rest.size());
            assertEquals(all.get(2).updates(), rest.get(0).updates());
            assertEquals("230", server.requests().get(before).param("start_time"));
            assertEquals(ENCODED, server.requests().get(before).param("access_token"));
        }
    }

    @Test
    void anEmptyPageEndsTheFetchAndStillRecordsIt() throws IOException {
        try (LoopbackReplay server = server()) {
            String old = new ThreatExchangeClient.Checkpoint(300, NOW.getEpochSecond() - 3600).write();
            List<ExchangePage> pages = fetch(client(server), old);
            assertEquals(1, pages.size());
            assertTrue(pages.get(0).updates().isEmpty());
            ThreatExchangeClient.Checkpoint cp = ThreatExchangeClient.Checkpoint.read(pages.get(0).checkpoint(), "t");
            assertEquals(300, cp.updateTime());
            assertEquals(NOW.getEpochSecond(), cp.lastFetchTime());
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void staleEightyFiveDaysAfterTheLastFetch() throws ExchangeException, IOException {
        try (LoopbackReplay server = server()) {
            ThreatExchangeClient c = client(server);
            String cp = new ThreatExchangeClient.Checkpoint(300, NOW.getEpochSecond()).write();
            assertFalse(c.isStale(null, NOW));
            assertFalse(c.isStale(cp, NOW.plus(Duration.ofDays(84))));
            assertTrue(c.isStale(cp, NOW.plus(Duration.ofDays(86))));
        }
    }

    @Test
    void waitsOutA429WithRetryAfterThenSucceeds() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        try (LoopbackReplay server = server(f -> req -> calls.getAndIncrement() == 0
                ? LoopbackReplay.Reply.status(429, Map.of("Retry-After", "1")) : f.apply(req))) {
            long t0 = System.nanoTime();
            assertEquals(3, fetch(client(server), null).size());
            assertTrue(System.nanoTime() - t0 >= 900_000_000L, "Retry-After was not honoured");
            assertEquals(4, server.requests().size());
        }
    }

    @Test
    void retries500sThenSucceeds() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        try (LoopbackReplay server = server(f -> req -> calls.getAndIncrement() < 2
                ? LoopbackReplay.Reply.status(500, Map.of()) : f.apply(req))) {
            assertEquals(3, fetch(client(server, TOKEN, 3), null).size());
            assertEquals(5, server.requests().size());
        }
    }

    @Test
    void aTruncatedPageIsMalformedAndNothingIsHandedOver() throws IOException {
        try (LoopbackReplay server = server(f -> req -> {
            String whole = new String(f.apply(req).body(), StandardCharsets.UTF_8);
            return LoopbackReplay.Reply.page(JSONT, whole.substring(0, whole.length() - 40));
        })) {
            List<ExchangePage> pages = new ArrayList<>();
            ExchangeException e = assertThrows(ExchangeException.class, () -> client(server).fetch(null, pages::add));
            assertEquals(ExchangeException.Kind.MALFORMED, e.kind());
            assertTrue(pages.isEmpty());
            assertClean(e);
        }
    }

    @Test
    void aPageThatNeverFinishesTimesOut() throws IOException {
        try (LoopbackReplay server = server(f -> req -> LoopbackReplay.Reply.neverFinishing(JSONT,
                new String(f.apply(req).body(), StandardCharsets.UTF_8)))) {
            List<ExchangePage> pages = new ArrayList<>();
            ExchangeException e = assertThrows(ExchangeException.class, () -> client(server).fetch(null, pages::add));
            assertEquals(ExchangeException.Kind.NETWORK, e.kind());
            assertTrue(e.getMessage().contains("no complete response"), e.getMessage());
            assertTrue(pages.isEmpty());
            assertClean(e);
        }
    }

    @Test
    void wrongTokenIsRefusedAndNeverShown() throws IOException {
        try (LoopbackReplay server = server()) {
            ThreatExchangeClient wrong = client(server, "1234567890|WrongSecretWrongSecret_42", 2);
            ExchangeException e = assertThrows(ExchangeException.class, () -> wrong.fetch(null, p -> { }));
            assertEquals(ExchangeException.Kind.CREDENTIALS, e.kind());
            assertFalse(e.getMessage().contains("WrongSecret"), e.getMessage());
            assertClean(e);
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void aNextLinkToAnotherHostIsRefused() throws IOException {
        String evil = page("http://localhost:1/v21.0/555/threat_updates/?access_token=" + ENCODED + "&after=x",
                record("1", A, "HASH_PDQ", 100, descriptor("1", "MALICIOUS", "[]")));
        try (LoopbackReplay server = server(f -> req -> LoopbackReplay.Reply.page(JSONT, evil))) {
            List<ExchangePage> pages = new ArrayList<>();
            ExchangeException e = assertThrows(ExchangeException.class, () -> client(server).fetch(null, pages::add));
            assertEquals(ExchangeException.Kind.MALFORMED, e.kind());
            assertEquals(1, pages.size()); // the page itself was whole; its checkpoint is safe
            assertEquals(1, server.requests().size());
            assertClean(e);
        }
    }

    @Test
    void tokensComeFromAFileAndMustBeAppIdBarSecret() throws IOException {
        Path dir = Fixtures.scratchDir("te-credentials");
        Path good = Files.writeString(dir.resolve("good"), TOKEN + "\n");
        Path bad = Files.writeString(dir.resolve("bad"), SECRET + "\n");
        try (LoopbackReplay server = server()) {
            assertTrue(ThreatExchangeClient.create(config(server), good) instanceof ThreatExchangeClient);
            ExchangeException e = assertThrows(ExchangeException.class,
                    () -> ThreatExchangeClient.create(config(server), bad));
            assertEquals(ExchangeException.Kind.CREDENTIALS, e.kind());
            assertClean(e);
            ExchangeConfig noGroup = new ExchangeConfig("te_test", ThreatExchangeClient.API, true, Map.of());
            assertThrows(ExchangeException.class, () -> ThreatExchangeClient.create(noGroup, good));
        }
    }
}
