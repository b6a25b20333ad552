package io.mediamatch.exchange;

import static io.mediamatch.exchange.Fetches.fetch;
import static io.mediamatch.exchange.Fetches.updates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediamatch.exchange.PagedReplayServer.Reply;
import io.mediamatch.exchange.PagedReplayServer.Request;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** StopNciiClient against a FetchHashes replay server on loopback: pytx's recorded pages and a live dataset. */
@Timeout(10)
class StopNciiClientTest {
    private static final String KEYS = "fkey-SECRET1,skey-SECRET2";
    private static final String PAGE_TOKEN = "W3siY29tcG9zaXRlVG9rZW4iOnsidG9rZW4iOiIrUklEOn4xMnRWQUo4SzU2Y0NB"
            + "QUFBQUFBQUFBPT0jUlQ6MSNUUkM6MiNSVEQ6SFBKSm1LVDF1WnFsQkJuR3lOU09CTUhaRytHL1FBPT0jSVNWOjIjSUVPOjY1NTY3";
    private static final String H1 = "2afc4a5c09628a7961c14d436493bba66b89b831453baa1d556ba385554daa82";
    private static final String H2 = "79e07de27d7295339435d63cd31cf35a7bfa29eb2885008500a588a5ea3ae75a";
    private static final String H3 = "9def0b7dafa86a1c90f2abd78e79ceb25ec3d1a4b3d4bc7a4354baf7717ea038";

    private PagedReplayServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String fixture(String name) throws IOException {
        return Files.readString(Fixtures.dataDir().resolve("exchange/stopncii/" + name), StandardCharsets.UTF_8);
    }

    private StopNciiClient client(int attempts, Map<String, String> settings) throws ExchangeException {
        Map<String, String> s = new java.util.HashMap<>(settings);
        s.put("base_url", server.base());
        return new StopNciiClient(new ExchangeConfig("ncii", "stop_ncii", true, s), KEYS,
                new ExchangeHttp("ncii", Duration.ofSeconds(1), Duration.ofSeconds(2), attempts,
                        Duration.ofMillis(50)));
    }



    private static boolean authorised(Request r) {
        return "fkey-SECRET1".equals(r.headers().get("x-functions-key"))
                && "skey-SECRET2".equals(r.headers().get("ocp-apim-subscription-key"));
    }

    @Test
    void pytxRecordedPagesInOrderWithBothKeyHeaders() throws IOException {
        String p1 = fixture("fetch-page1.json");
        String p2 = fixture("fetch-page2.json");
        server = new PagedReplayServer(r -> !authorised(r) ? Reply.status(401, Map.of())
                : PAGE_TOKEN.equals(r.query().get("nextPageToken")) ? Reply.json(p2) : Reply.json(p1));
        List<ExchangePage> pages = fetch(client(2, Map.of()), null);

        assertEquals(2, pages.size());
        assertEquals(2, server.requests.size());
        Request first = server.requests.get(0);
        assertEquals("/FetchHashes", first.path());
        assertEquals("10", first.query().get("startTimestamp"));
        assertEquals("800", first.query().get("pageSize"));
        assertFalse(first.query().containsKey("nextPageToken"));
        assertEquals(PAGE_TOKEN, server.requests.get(1).query().get("nextPageToken"));

        List<ExchangeUpdate> all = updates(pages);
        assertEquals(List.of(H1, H2, H3), all.stream().map(ExchangeUpdate::value).toList());
        assertTrue(all.stream().allMatch(u -> u.type() == SignalType.PDQ && u.status() == SignalStatus.ACTIVE));
        assertEquals(Instant.ofEpochSecond(1625167804), all.get(0).updated());
        assertTrue(all.get(0).labels().contains("case:27664732-76e1-4a17-8099-455798e67022=Received"));
        assertEquals(4, all.get(0).labels().size());
        assertTrue(all.get(2).labels().containsAll(List.of("tag:Nude", "tag:Objectionable",
                "feedback:Facebook=Blocked", "case:cc592711-7068-442f-b5d2-24d50d389751=Active")));

        // page 2's nextSetTimestamp goes back: resume from it, but progress never rewinds
        assertEquals(Instant.ofEpochSecond(1625175071), pages.get(0).progress());
        assertEquals(Instant.ofEpochSecond(1625175071), pages.get(1).progress());
        JsonNode cp = PageJson.MAPPER.readTree(pages.get(1).checkpoint());
        assertEquals(1625167824, cp.get("update_time").asLong());
        assertFalse(pages.get(1).checkpoint().contains("W3si"), "the page token is never stored");

        server.requests.clear();
        fetch(client(2, Map.of()), pages.get(1).checkpoint());
        assertEquals("1625167824", server.requests.get(0).query().get("startTimestamp"));
    }

