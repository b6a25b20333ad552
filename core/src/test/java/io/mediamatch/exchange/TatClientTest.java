package io.mediamatch.exchange;

import static io.mediamatch.exchange.Fetches.fetch;
import static io.mediamatch.exchange.Fetches.updates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediamatch.exchange.PagedReplayServer.Reply;
import io.mediamatch.exchange.PagedReplayServer.Request;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TatClient against a TCAP hash-list replay server on loopback: login, {@code after} cursor, rows as updates. */
@Timeout(10)
class TatClientTest {
    private static final String USER = "alice-SECRETUSER";
    private static final String PASSWORD = "pa:ss&SECRETPW";

    private PagedReplayServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TatClient client(int attempts) throws ExchangeException {
        return new TatClient(new ExchangeConfig("tat", "tat", true, Map.of("base_url", server.base())),
                USER + ":" + PASSWORD, new ExchangeHttp("tat", Duration.ofSeconds(1), Duration.ofSeconds(2),
                attempts, Duration.ofMillis(50)));
    }



    /** The hash list: rows ordered by (updated_on, id), {@code after} exclusive, 2 rows a page; login gives tokens. */
    private static final class HashList {
        final List<ObjectNode> rows = new ArrayList<>();
        final Set<String> tokens = new java.util.HashSet<>();
        final AtomicInteger logins = new AtomicInteger();
        volatile boolean withCheckpoint = true;

        synchronized void put(int id, String updatedOn, String algorithm, String digest, String fileType,
                              boolean deleted) {
            rows.removeIf(r -> r.get("id").asInt() == id);
            ObjectNode r = PageJson.MAPPER.createObjectNode();
            r.put("id", id);
            r.put("hash_digest", digest);
            r.put("algorithm", algorithm);
            r.put("ideology", id % 2 == 0 ? "islamist" : "far-right");
            r.put("file_type", fileType);
            r.put("deleted", deleted);
            r.put("updated_on", new BigDecimal(updatedOn));
            r.put("created_on", "2025-03-03T23:05:22.587Z");
            r.put("an_extra_field", "tolerated");
            rows.add(r);
        }

        synchronized Reply answer(Request req) {
            if (req.path().equals("/token-auth/tcap/")) {
                Map<String, String> form = PagedReplayServer.query(req.body());
                if (!"POST".equals(req.method()) || !USER.equals(form.get("username"))
                        || !PASSWORD.equals(form.get("password"))) {
                    return new Reply(400, "{\"non_field_errors\":[\"bad\"]}".getBytes(), Map.of(), -1, false);
                }
                String token = "jwt-" + logins.incrementAndGet();
                tokens.add(token);
                return Reply.json("{\"token\":\"" + token + "\",\"user\":{\"username\":\"a\"}}");
            }
            String auth = req.headers().getOrDefault("authorization", "");
            if (!req.path().equals("/api/hash-list/v2/all") || !auth.startsWith("Bearer ")
                    || !tokens.contains(auth.substring(7))) {
                return Reply.status(401, Map.of());
            }
            String after = req.query().getOrDefault("after", "");
            Comparator<ObjectNode> order = Comparator.<ObjectNode, BigDecimal>comparing(
                    r -> r.get("updated_on").decimalValue()).thenComparingInt(r -> r.get("id").asInt());
            List<ObjectNode> from = rows.stream().sorted(order).filter(r -> {
                if (after.isEmpty()) {
                    return true;
                }
                String[] c = after.split(",");
                int cmp = r.get("updated_on").decimalValue().compareTo(new BigDecimal(c[0]));
                return cmp > 0 || cmp == 0 && r.get("id").asInt() > Integer.parseInt(c[1]);
            }).toList();
            List<ObjectNode> page = from.subList(0, Math.min(2, from.size()));
            ObjectNode o = PageJson.MAPPER.createObjectNode();
            o.put("count", from.size());
            if (from.size() > 2) {
                o.put("next", "http://127.0.0.1:1/api/hash-list/v2/all?limit=2&offset=2");
            } else {
                o.putNull("next");
            }
            o.putNull("previous");
            ObjectNode last = page.isEmpty() ? null : page.get(page.size() - 1);
            o.put("checkpoint", last == null || !withCheckpoint ? ""
                    : last.get("updated_on").decimalValue().toPlainString() + "," + last.get("id").asInt());
            o.putArray("results").addAll(page);
            return Reply.json(o.toString());
        }
    }

    private static String pdq(int i) {
        return String.format("%064x", i + 0x1234L);
    }

