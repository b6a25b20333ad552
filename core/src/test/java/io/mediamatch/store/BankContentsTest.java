package io.mediamatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.pdq.Hash256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Content items (HMA's model) on a real store file: ids, signals, enable times, deletes, wipes, migration. */
class BankContentsTest {
    private static final String MD5 = "d41d8cd98f00b204e9800998ecf8427e";

    @Test
    void itemsTakeGlobalIdsFromOneAndHoldAllTheirSignals() throws Exception {
        Path db = Fixtures.scratchDir("contents-ids").resolve("store.db");
        Files.deleteIfExists(db);
        try (SignalStore s = SignalStore.open(db)) {
            BankContents contents = s.contents();
            s.putBank(Bank.named("A"));
            s.putBank(Bank.named("B"));
            BankContents.Content one = contents.add("A", Map.of(SignalType.PDQ, SignalStoreTest.H1), null, null);
            BankContents.Content two = contents.add("B", Map.of(SignalType.PDQ, SignalStoreTest.H2), "{\"k\":1}",
                    "a note");
            assertEquals(1, one.id());
            assertEquals(2, two.id());
            assertEquals("B", two.bank());
            assertEquals(Optional.of("{\"k\":1}"), two.metadata());
            assertEquals(Optional.of("a note"), two.note());
            // One upload, two signals: one item; the same value may sit twice in a bank, in two items.
            BankContents.Content both = contents.add("A", Map.of(SignalType.PDQ, SignalStoreTest.H1,
                    SignalType.MD5, MD5.toUpperCase()), null, "");
            assertEquals(3, both.id());
            assertEquals(Map.of(SignalType.PDQ, SignalStoreTest.H1, SignalType.MD5, MD5), both.signals());
            assertEquals(Optional.empty(), both.note(), "an empty note is none");
            assertEquals(5, contents.add("A", Map.of(SignalType.PDQ, SignalStoreTest.H2), null, null).id(),
                    "ids come from the signals' id space");
            assertTrue(contents.get(4).isEmpty(), "the second signal of an item is not an item");

            Map<Long, BankContents.Ref> refs = contents.of(List.of(1L, 3L, 4L, 99L));
            assertEquals(Map.of(1L, new BankContents.Ref(1, 1), 3L, new BankContents.Ref(3, 1),
                    4L, new BankContents.Ref(3, 1)), refs);

            assertThrows(IllegalArgumentException.class, () -> contents.add("NONE", Map.of(SignalType.PDQ,
                    SignalStoreTest.H1), null, null));
            assertThrows(IllegalArgumentException.class, () -> contents.add("A", Map.of(SignalType.PDQ, "zz"),
                    null, null));
            assertThrows(IllegalArgumentException.class, () -> contents.add("A", Map.of(), null, null));
            assertEquals(6, contents.add("A", Map.of(SignalType.MD5, MD5), null, null).id(),
                    "a refused add leaves no trace");
        }
    }

    @Test
    void disablingDeletingAndMatchingFollowTheItem() throws Exception {
        Path db = Fixtures.scratchDir("contents-live").resolve("store.db");
        Files.deleteIfExists(db);
        try (MediaMatcher m = MediaMatcher.open(db)) {
            SignalStore s = m.store();
            BankContents contents = s.contents();
            s.putBank(Bank.named("A"));
            Hash256 h = Hash256.fromHex(SignalStoreTest.H1);
            BankContents.Content c = contents.add("A", Map.of(SignalType.PDQ, SignalStoreTest.H1), null, null);
            assertEquals(1, m.match(h).matches().size(), "matched as soon as add returns");

            long until = 4_000_000_000L;
            BankContents.Content off = contents.update(c.id(), OptionalLong.of(until), Optional.of("held")).get();
            assertEquals(until, off.disableUntil());
            assertEquals(Optional.of("held"), off.note());
            assertFalse(off.enabledAt(until - 1));
            assertTrue(off.enabledAt(until));
            assertFalse(contents.of(List.of(c.id())).get(c.id()).enabledAt(until - 1));
            BankContents.Content kept = contents.update(c.id(), OptionalLong.empty(), Optional.empty()).get();
            assertEquals(Optional.of("held"), kept.note(), "an omitted note is kept");
            assertTrue(contents.update(999, OptionalLong.of(0), Optional.empty()).isEmpty());

            assertTrue(contents.delete(c.id()));
            assertFalse(contents.delete(c.id()));
            assertTrue(contents.get(c.id()).isEmpty());
            assertEquals(0, m.match(h).matches().size(), "no longer matched once delete returns");
        }
    }

    @Test
    void importedSignalsAreItemsOfTheirOwnAndAWipeRestartsIdsAtOne() throws Exception {
        Path db = Fixtures.scratchDir("contents-import").resolve("store.db");
        Files.deleteIfExists(db);
        try (SignalStore s = SignalStore.open(db)) {
            s.importSignals(List.of(new Signal(0, "imported", SignalType.PDQ, SignalStoreTest.H1, null, null, null,
                    null, null, SignalStatus.ACTIVE)), null);
            long id = s.list("imported", null, null, 0, 10).get(0).id();
            BankContents.Content c = s.contents().get(id).orElseThrow();
            assertEquals(Map.of(SignalType.PDQ, SignalStoreTest.H1), c.signals());
            assertEquals(BankContents.ENABLED, c.disableUntil());
            assertEquals(0, s.contents().update(id, OptionalLong.of(0), Optional.empty()).get().disableUntil());
            // Re-importing the same value upserts the imported row, not the API's items.
            s.importSignals(List.of(new Signal(0, "imported", SignalType.PDQ, SignalStoreTest.H1, null, null, null,
                    null, null, SignalStatus.ACTIVE)), null);
            assertEquals(1, s.stats().total());
            s.contents().wipe();
            assertTrue(s.banks().isEmpty());
            s.putBank(Bank.named("A"));
            assertEquals(1, s.contents().add("A", Map.of(SignalType.MD5, MD5), null, null).id());
            assertTrue(s.renameBank("A", "B"));
            assertThrows(IllegalArgumentException.class, () -> {
                s.putBank(Bank.named("C"));
                s.renameBank("B", "C");
            });
            assertEquals("B", s.contents().get(1).orElseThrow().bank());
        }
    }

    @Test
    void aVersionOneStoreIsMigratedKeepingItsSignals() throws Exception {
        Path db = Fixtures.scratchDir("contents-migrate").resolve("v1.db");
        Files.deleteIfExists(db);
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bank (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT"
                    + " NULL DEFAULT '', enabled INTEGER NOT NULL DEFAULT 1, match_distance INTEGER, negative INTEGER"
                    + " NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0)");
            st.execute("CREATE TABLE signal (id INTEGER PRIMARY KEY, bank_id INTEGER NOT NULL REFERENCES bank(id) ON"
                    + " DELETE CASCADE, type INTEGER NOT NULL, value BLOB NOT NULL, labels TEXT NOT NULL DEFAULT '',"
                    + " source TEXT NOT NULL DEFAULT '', external_id TEXT NOT NULL DEFAULT '', first_seen INTEGER NOT"
                    + " NULL, updated INTEGER NOT NULL, status INTEGER NOT NULL, seq INTEGER NOT NULL)");
            st.execute("CREATE UNIQUE INDEX signal_key ON signal(type, value, bank_id)");
            st.execute("CREATE INDEX signal_seq ON signal(seq)");
            st.execute("CREATE INDEX signal_bank ON signal(bank_id)");
            st.execute("CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            st.execute("INSERT INTO store_meta(key, value) VALUES ('seq', 1)");
            st.execute("INSERT INTO bank(id, name) VALUES (1, 'old')");
            st.execute("INSERT INTO signal(bank_id, type, value, first_seen, updated, status, seq) VALUES (1, "
                    + SignalType.PDQ.code() + ", x'" + SignalStoreTest.H1 + "', 0, 0, 1, 1)");
            st.execute("PRAGMA user_version = 1");
        }
        try (SignalStore s = SignalStore.open(db)) {
            assertEquals(1, s.stats().total());
            assertEquals(SignalStoreTest.H1, s.contents().get(1).orElseThrow().signals().get(SignalType.PDQ));
            assertEquals(Map.of("old", 1.0), s.contents().ratios());
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertEquals(SignalStore.SCHEMA_VERSION, rs.getInt(1));
        }
    }
}