    @Test
    void recordsWithUnknownEnumValuesAreDroppedNotFatal() throws IOException {
        String page = fixture("fetch-undefined-enum.json");
        server = new PagedReplayServer(r -> Reply.json(page));
        List<ExchangeUpdate> all = updates(fetch(client(2, Map.of()), null));
        assertEquals(1, all.size());
        assertEquals(H3, all.get(0).value());
    }

    /** A live FetchHashes: records ordered by lastModtimestamp, {@code startTimestamp} inclusive, token = offset. */
    private static final class Dataset {
        final List<ObjectNode> records = new ArrayList<>();

        synchronized void put(long ts, String type, String value, String status, Map<String, String> cases,
                              String... feedbacks) {
            records.removeIf(r -> r.get("hashValue").asText().equals(value));
            ObjectNode r = PageJson.MAPPER.createObjectNode();
            r.put("lastModtimestamp", ts);
            r.put("signalType", type);
            r.put("hashValue", value);
            r.put("hashStatus", status);
            ObjectNode c = r.putObject("caseNumbers");
            cases.forEach(c::put);
            ArrayNode fb = r.putArray("CSPFeedbacks");
            for (String f : feedbacks) {
                String[] sv = f.split("=");
                ObjectNode o = fb.addObject();
                o.put("source", sv[0]);
                o.put("feedbackValue", sv[1]);
                o.putArray("tags").add("t-" + sv[0]);
            }
            r.putArray("hashRegions").add("UK");
            records.add(r);
        }

        synchronized Reply answer(Request req) {
            if (!authorised(req)) {
                return Reply.status(401, Map.of());
            }
            long start = Long.parseLong(req.query().get("startTimestamp"));
            int size = Integer.parseInt(req.query().get("pageSize"));
            String tok = req.query().get("nextPageToken");
            int offset = tok == null ? 0 : Integer.parseInt(new String(Base64.getDecoder().decode(tok),
                    StandardCharsets.UTF_8));
            List<ObjectNode> from = records.stream().filter(r -> r.get("lastModtimestamp").asLong() >= start)
                    .sorted(Comparator.comparingLong(r -> r.get("lastModtimestamp").asLong())).toList();
            List<ObjectNode> page = from.subList(Math.min(offset, from.size()), Math.min(offset + size, from.size()));
            ObjectNode o = PageJson.MAPPER.createObjectNode();
            o.put("count", page.size());
            o.put("nextSetTimestamp", page.isEmpty() ? start
                    : page.get(page.size() - 1).get("lastModtimestamp").asLong() + 1);
            boolean more = offset + size < from.size();
            o.put("hasMoreRecords", more);
            o.put("nextPageToken", Base64.getEncoder().encodeToString(
                    String.valueOf(offset + size).getBytes(StandardCharsets.UTF_8)));
            o.putArray("hashRecords").addAll(page);
            return Reply.json(o.toString());
        }
    }

    private static String pdq(int i) {
        return String.format("%064x", i + 0xabcdefL);
    }