    private static HashList five() {
        HashList h = new HashList();
        h.put(10, "1704901040.25555", "PDQ", pdq(10), "gif", false);
        h.put(11, "1704901040.25555", "MD5", "0CC175B9C0F1B6A831C399E269772661", "mp4", false);
        h.put(12, "1704901041.5", "SHA512", "ab".repeat(64), "jpg", false);
        h.put(13, "1704901042", "MD5", "92eb5ffee6ae2fec3ad71c777531578f", "jpg", true);
        h.put(14, "1724856487.709035", "SHA256", "ef".repeat(32), "png", false);
        return h;
    }

    @Test
    void pagesFollowTheCursorWithOneLoginAndRowsBecomeUpdates() throws IOException {
        HashList h = five();
        server = new PagedReplayServer(h::answer);
        List<ExchangePage> pages = fetch(client(2), null);

        assertEquals(3, pages.size());
        assertEquals(1, h.logins.get(), "one login per fetch, not per page");
        Request login = server.requests.get(0);
        assertEquals("POST", login.method());
        assertEquals("False", PagedReplayServer.query(login.body()).get("resend"));
        List<Request> gets = server.requests.subList(1, server.requests.size());
        assertEquals(3, gets.size());
        assertEquals("", gets.get(0).query().get("after"));
        assertEquals("asc", gets.get(0).query().get("order"));
        assertEquals("1704901040.25555,11", gets.get(1).query().get("after"));
        assertEquals("1704901042,13", gets.get(2).query().get("after"));

        List<ExchangeUpdate> all = updates(pages);
        assertEquals(4, all.size(), "the SHA512 row is skipped");
        ExchangeUpdate first = all.get(0);
        assertEquals(new ExchangeUpdate(SignalType.PDQ, pdq(10), SignalStatus.ACTIVE,
                Set.of("ideology:islamist", "file_type:gif"), "10", Instant.parse("2024-01-10T15:37:20.255Z")),
                first);
        assertEquals(SignalType.MD5, all.get(1).type());
        assertEquals("0cc175b9c0f1b6a831c399e269772661", all.get(1).value());
        assertEquals(Set.of("ideology:far-right", "file_type:mp4"), all.get(1).labels());
        assertEquals(ExchangeUpdate.deleted(SignalType.MD5, "92eb5ffee6ae2fec3ad71c777531578f", "13",
                Instant.ofEpochSecond(1704901042)), all.get(2));
        assertEquals(SignalType.SHA256, all.get(3).type());

        assertEquals("{\"checkpoint\":\"1704901040.25555,11\"}", pages.get(0).checkpoint());
        assertEquals(Instant.ofEpochSecond(1704901040), pages.get(0).progress());
        assertEquals(Instant.ofEpochSecond(1724856487), pages.get(2).progress());
    }

    @Test
    void resumingFromAPagesCheckpointGivesOnlyLaterRows() throws IOException {
        HashList h = five();
        server = new PagedReplayServer(h::answer);
        List<ExchangePage> pages = fetch(client(2), null);
        List<ExchangeUpdate> rest = updates(fetch(client(2), pages.get(0).checkpoint()));
        assertEquals(List.of("13", "14"), rest.stream().map(ExchangeUpdate::externalId).toList());
        assertTrue(fetch(client(2), pages.get(2).checkpoint()).isEmpty(), "up to date: no page");
    }

    @Test
    void aPageWithoutCheckpointResumesAfterItsLastRow() throws IOException {
        HashList h = five();
        h.withCheckpoint = false;
        server = new PagedReplayServer(h::answer);
        List<ExchangePage> pages = fetch(client(2), null);
        assertEquals(3, pages.size());
        assertEquals("{\"checkpoint\":\"1704901040.25555,11\"}", pages.get(0).checkpoint());
    }

    @Test
    void aRowRevisedThenDeletedComesBackAtTheEndEachTime() throws IOException {
        HashList h = five();
        server = new PagedReplayServer(h::answer);
        TatClient c = client(2);
        String cp = fetch(c, null).get(2).checkpoint();

        h.put(10, "1730000000.5", "PDQ", pdq(10), "png", false);
        List<ExchangePage> revised = fetch(c, cp);
        assertEquals(1, revised.size());
        assertEquals(Set.of("ideology:islamist", "file_type:png"), revised.get(0).updates().get(0).labels());

        h.put(10, "1730000100", "PDQ", pdq(10), "png", true);
        List<ExchangeUpdate> deleted = updates(fetch(c, revised.get(0).checkpoint()));
        assertEquals(List.of(ExchangeUpdate.deleted(SignalType.PDQ, pdq(10), "10", Instant.ofEpochSecond(1730000100))),
                deleted);
    }

