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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The NCMEC client against a loopback replay of pytx's recorded NCMEC pages. */
@Timeout(10)
class NcmecClientTest {
    private static final String USER = "testington";
    private static final String PASSWORD = "s3cretPassw0rd";
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    /** The recorded pages' window: one minute, paged through without shrinking. */
    private static final Instant FROM = Instant.parse("2017-10-24T15:00:00Z");
    private static final String START = "{\"from\": " + FROM.getEpochSecond() + "}";
    private static final Instant NOW = FROM.plusSeconds(65);
    private static final long END = NOW.getEpochSecond() - 5;
    private static final String XML = "application/xml";

    private static String fixture(String name) throws IOException {
        return Files.readString(Fixtures.dataDir().resolve("exchange/ncmec").resolve(name), StandardCharsets.UTF_8);
    }

    /** pytx's paging: the first window's request, then its next links (start=2001, 3001, 4001). */
    private static Function<LoopbackReplay.Request, LoopbackReplay.Reply> recorded() throws IOException {
        Map<String, String> byStart = Map.of("", fixture("entries1.xml"), "2001", fixture("entries2.xml"),
                "3001", fixture("entries3.xml"), "4001", fixture("entries4.xml"));
        String empty = fixture("entries-no-data.xml");
        return req -> {
            if (!AUTH.equals(req.authorization())) {
                return LoopbackReplay.Reply.status(401, Map.of("WWW-Authenticate", "Basic"));
            }
            if (!req.path().equals("/hashsharing/v2/entries")) {
                return LoopbackReplay.Reply.status(404, Map.of());
            }
            String start = req.param("start");
            if (start == null && !"2017-10-24T15:00:00Z".equals(req.param("from"))) {
                return LoopbackReplay.Reply.page(XML, empty); // a later window: nothing new
            }
            return LoopbackReplay.Reply.page(XML, byStart.get(start == null ? "" : start));
        };
    }

    private static ExchangeHttp http(int attempts) {
        return new ExchangeHttp("ncmec_test", Duration.ofSeconds(1), Duration.ofSeconds(2), attempts,
                Duration.ofMillis(50));
    }