    @Test
    void updatesReviseThenDeleteAndOpinionsBecomeStatusAndLabels() throws IOException {
        Dataset d = new Dataset();
        d.put(100, "ImagePDQ", pdq(1), "Active", Map.of("c1", "Active"), "Meta=Blocked");
        d.put(101, "ImagePDQ", pdq(2), "Active", Map.of("c2", "Active"), "Meta=NotBlocked");
        d.put(102, "VideoMD5", "D41D8CD98F00B204E9800998ECF8427E", "Received", Map.of("c3", "Received"));
        d.put(103, "VideoTMK", "AAAA", "Active", Map.of());
        d.put(104, "ImagePDQ", "not-hex", "Active", Map.of());
        d.put(105, "ImagePDQ", pdq(3), "Active", Map.of("c4", "Withdrawn", "c5", "Deleted"));
        server = new PagedReplayServer(d::answer);
        StopNciiClient c = client(2, Map.of("page_size", "2"));
        List<ExchangePage> pages = fetch(c, null);
        assertEquals(3, pages.size());
        List<ExchangeUpdate> all = updates(pages);
        assertEquals(4, all.size(), "VideoTMK and an invalid PDQ are skipped");
        assertEquals(SignalStatus.ACTIVE, all.get(0).status());
        assertFalse(all.get(0).labels().contains("opinion:negative"));
        assertEquals(SignalStatus.DISPUTED, all.get(1).status());
        assertTrue(all.get(1).labels().contains("opinion:negative"));
        assertTrue(all.get(1).labels().contains("tag:t-Meta"));
        assertEquals(SignalType.MD5, all.get(2).type());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", all.get(2).value());
        assertEquals(pdq(3), all.get(3).value());
        assertEquals(SignalStatus.DELETED, all.get(3).status(), "every case withdrawn or deleted");

        // revise hash 1 (blocked by one, not by another: disputed), then withdraw it
        d.put(200, "ImagePDQ", pdq(1), "Active", Map.of("c1", "Active"), "Meta=Blocked", "Other=NotBlocked");
        String cp = pages.get(pages.size() - 1).checkpoint();
        List<ExchangeUpdate> revised = updates(fetch(c, cp));
        assertEquals(1, revised.size());
        assertEquals(SignalStatus.DISPUTED, revised.get(0).status());
        assertFalse(revised.get(0).labels().contains("opinion:negative"));
        assertTrue(revised.get(0).labels().contains("feedback:Other=NotBlocked"));

        d.put(300, "ImagePDQ", pdq(1), "Withdrawn", Map.of("c1", "Withdrawn"));
        List<ExchangePage> later = new ArrayList<>();
        c.fetch(cp, later::add);
        List<ExchangeUpdate> deleted = updates(later);
        assertEquals(1, deleted.size());
        assertEquals(ExchangeUpdate.deleted(SignalType.PDQ, pdq(1), "", Instant.ofEpochSecond(300)),
                deleted.get(0));
    }

    @Test
    void resumingFromAPagesCheckpointGivesOnlyLaterPages() throws IOException {
        Dataset d = new Dataset();
        for (int i = 0; i < 5; i++) {
            d.put(1000 + i, "ImagePDQ", pdq(i), "Active", Map.of("c" + i, "Active"));
        }
        server = new PagedReplayServer(d::answer);
        StopNciiClient c = client(2, Map.of("page_size", "2"));
        List<ExchangePage> pages = fetch(c, null);
        assertEquals(3, pages.size());
        List<ExchangeUpdate> rest = updates(fetch(c, pages.get(0).checkpoint()));
        assertEquals(List.of(pdq(2), pdq(3), pdq(4)), rest.stream().map(ExchangeUpdate::value).toList());
        assertEquals(Instant.ofEpochSecond(1005), pages.get(2).progress());
    }

    @Test
    void anEmptyPageEndsTheFetch() throws IOException {
        server = new PagedReplayServer(r -> Reply.json("{\"count\":0,\"nextSetTimestamp\":77,"
                + "\"nextPageToken\":\"abc\",\"hasMoreRecords\":true,\"hashRecords\":[]}"));
        List<ExchangePage> pages = fetch(client(2, Map.of()), null);
        assertEquals(1, server.requests.size());
        assertEquals(1, pages.size());
        assertTrue(pages.get(0).updates().isEmpty());
        assertEquals(77, PageJson.MAPPER.readTree(pages.get(0).checkpoint()).get("update_time").asLong());
    }

    @Test
    void a429WithRetryAfterIsWaitedOutThenSucceeds() throws IOException {
        String p2 = fixture("fetch-page2.json");
        AtomicInteger n = new AtomicInteger();
        server = new PagedReplayServer(r -> n.getAndIncrement() == 0
                ? Reply.status(429, Map.of("Retry-After", "1")) : Reply.json(p2));
        long t0 = System.nanoTime();
        List<ExchangeUpdate> all = updates(fetch(client(2, Map.of()), null));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, all.size());
        assertEquals(2, server.requests.size());
        assertTrue(ms >= 900, "waited " + ms + " ms, Retry-After said 1 s");
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() throws IOException {
        String p2 = fixture("fetch-page2.json");
        AtomicInteger n = new AtomicInteger();
        server = new PagedReplayServer(r -> n.getAndIncrement() < 2 ? Reply.status(n.get() == 1 ? 500 : 503,
                Map.of()) : Reply.json(p2));
        assertEquals(1, updates(fetch(client(3, Map.of()), null)).size());
        assertEquals(3, server.requests.size());

        n.set(-10);
        ExchangeException e = assertThrows(ExchangeException.class, () -> fetch(client(3, Map.of()), null));
        assertEquals(ExchangeException.Kind.HTTP_STATUS, e.kind());
    }