    @Test
    void anEmptyPageEndsTheFetch() throws IOException {
        HashList h = new HashList();
        server = new PagedReplayServer(r -> r.path().startsWith("/token") ? h.answer(r)
                : Reply.json("{\"count\":0,\"next\":\"http://x/?offset=2\",\"previous\":null,\"checkpoint\":\"\","
                        + "\"results\":[]}"));
        assertTrue(fetch(client(2), null).isEmpty());
        assertEquals(2, server.requests.size());
    }

    @Test
    void a429WithRetryAfterThenServerErrorsThenSuccess() throws IOException {
        HashList h = five();
        AtomicInteger n = new AtomicInteger();
        server = new PagedReplayServer(r -> {
            if (r.path().startsWith("/api")) {
                int i = n.getAndIncrement();
                if (i == 0) {
                    return Reply.status(429, Map.of("Retry-After", "1"));
                }
                if (i == 1 || i == 2) {
                    return Reply.status(i == 1 ? 500 : 502, Map.of());
                }
            }
            return h.answer(r);
        });
        long t0 = System.nanoTime();
        assertEquals(4, updates(fetch(client(4), null)).size());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 900, "waited " + ms + " ms, Retry-After said 1 s");
        assertEquals(1, h.logins.get());
    }

    @Test
    void aTruncatedPageIsMalformedAndNotHandedOver() throws IOException {
        HashList h = five();
        AtomicInteger n = new AtomicInteger();
        server = new PagedReplayServer(r -> {
            Reply full = h.answer(r);
            if (r.path().startsWith("/api") && n.getAndIncrement() == 1) {
                String body = new String(full.body());
                return Reply.truncated(body, body.length() - 25);
            }
            return full;
        });
        List<ExchangePage> pages = new ArrayList<>();
        ExchangeException e = assertThrows(ExchangeException.class, () -> client(2).fetch(null, pages::add));
        assertEquals(ExchangeException.Kind.MALFORMED, e.kind());
        assertEquals(1, pages.size(), "only the whole first page");
    }

    @Test
    void aPageThatNeverFinishesTimesOut() throws IOException {
        HashList h = five();
        server = new PagedReplayServer(r -> r.path().startsWith("/api")
                ? Reply.hanging(new String(h.answer(r).body())) : h.answer(r));
        List<ExchangePage> pages = new ArrayList<>();
        long t0 = System.nanoTime();
        ExchangeException e = assertThrows(ExchangeException.class, () -> client(2).fetch(null, pages::add));
        assertEquals(ExchangeException.Kind.NETWORK, e.kind());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 8000);
        assertTrue(pages.isEmpty());
    }

    @Test
    void wrongCredentialsAreRefusedWithoutShowingThem() throws IOException {
        HashList h = five();
        server = new PagedReplayServer(h::answer);
        TatClient wrong = new TatClient(new ExchangeConfig("tat", "tat", true, Map.of("base_url", server.base())),
                USER + ":wrong-SECRETPW", ExchangeHttp.defaults("tat"));
        ExchangeException e = assertThrows(ExchangeException.class, () -> fetch(wrong, null));
        assertEquals(ExchangeException.Kind.CREDENTIALS, e.kind());
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());

        server.handler(r -> Reply.status(401, Map.of()));
        e = assertThrows(ExchangeException.class, () -> fetch(client(2), null));
        assertEquals(ExchangeException.Kind.CREDENTIALS, e.kind());
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());

        e = assertThrows(ExchangeException.class, () -> new TatClient(new ExchangeConfig("tat", "tat", true,
                Map.of()), "no-colon-SECRET", ExchangeHttp.defaults("tat")));
        assertEquals(ExchangeException.Kind.CREDENTIALS, e.kind());
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    }

    @Test
    void anExpiredTokenMidFetchLogsInOnceMore() throws IOException {
        HashList h = five();
        AtomicInteger gets = new AtomicInteger();
        server = new PagedReplayServer(r -> {
            if (r.path().startsWith("/api") && gets.incrementAndGet() == 2) {
                synchronized (h) {
                    h.tokens.clear();
                }
            }
            return h.answer(r);
        });
        assertEquals(3, fetch(client(2), null).size());
        assertEquals(2, h.logins.get());
    }

    @Test
    void credentialsFromAFileAndNeverStale() throws IOException {
        HashList h = five();
        server = new PagedReplayServer(h::answer);
        Path file = Fixtures.scratchDir("tat-credentials").resolve("creds");
        Files.writeString(file, USER + ":" + PASSWORD + "\n");
        ExchangeClient c = TatClient.create(new ExchangeConfig("tat", "tat", true, Map.of("base_url",
                server.base())), file);
        assertEquals(4, updates(fetch(c, null)).size());
        assertFalse(c.isStale("{\"checkpoint\":\"1,1\"}", Instant.now().plus(Duration.ofDays(3650))));
    }
}