    private static NcmecClient client(LoopbackReplay server, Instant now, int attempts, Map<String, String> extra)
            throws ExchangeException {
        Map<String, String> settings = new LinkedHashMap<>(extra);
        settings.put("base_url", server.url() + "/hashsharing");
        return new NcmecClient(new ExchangeConfig("ncmec_test", NcmecClient.API, true, settings),
                USER + ":" + PASSWORD, http(attempts), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static NcmecClient client(LoopbackReplay server) throws ExchangeException {
        return client(server, NOW, 2, Map.of());
    }


    /** The bank after applying the pages in order: (type, value) -> last update. */
    private static Map<String, ExchangeUpdate> fold(List<ExchangePage> pages) {
        Map<String, ExchangeUpdate> state = new LinkedHashMap<>();
        for (ExchangePage p : pages) {
            for (ExchangeUpdate u : p.updates()) {
                if (u.withdrawsEntry()) { // every value stored under the entry's id becomes a tombstone
                    state.replaceAll((k, v) -> v.externalId().equals(u.externalId())
                            ? ExchangeUpdate.deleted(v.type(), v.value(), v.externalId(), u.updated()) : v);
                    continue;
                }
                state.put(u.type().name() + ":" + u.value(), u);
            }
        }
        return state;
    }

    private static void assertClean(Exception e) {
        String m = String.valueOf(e.getMessage());
        assertFalse(m.contains(PASSWORD), m);
        assertFalse(m.contains(AUTH.substring(6)), m);
    }

    @Test
    void fetchesEveryPageThroughTheNextLinks() throws IOException {
        try (LoopbackReplay server = new LoopbackReplay(recorded())) {
            List<ExchangePage> pages = fetch(client(server), START);
            assertEquals(4, pages.size());
            List<LoopbackReplay.Request> reqs = server.requests();
            assertEquals(4, reqs.size());
            assertEquals("from=2017-10-24T15:00:00Z&to=2017-10-24T15:01:00Z", reqs.get(0).query());
            assertEquals("from=2017-10-20T00%3A00%3A00.000Z&to=2017-10-30T00%3A00%3A00.000Z&start=2001&size=1000"
                    + "&max=3000", reqs.get(1).query());
            assertEquals("4001", reqs.get(3).param("start"));

            ExchangeUpdate image1 = pages.get(0).updates().stream().filter(u -> u.externalId().equals("42-image1"))
                    .findFirst().orElseThrow();
            assertEquals(SignalType.MD5, image1.type());
            assertEquals("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", image1.value());
            assertEquals(SignalStatus.ACTIVE, image1.status());
            assertEquals(Set.of("classification:A1", "esp:42"), image1.labels());
            assertEquals(Instant.parse("2017-10-24T15:00:00Z"), image1.updated());
            // sha1 and pdna are not held: image1 gives one update
            assertEquals(1, pages.get(0).updates().stream().filter(u -> u.externalId().equals("42-image1")).count());

            // mid-window checkpoints keep the window start and the next link; the last one moves on
            NcmecClient.Checkpoint mid = NcmecClient.Checkpoint.read(pages.get(0).checkpoint(), "t");
            assertEquals(FROM.getEpochSecond(), mid.from());
            assertEquals(END, mid.to());
            assertTrue(mid.next().contains("start=2001"), mid.next());
            assertEquals(FROM, pages.get(0).progress());
            NcmecClient.Checkpoint last = NcmecClient.Checkpoint.read(pages.get(3).checkpoint(), "t");
            assertEquals(END, last.from());
            assertNull(last.next());
            assertEquals(Instant.ofEpochSecond(END), pages.get(3).progress());
        }
    }

    @Test
    void anEntryRevisedThenDeletedEndsAsItsLastState() throws IOException {
        try (LoopbackReplay server = new LoopbackReplay(recorded())) {
            Map<String, ExchangeUpdate> bank = fold(fetch(client(server), START));
            ExchangeUpdate updated = bank.get("MD5:facefacefacefacefacefacefaceface");
            assertEquals(SignalStatus.ACTIVE, updated.status());
            assertEquals(Set.of("classification:A2", "esp:101"), updated.labels());
            ExchangeUpdate deleted = bank.get("MD5:bacebacebacebacebacebacebacebace");
            assertEquals(SignalStatus.DELETED, deleted.status());
            assertEquals("101-willdelete", deleted.externalId());
            assertEquals(SignalStatus.ACTIVE, bank.get("MD5:b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1").status());
            assertEquals(SignalStatus.ACTIVE, bank.get("MD5:b1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1").status());
        }
    }

    @Test
    void deletedEntriesTheFetchDidNotSeeAreWithdrawnByTheirId() throws IOException {
        try (LoopbackReplay server = new LoopbackReplay(recorded())) {
            List<ExchangeUpdate> first = fetch(client(server), START).get(0).updates();
            // image1 and video1 with their values; image4 and video4 were deleted, naming no value
            assertEquals(2, first.stream().filter(u -> !u.withdrawsEntry()).count(), first.toString());
            assertEquals(Set.of("43-image4", "42-video4"), first.stream().filter(ExchangeUpdate::withdrawsEntry)
                    .map(ExchangeUpdate::externalId).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void pdqOfImagesEspFilterAndFingerprintLinks() throws IOException {
        String pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
        String page = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <queryResult xmlns="https://hashsharing.ncmec.org/hashsharing/v2">
                  <images count="2" maxTimestamp="2019-11-24T15:10:00Z">
                    <image><member id="7">Seven</member><timestamp>2019-11-24T15:10:00Z</timestamp><id>p1</id>
                      <classification>B1</classification>
                      <fingerprints><pdq>%s</pdq><md5>00112233445566778899aabbccddeeff</md5></fingerprints></image>
                    <image><member id="8">Eight</member><timestamp>2019-11-24T15:10:00Z</timestamp><id>p2</id>
                      <fingerprints><md5>ffeeddccbbaa99887766554433221100</md5></fingerprints></image>
                  </images>
                  <videos count="1" maxTimestamp="2019-11-24T15:10:00Z">
                    <video><member id="7">Seven</member><timestamp>2019-11-24T15:10:00Z</timestamp><id>v1</id>
                      <fingerprints><md5>facefacefacefacefacefacefaceface</md5>
                        <tmk-pdqf rel="self" href="/v2/entries/1/fingerprints/TMK_PDQF"/>
                        <videntifier rel="self" href="/v2/entries/1/fingerprints/VIDENTIFIER"/></fingerprints></video>
                  </videos>
                </queryResult>
                """.formatted(pdq);
        try (LoopbackReplay server = new LoopbackReplay(req -> LoopbackReplay.Reply.page(XML, page))) {
            List<ExchangePage> pages = fetch(client(server, NOW, 2, Map.of("only_esp_ids", "7, 9")), null);
            assertEquals(1, pages.size());
            List<ExchangeUpdate> u = pages.get(0).updates();
            assertEquals(3, u.size(), u.toString());
            assertEquals(SignalType.PDQ, u.get(0).type());
            assertEquals(pdq, u.get(0).value());
            assertEquals(Set.of("classification:B1", "esp:7"), u.get(0).labels());
            assertEquals(SignalType.MD5, u.get(1).type());
            assertEquals("7-p1", u.get(1).externalId());
            assertEquals("facefacefacefacefacefacefaceface", u.get(2).value());
            assertTrue(u.stream().noneMatch(x -> x.externalId().startsWith("8-")));
        }
    }

    @Test
    void resumesFromAPagesCheckpointWithOnlyTheLaterPages() throws IOException {
        try (LoopbackReplay server = new LoopbackReplay(recorded())) {
            List<ExchangePage> all = fetch(client(server), START);
            int before = server.requests().size();
            List<ExchangePage> rest = fetch(client(server), all.get(1).checkpoint());
            assertEquals(List.of(all.get(2), all.get(3)), rest);
            assertEquals("3001", server.requests().get(before).param("start"));

            // from the last checkpoint a minute later: the next window only, empty
            before = server.requests().size();
            Instant later = NOW.plusSeconds(60);
            List<ExchangePage> next = fetch(client(server, later, 2, Map.of()), all.get(3).checkpoint());
            assertEquals(1, next.size());
            assertTrue(next.get(0).updates().isEmpty());
            assertEquals("2017-10-24T15:01:00Z", server.requests().get(before).param("from"));
            assertEquals("2017-10-24T15:02:00Z", server.requests().get(before).param("to"));
            assertEquals(END + 60, NcmecClient.Checkpoint.read(next.get(0).checkpoint(), "t").from());
        }
    }

    @Test
    void aNextLinkOlderThanTwelveHoursPagesTheWindowAgain() throws IOException {
        try (LoopbackReplay server = new LoopbackReplay(recorded())) {
            String mid = fetch(client(server), START).get(1).checkpoint();
            int before = server.requests().size();
            Instant later = NOW.plus(Duration.ofHours(13));
            List<ExchangePage> again = fetch(client(server, later, 2, Map.of()), mid);
            LoopbackReplay.Request first = server.requests().get(before);
            assertNull(first.param("start"));
            assertEquals("2017-10-24T15:00:00Z", first.param("from"));
            assertEquals(SignalStatus.DELETED, fold(again).get("MD5:bacebacebacebacebacebacebacebace").status());
            assertEquals(later.getEpochSecond() - 5,
                    NcmecClient.Checkpoint.read(again.get(again.size() - 1).checkpoint(), "t").from());
        }
    }

    @Test
    void anEmptyPageEndsTheFetch() throws IOException {
        String empty = fixture("entries-no-data.xml");
        try (LoopbackReplay server = new LoopbackReplay(req -> LoopbackReplay.Reply.page(XML, empty))) {
            List<ExchangePage> pages = fetch(client(server), START);
            assertEquals(1, pages.size());
            assertTrue(pages.get(0).updates().isEmpty());
            assertEquals(END, NcmecClient.Checkpoint.read(pages.get(0).checkpoint(), "t").from());
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void waitsOutA429WithRetryAfterThenSucceeds() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Function<LoopbackReplay.Request, LoopbackReplay.Reply> pages = recorded();
        try (LoopbackReplay server = new LoopbackReplay(req -> calls.getAndIncrement() == 0
                ? LoopbackReplay.Reply.status(429, Map.of("Retry-After", "1")) : pages.apply(req))) {
            long t0 = System.nanoTime();
            List<ExchangePage> got = fetch(client(server), START);
            assertTrue(System.nanoTime() - t0 >= 900_000_000L, "Retry-After was not honoured");
            assertEquals(4, got.size());
            assertEquals(5, server.requests().size());
        }
    }

    @Test
    void retries500sThenSucceeds() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Function<LoopbackReplay.Request, LoopbackReplay.Reply> pages = recorded();
        try (LoopbackReplay server = new LoopbackReplay(req -> calls.getAndIncrement() < 2
                ? LoopbackReplay.Reply.status(500, Map.of()) : pages.apply(req))) {
            List<ExchangePage> got = fetch(client(server, NOW, 3, Map.of()), START);
            assertEquals(4, got.size());
            assertEquals(6, server.requests().size());
        }
    }

    @Test
    void aTruncatedPageIsMalformedAndNothingIsHandedOver() throws IOException {
        String whole = fixture("entries1.xml");
        String cut = whole.substring(0, whole.indexOf("<deletedImage>") + 20);
        try (LoopbackReplay server = new LoopbackReplay(req -> LoopbackReplay.Reply.page(XML, cut))) {
            List<ExchangePage> pages = new ArrayList<>();
            ExchangeException e = assertThrows(ExchangeException.class, () -> client(server).fetch(null, pages::add));
            assertEquals(ExchangeException.Kind.MALFORMED, e.kind());
            assertTrue(pages.isEmpty());
            assertTrue(e.getMessage().startsWith("ncmec_test: GET http://127.0.0.1:"), e.getMessage());
            assertClean(e);
        }
    }

    @Test
    void aPageThatNeverFinishesTimesOut() throws IOException {
        String whole = fixture("entries1.xml");
        try (LoopbackReplay server = new LoopbackReplay(req -> LoopbackReplay.Reply.neverFinishing(XML, whole))) {
            List<ExchangePage> pages = new ArrayList<>();
            ExchangeException e = assertThrows(ExchangeException.class, () -> client(server).fetch(null, pages::add));
            assertEquals(ExchangeException.Kind.NETWORK, e.kind());
            assertTrue(e.getMessage().contains("no complete response"), e.getMessage());
            assertTrue(pages.isEmpty());
            assertClean(e);
        }
    }

    @Test
    void wrongCredentialsAreRefused() throws IOException {
        try (LoopbackReplay server = new LoopbackReplay(recorded())) {
            NcmecClient wrong = new NcmecClient(new ExchangeConfig("ncmec_test", NcmecClient.API, true,
                    Map.of("base_url", server.url() + "/hashsharing")), USER + ":wrong-" + PASSWORD, http(2),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            ExchangeException e = assertThrows(ExchangeException.class, () -> wrong.fetch(START, p -> { }));
            assertEquals(ExchangeException.Kind.CREDENTIALS, e.kind());
            assertEquals(1, server.requests().size());
            assertClean(e);
        }
    }

    @Test
    void credentialsComeFromAFileAndMustBeUserColonPassword() throws IOException {
        Path dir = Fixtures.scratchDir("ncmec-credentials");
        Path good = Files.writeString(dir.resolve("good"), USER + ":" + PASSWORD + "\n");
        Path bad = Files.writeString(dir.resolve("bad"), PASSWORD + "\n");
        try (LoopbackReplay server = new LoopbackReplay(recorded())) {
            ExchangeConfig config = new ExchangeConfig("ncmec_test", NcmecClient.API, true,
                    Map.of("base_url", server.url() + "/hashsharing"));
            assertTrue(NcmecClient.create(config, good) instanceof NcmecClient);
            ExchangeException e = assertThrows(ExchangeException.class, () -> NcmecClient.create(config, bad));
            assertEquals(ExchangeException.Kind.CREDENTIALS, e.kind());
            assertClean(e);
        }
    }

    @Test
    void environmentsNameTheirBaseUrls() throws IOException {
        ExchangeConfig test = new ExchangeConfig("n", NcmecClient.API, true, Map.of("environment", "test_NGO"));
        NcmecClient c = new NcmecClient(test, "u:p", http(1), Clock.systemUTC());
        assertEquals("https://hashsharing-test.ncmec.org/npo", c.baseUrl().toString());
        assertFalse(c.isStale("{\"from\": 5}", Instant.now()));
        ExchangeConfig unknown = new ExchangeConfig("n", NcmecClient.API, true, Map.of("environment", "Nope"));
        assertThrows(ExchangeException.class, () -> new NcmecClient(unknown, "u:p", http(1), Clock.systemUTC()));
    }

    /** One entry of a simulated NCMEC database: live with an MD5, or deleted. */
    private record Stored(String id, long timestamp, String md5, boolean deleted) {}

    /**
     * A simulated NCMEC database paged as the API does: the entries of [from, to) in id order (not time order),
     * {@code size} at a time, with next links that keep from and to.
     */
    private static Function<LoopbackReplay.Request, LoopbackReplay.Reply> database(List<Stored> all, int size) {
        return req -> {
            java.util.function.UnaryOperator<String> dec = v -> java.net.URLDecoder.decode(v, StandardCharsets.UTF_8);
            String fromText = dec.apply(req.param("from"));
            String toText = dec.apply(req.param("to"));
            long from = Instant.parse(fromText).getEpochSecond();
            long to = Instant.parse(toText).getEpochSecond();
            int start = req.param("start") == null ? 1 : Integer.parseInt(req.param("start"));
            List<Stored> range = all.stream().filter(e -> e.timestamp() >= from && e.timestamp() < to)
                    .sorted(java.util.Comparator.comparing(Stored::id)).toList();
            List<Stored> page = range.subList(Math.min(range.size(), start - 1),
                    Math.min(range.size(), start - 1 + size));
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<queryResult xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\">\n<images count=\""
                    + page.size() + "\" maxTimestamp=\"" + Instant.ofEpochSecond(page.stream()
                    .mapToLong(Stored::timestamp).max().orElse(from)) + "\">\n");
            for (Stored e : page) {
                String head = "<member id=\"5\">Five</member><timestamp>" + Instant.ofEpochSecond(e.timestamp())
                        + "</timestamp><id>" + e.id() + "</id>";
                xml.append(e.deleted() ? "<deletedImage>" + head + "</deletedImage>\n"
                        : "<image>" + head + "<classification>A1</classification><fingerprints><md5>" + e.md5()
                        + "</md5></fingerprints></image>\n");
            }
            xml.append("</images>\n");
            if (start - 1 + size < range.size()) {
                String enc = java.net.URLEncoder.encode(fromText, StandardCharsets.UTF_8);
                xml.append("<paging><next>/v2/entries?from=").append(enc).append("&amp;to=")
                        .append(java.net.URLEncoder.encode(toText, StandardCharsets.UTF_8)).append("&amp;start=")
                        .append(start + size).append("&amp;size=").append(size).append("&amp;max=")
                        .append(range.size()).append("</next></paging>\n");
            }
            return LoopbackReplay.Reply.page(XML, xml.append("</queryResult>\n").toString());
        };
    }

    @Test
    void timeWindowsShrinkAndGrowAndEveryCheckpointResumesToTheSameBank() throws IOException {
        Instant now = Instant.parse("2019-12-01T00:00:05Z");
        long base = Instant.parse("2019-11-30T00:00:00Z").getEpochSecond();
        List<Stored> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // ids not in time order; five entries share one second, more than a page
            long ts = i < 5 ? base + 5000 : base + (i * 7919L) % 80_000;
            all.add(new Stored(String.format("e%02d", (i * 17) % 40), ts, String.format("%032x", i + 1), i % 9 == 8));
        }
        Map<String, SignalStatus> expected = new LinkedHashMap<>();
        for (Stored e : all) {
            if (!e.deleted()) {
                expected.put("MD5:" + e.md5(), SignalStatus.ACTIVE);
            }
        }
        try (LoopbackReplay server = new LoopbackReplay(database(all, 3))) {
            List<ExchangePage> pages = fetch(client(server, now, 1, Map.of()), null);
            int requests = server.requests().size();
            assertTrue(requests < 400, requests + " requests");
            assertTrue(server.requests().stream().anyMatch(r -> r.param("start") != null),
                    "never paged in " + requests);
            Map<String, SignalStatus> got = new LinkedHashMap<>();
            fold(pages).forEach((k, u) -> got.put(k, u.status()));
            assertEquals(expected, got);
            assertEquals(now.getEpochSecond() - 5,
                    NcmecClient.Checkpoint.read(pages.get(pages.size() - 1).checkpoint(), "t").from());
            // a fetch stopped after any page and resumed from its checkpoint ends with the same bank
            for (int i = 0; i < pages.size(); i += pages.size() / 4) {
                List<ExchangePage> resumed = new ArrayList<>(pages.subList(0, i + 1));
                resumed.addAll(fetch(client(server, now, 1, Map.of()), pages.get(i).checkpoint()));
                Map<String, SignalStatus> again = new LinkedHashMap<>();
                fold(resumed).forEach((k, u) -> again.put(k, u.status()));
                assertEquals(expected, again, "resumed after page " + i);
            }
        }
    }
}
