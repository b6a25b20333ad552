package io.mediamatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.exchange.ExchangeConfig;
import io.mediamatch.exchange.ExchangePage;
import io.mediamatch.exchange.ExchangeStatus;
import io.mediamatch.exchange.ExchangeUpdate;
import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExchangesTest {
    static final String H1 = SignalStoreTest.H1;
    static final String H2 = SignalStoreTest.H2;
    static final String H3 = SignalStoreTest.H3;

    static SignalStore fresh(String name) throws Exception {
        Path db = Fixtures.scratchDir("exchanges-" + name).resolve("x.db");
        SignalStore s = SignalStore.open(db);
        s.exchanges().put(new ExchangeConfig("ex", "sample", true, Map.of("base_url", "http://127.0.0.1:1")));
        return s;
    }

    static ExchangeUpdate pdq(String hex) {
        return new ExchangeUpdate(SignalType.PDQ, hex, SignalStatus.ACTIVE, Set.of("tag:x"), "id-" + hex.charAt(63),
                null);
    }

    static ExchangePage page(String checkpoint, ExchangeUpdate... updates) {
        return new ExchangePage(List.of(updates), checkpoint, Instant.ofEpochSecond(1000));
    }

    static Map<String, SignalStatus> bank(SignalStore s, String bank) throws Exception {
        Map<String, SignalStatus> out = new java.util.TreeMap<>();
        for (Signal sig : s.list(bank, null, null, 0, 100_000)) {
            out.put(sig.value(), sig.status());
        }
        return out;
    }

    @Test
    void configsArePutListedAndRemovedAndTheirBankIsCreated() throws Exception {
        try (SignalStore s = fresh("configs")) {
            assertTrue(s.bank("ex").isPresent());
            s.exchanges().put(new ExchangeConfig("ex", "local_file", false, Map.of("path", "/tmp/x")));
            s.exchanges().put(new ExchangeConfig("another", "sample", true, null));
            ExchangeConfig c = s.exchanges().get("ex").orElseThrow();
            assertEquals("local_file", c.api());
            assertFalse(c.enabled());
            assertEquals(Map.of("path", "/tmp/x"), c.settings());
            assertEquals(List.of("another", "ex"), s.exchanges().list().stream().map(ExchangeConfig::name).toList());
            assertTrue(s.exchanges().remove("another"));
            assertFalse(s.exchanges().remove("another"));
            assertTrue(s.bank("another").isPresent(), "the bank stays");
            assertThrows(IllegalArgumentException.class,
                    () -> s.exchanges().put(new ExchangeConfig(" ", "sample", true, null)));
        }
    }

    @Test
    void anEntryWithdrawnByItsIdTombstonesEveryValueStoredUnderIt() throws Exception {
        try (SignalStore s = fresh("withdraw")) {
            ExchangeUpdate a = new ExchangeUpdate(SignalType.PDQ, H1, SignalStatus.ACTIVE, Set.of(), "m-1", null);
            ExchangeUpdate b = new ExchangeUpdate(SignalType.PDQ, H2, SignalStatus.ACTIVE, Set.of(), "m-1", null);
            ExchangeUpdate other = new ExchangeUpdate(SignalType.PDQ, H3, SignalStatus.ACTIVE, Set.of(), "m-2", null);
            s.exchanges().apply("ex", page("c1", a, b, other));
            AtomicInteger fired = new AtomicInteger();
            s.addChangeListener(fired::incrementAndGet);
            ImportResult r = s.exchanges().apply("ex", page("c2", ExchangeUpdate.withdrawn("m-1",
                    Instant.ofEpochSecond(2000))));
            assertEquals(2, r.changed());
            assertEquals(1, fired.get(), "a withdrawal alone still tells the matchers");
            assertEquals(Map.of(H1, SignalStatus.DELETED, H2, SignalStatus.DELETED, H3, SignalStatus.ACTIVE),
                    bank(s, "ex"));
            assertEquals(0, s.exchanges().apply("ex", page("c3", ExchangeUpdate.withdrawn("m-9", null))).changed());
            assertThrows(IllegalArgumentException.class, () -> new ExchangeUpdate(SignalType.PDQ, "",
                    SignalStatus.ACTIVE, Set.of(), "m-1", null));
        }
    }

    @Test
    void applyStoresSignalsCheckpointAndCountAndFiresTheFeed() throws Exception {
        try (SignalStore s = fresh("apply")) {
            AtomicInteger fired = new AtomicInteger();
            s.addChangeListener(fired::incrementAndGet);
            ImportResult r = s.exchanges().apply("ex", page("c1", pdq(H1), pdq(H2)));
            assertEquals(2, r.added());
            assertEquals(1, fired.get());
            ExchangeStatus st = s.exchanges().status("ex").orElseThrow();
            assertEquals("c1", st.checkpoint());
            assertEquals(Instant.ofEpochSecond(1000), st.progress());
            assertEquals(2, st.fetchedRecords());
            Signal sig = s.find(SignalType.PDQ, H1).get(0);
            assertEquals("ex", sig.bank());
            assertEquals("sample", sig.source());
            assertEquals(Set.of("tag:x"), sig.labels());
            // the same page again changes nothing, but still advances the checkpoint
            assertEquals(0, s.exchanges().apply("ex", page("c2", pdq(H1), pdq(H2))).added());
            assertEquals(1, fired.get());
            assertEquals("c2", s.exchanges().status("ex").orElseThrow().checkpoint());
        }
    }

    @Test
    void aPageWithAnInvalidUpdateMidwayLeavesNothingAndThePreviousCheckpoint() throws Exception {
        try (SignalStore s = fresh("atomic")) {
            s.exchanges().apply("ex", page("c1", pdq(H1)));
            ExchangeUpdate bad = new ExchangeUpdate(SignalType.PDQ, "not-a-hash", SignalStatus.ACTIVE, Set.of(), "",
                    null);
            assertThrows(IllegalArgumentException.class,
                    () -> s.exchanges().apply("ex", page("c2", pdq(H2), bad, pdq(H3))));
            assertEquals("c1", s.exchanges().status("ex").orElseThrow().checkpoint());
            assertEquals(1, s.exchanges().status("ex").orElseThrow().fetchedRecords());
            assertEquals(Map.of(H1, SignalStatus.ACTIVE), bank(s, "ex"));
            assertThrows(IllegalArgumentException.class, () -> s.exchanges().apply("nope", page("c", pdq(H1))));
        }
    }

    @Test
    void tombstonesAndDatedUpdates() throws Exception {
        try (SignalStore s = fresh("tombstones")) {
            Instant t1 = Instant.ofEpochSecond(100);
            Instant t2 = Instant.ofEpochSecond(200);
            s.exchanges().apply("ex", page("c1", new ExchangeUpdate(SignalType.PDQ, H1, SignalStatus.ACTIVE,
                    Set.of(), "", t1)));
            s.exchanges().apply("ex", page("c2", ExchangeUpdate.deleted(SignalType.PDQ, H1, "", t2)));
            assertEquals(Map.of(H1, SignalStatus.DELETED), bank(s, "ex"));
            // an older record does not bring it back; a later one does
            s.exchanges().apply("ex", page("c3", new ExchangeUpdate(SignalType.PDQ, H1, SignalStatus.ACTIVE,
                    Set.of(), "", t1)));
            assertEquals(Map.of(H1, SignalStatus.DELETED), bank(s, "ex"));
            s.exchanges().apply("ex", page("c4", new ExchangeUpdate(SignalType.PDQ, H1, SignalStatus.DISPUTED,
                    Set.of("opinion:negative"), "", Instant.ofEpochSecond(300))));
            assertEquals(Map.of(H1, SignalStatus.DISPUTED), bank(s, "ex"));
        }
    }

    @Test
    void markAndSweepTombstonesWhatARefetchNoLongerHolds() throws Exception {
        try (SignalStore s = fresh("sweep")) {
            s.exchanges().apply("ex", page("c1", pdq(H1), pdq(H2), pdq(H3)));
            long item = s.contents().add("ex", Map.of(SignalType.PDQ, H3), null, null).id();
            s.exchanges().beginRefetch("ex");
            ExchangeStatus st = s.exchanges().status("ex").orElseThrow();
            assertTrue(st.refetching());
            assertNull(st.checkpoint());
            s.exchanges().apply("ex", page("r1", pdq(H1)));
            s.exchanges().apply("ex", page("r2", pdq(H3)));
            assertEquals(1, s.exchanges().completeRefetch("ex"));
            assertFalse(s.exchanges().status("ex").orElseThrow().refetching());
            assertEquals(Map.of(H1, SignalStatus.ACTIVE, H2, SignalStatus.DELETED, H3, SignalStatus.ACTIVE),
                    bank(s, "ex"));
            assertEquals(Map.of(SignalType.PDQ, H3), s.contents().get(item).orElseThrow().signals(),
                    "content items added by hand are not swept");
            assertThrows(IllegalStateException.class, () -> s.exchanges().completeRefetch("ex"));
            // outside a refetch, nothing is marked: a later refetch that holds only H1 sweeps H3
            s.exchanges().apply("ex", page("c5", pdq(H3)));
            s.exchanges().beginRefetch("ex");
            s.exchanges().apply("ex", page("r3", pdq(H1)));
            assertEquals(1, s.exchanges().completeRefetch("ex"));
            assertEquals(List.of(SignalStatus.DELETED, SignalStatus.ACTIVE),
                    s.find(SignalType.PDQ, H3).stream().map(Signal::status).toList(), "the item's copy stays");
        }
    }

    @Test
    void aRefetchCutShortKeepsItsPagesAndStartsOver() throws Exception {
        Path db;
        try (SignalStore s = fresh("interrupted")) {
            db = s.path();
            s.exchanges().apply("ex", page("c1", pdq(H1), pdq(H2)));
            s.exchanges().beginRefetch("ex");
            s.exchanges().apply("ex", page("r1", pdq(H3)));
            // the process dies here
        }
        try (SignalStore s = SignalStore.open(db)) {
            ExchangeStatus st = s.exchanges().status("ex").orElseThrow();
            assertTrue(st.refetching());
            assertEquals(3, bank(s, "ex").size());
            s.exchanges().beginRefetch("ex");
            s.exchanges().apply("ex", page("r1", pdq(H1)));
            // H3, seen only by the abandoned refetch, is swept with H2
            assertEquals(2, s.exchanges().completeRefetch("ex"));
            assertEquals(Map.of(H1, SignalStatus.ACTIVE, H2, SignalStatus.DELETED, H3, SignalStatus.DELETED),
                    bank(s, "ex"));
        }
    }

    @Test
    void statusRecordsStartEndErrorAndUpToDate() throws Exception {
        try (SignalStore s = fresh("status")) {
            ExchangeStatus st = s.exchanges().status("ex").orElseThrow();
            assertNull(st.lastFetchStart());
            assertNull(st.succeeded());
            assertFalse(st.running());
            Instant t0 = Instant.ofEpochSecond(5000);
            s.exchanges().fetchStarted("ex", t0);
            s.exchanges().apply("ex", page("c1", pdq(H1)));
            assertTrue(s.exchanges().status("ex").orElseThrow().running());
            s.exchanges().fetchEnded("ex", t0.plusSeconds(2), false, "ex: GET http://x/y: HTTP 500", false);
            st = s.exchanges().status("ex").orElseThrow();
            assertEquals(t0, st.lastFetchStart());
            assertEquals(t0.plusSeconds(2), st.lastFetchEnd());
            assertEquals(Boolean.FALSE, st.succeeded());
            assertEquals("ex: GET http://x/y: HTTP 500", st.lastError());
            assertFalse(st.upToDate());
            assertEquals(1, st.fetchedRecords());
            assertEquals(java.time.Duration.ofSeconds(4000), st.behind(Instant.ofEpochSecond(5000)).orElseThrow());
            s.exchanges().fetchStarted("ex", t0.plusSeconds(10));
            assertEquals(0, s.exchanges().status("ex").orElseThrow().fetchedRecords());
            s.exchanges().fetchEnded("ex", t0.plusSeconds(11), true, "ignored", true);
            st = s.exchanges().status("ex").orElseThrow();
            assertEquals(Boolean.TRUE, st.succeeded());
            assertNull(st.lastError());
            assertTrue(st.upToDate());
            assertThrows(IllegalArgumentException.class, () -> s.exchanges().fetchStarted("nope", t0));
        }
    }

    @Test
    void aVersionTwoStoreIsMigratedKeepingItsSignals() throws Exception {
        Path db = Fixtures.scratchDir("exchanges-migrate").resolve("v2.db");
        Files.deleteIfExists(db);
        try (SignalStore s = SignalStore.open(db)) {
            s.importSignals(List.of(new Signal(0, "old", SignalType.PDQ, H1, Set.of(), "", "", null, null,
                    SignalStatus.ACTIVE)), null);
        }
        // what version 2 wrote: the same tables without the exchange ones
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("DROP TABLE exchange");
            st.execute("DROP TABLE exchange_seen");
            st.execute("DROP INDEX signal_external");
            st.execute("PRAGMA user_version = 2");
        }
        try (SignalStore s = SignalStore.open(db)) {
            assertEquals(1, s.stats().total());
            assertTrue(s.exchanges().list().isEmpty());
            s.exchanges().put(new ExchangeConfig("old", "sample", true, null));
            s.exchanges().apply("old", page("c", pdq(H2)));
            assertEquals(2, s.stats().total());
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertEquals(3, rs.getInt(1));
        }
    }
}