    @Test
    void aTruncatedPageIsMalformedAndNothingOfItIsHandedOver() throws IOException {
        String p1 = fixture("fetch-page1.json");
        String p2 = fixture("fetch-page2.json");
        server = new PagedReplayServer(r -> r.query().containsKey("nextPageToken")
                ? Reply.truncated(p2, p2.length() - 40) : Reply.json(p1));
        List<ExchangePage> pages = new ArrayList<>();
        ExchangeException e = assertThrows(ExchangeException.class, () -> client(2, Map.of()).fetch(null,
                pages::add));
        assertEquals(ExchangeException.Kind.MALFORMED, e.kind());
        assertEquals(1, pages.size(), "page 1 is whole; page 2 is not handed over");
        assertEquals(2, pages.get(0).updates().size());

        server.handler(r -> Reply.truncated(p1, 30));
        pages.clear();
        e = assertThrows(ExchangeException.class, () -> client(2, Map.of()).fetch(null, pages::add));
        assertEquals(ExchangeException.Kind.MALFORMED, e.kind());
        assertTrue(pages.isEmpty());
    }

    @Test
    void aConnectionCutMidPageIsANetworkErrorAfterRetries() throws IOException {
        String p1 = fixture("fetch-page1.json");
        server = new PagedReplayServer(r -> Reply.cut(p1, 100));
        List<ExchangePage> pages = new ArrayList<>();
        ExchangeException e = assertThrows(ExchangeException.class, () -> client(2, Map.of()).fetch(null,
                pages::add));
        assertEquals(ExchangeException.Kind.NETWORK, e.kind());
        assertEquals(2, server.requests.size());
        assertTrue(pages.isEmpty());
    }

    @Test
    void aPageThatNeverFinishesTimesOut() throws IOException {
        String p1 = fixture("fetch-page1.json");
        server = new PagedReplayServer(r -> Reply.hanging(p1));
        List<ExchangePage> pages = new ArrayList<>();
        long t0 = System.nanoTime();
        ExchangeException e = assertThrows(ExchangeException.class, () -> client(2, Map.of()).fetch(null,
                pages::add));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ExchangeException.Kind.NETWORK, e.kind());
        assertTrue(e.getMessage().contains("no complete response"), e.getMessage());
        assertTrue(ms < 8000, ms + " ms");
        assertTrue(pages.isEmpty());
    }

    @Test
    void refusedKeysAreACredentialsErrorThatNeverShowsThem() throws IOException {
        server = new PagedReplayServer(r -> Reply.status(401, Map.of()));
        ExchangeException e = assertThrows(ExchangeException.class, () -> fetch(client(3, Map.of()), null));
        assertEquals(ExchangeException.Kind.CREDENTIALS, e.kind());
        assertEquals(1, server.requests.size(), "refused credentials are not retried");
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());

        ExchangeException bad = assertThrows(ExchangeException.class, () -> new StopNciiClient(
                new ExchangeConfig("ncii", "stop_ncii", true, Map.of()), "onlyOneSECRETkey", ExchangeHttp.defaults("x")));
        assertEquals(ExchangeException.Kind.CREDENTIALS, bad.kind());
        assertFalse(bad.getMessage().contains("SECRET"), bad.getMessage());
    }

    @Test
    void credentialsFileAndItsBaseUrlOverride() throws IOException {
        String p2 = fixture("fetch-page2.json");
        server = new PagedReplayServer(r -> authorised(r) ? Reply.json(p2) : Reply.status(401, Map.of()));
        Path dir = Fixtures.scratchDir("stopncii-credentials");
        Path file = dir.resolve("keys");
        Files.writeString(file, KEYS + "," + server.base() + "\n");
        ExchangeClient c = StopNciiClient.create(new ExchangeConfig("ncii", "stop_ncii", true, Map.of()), file);
        assertEquals(1, updates(fetch(c, null)).size());
    }

    @Test
    void staleThirtyDaysAfterTheLastFetch() throws ExchangeException {
        StopNciiClient c = new StopNciiClient(new ExchangeConfig("ncii", "stop_ncii", true, Map.of()), KEYS,
                ExchangeHttp.defaults("ncii"));
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        String recent = "{\"update_time\":5,\"last_fetch_time\":" + now.minus(Duration.ofDays(29)).getEpochSecond()
                + "}";
        String old = "{\"update_time\":5,\"last_fetch_time\":" + now.minus(Duration.ofDays(31)).getEpochSecond()
                + "}";
        assertFalse(c.isStale(null, now));
        assertFalse(c.isStale(recent, now));
        assertTrue(c.isStale(old, now));
        assertTrue(c.isStale("garbage", now));
    }
}
