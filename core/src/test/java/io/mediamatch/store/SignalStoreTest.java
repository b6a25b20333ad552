package io.mediamatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignalStoreTest {
    static final String H1 = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    static final String H2 = "f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22";
    static final String H3 = "0000000000000000000000000000000000000000000000000000000000000001";

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static String export(SignalStore s, SignalFormat f) throws IOException {
        StringWriter w = new StringWriter();
        s.export(f, ExportOptions.all(), w);
        return w.toString();
    }

    @Test
    void puttingABanksOwnSettingsAgainChangesNothing() throws Exception {
        Path dir = Fixtures.scratchDir("store-put-bank-same");
        try (SignalStore s = SignalStore.open(dir.resolve("b.db"))) {
            Bank b = s.putBank(new Bank(0, "b", "d", true, java.util.OptionalInt.of(12), false));
            long seq = s.changeSequence();
            int[] fired = {0};
            s.addChangeListener(() -> fired[0]++);
            assertEquals(b, s.putBank(new Bank(0, "b", "d", true, java.util.OptionalInt.of(12), false)));
            assertEquals(seq, s.changeSequence(), "no change-feed entry for the same settings");
            assertEquals(0, fired[0], "no listener woken (a matcher would reindex)");
            s.putBank(new Bank(0, "b", "d", true, java.util.OptionalInt.of(13), false));
            assertTrue(s.changeSequence() > seq);
            assertEquals(1, fired[0]);
            assertEquals(java.util.OptionalInt.of(13), s.bank("b").orElseThrow().matchDistance());
        }
    }

    @Test
    void createsSchemaWithVersionAndReopens() throws Exception {
        Path dir = Fixtures.scratchDir("store-schema");
        Path db = dir.resolve("a.db");
        try (SignalStore s = SignalStore.open(db)) {
            s.putBank(Bank.named("b1").withMatchDistance(OptionalInt.of(12)).withNegative(true));
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            rs.next();
            assertEquals(SignalStore.SCHEMA_VERSION, rs.getInt(1));
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
        try (SignalStore s = SignalStore.open(db)) {
            Bank b = s.bank("b1").orElseThrow();
            assertEquals(OptionalInt.of(12), b.matchDistance());
            assertTrue(b.negative());
        }
    }

    @Test
    void refusesForeignOrNewerFiles() throws Exception {
        Path dir = Fixtures.scratchDir("store-foreign");
        Path other = dir.resolve("other.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + other)) {
            c.createStatement().execute("CREATE TABLE x(a)");
        }
        IOException e = assertThrows(IOException.class, () -> SignalStore.open(other));
        assertTrue(e.getMessage().contains("not a mediamatch store"), e.getMessage());
        Path newer = dir.resolve("newer.db");
        SignalStore.open(newer).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + newer)) {
            c.createStatement().execute("PRAGMA user_version = 99");
        }
        e = assertThrows(IOException.class, () -> SignalStore.open(newer));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        Path text = write(dir, "text.db", "hello, not a database at all, definitely not sqlite\n".repeat(100));
        assertThrows(IOException.class, () -> SignalStore.open(text));
        // A refused file is not left open (one connection per refusal would leak file descriptors in a service).
        for (Path p : List.of(other, newer, text)) {
            assertEquals(0, openDescriptors(p), p + " still open");
        }
    }

    /** How many of this process's file descriptors point at {@code file} (Linux /proc). */
    private static long openDescriptors(Path file) throws IOException {
        Path real = file.toRealPath();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }

    @Test
    void hashlistReportsBadRowsWithLineNumbersAndSkipsThem() throws Exception {
        Path dir = Fixtures.scratchDir("store-hashlist");
        Path f = write(dir, "list.txt", "# comment\n" + H1 + ",photo-1.jpg\n" + "abc\n\n" + H2.toUpperCase() + "\n"
                + H2.substring(0, 63) + "z\n");
        try (SignalStore s = SignalStore.open(dir.resolve("db"))) {
            ImportResult r = s.importFiles(List.of(f), SignalFormat.HASHLIST,
                    ImportOptions.defaults().withBank("bank-a").withLabels(Set.of("csam-test")), null);
            assertEquals(2, r.read());
            assertEquals(2, r.added());
            assertEquals(2, r.badRows());
            assertEquals(List.of(3L, 6L), r.errors().stream().map(RowError::line).toList());
            assertTrue(r.errors().get(0).file().endsWith("list.txt"));
            assertTrue(r.errors().get(1).message().contains("non-hex"), r.errors().get(1).message());
            Signal s1 = s.find(SignalType.PDQ, H1).get(0);
            assertEquals("photo-1.jpg", s1.externalId());
            assertEquals(Set.of("csam-test"), s1.labels());
            assertEquals("bank-a", s1.bank());
            assertEquals(H2, s.find(SignalType.PDQ, H2).get(0).value(), "hex is stored lower case");
        }
    }

    @Test
    void strictRejectsTheWholeImport() throws Exception {
        Path dir = Fixtures.scratchDir("store-strict");
        Path good = write(dir, "good.txt", H1 + "\n");
        Path bad = write(dir, "bad.txt", H2 + "\nnot-a-hash\n");
        try (SignalStore s = SignalStore.open(dir.resolve("db"))) {
            ImportException e = assertThrows(ImportException.class, () -> s.importFiles(List.of(good, bad),
                    SignalFormat.HASHLIST, ImportOptions.defaults().withStrict(true), null));
            assertEquals(1, e.errors().size());
            assertEquals(2, e.errors().get(0).line());
            assertTrue(e.getMessage().contains("bad.txt"), e.getMessage());
            assertEquals(0, s.stats().total(), "nothing of either file was imported");
            assertTrue(s.banks().isEmpty(), "not even the bank");
        }
    }

    @Test
    void reimportIsIdempotent() throws Exception {
        Path dir = Fixtures.scratchDir("store-idem");
        Path f = write(dir, "list.txt", H1 + "\n" + H2 + "\n" + H1 + "\n");
        try (SignalStore s = SignalStore.open(dir.resolve("db"))) {
            ImportResult first = s.importFiles(List.of(f), SignalFormat.HASHLIST, null, null);
            assertEquals(2, first.added());
            String before = export(s, SignalFormat.JSONL);
            long seq = s.changeSequence();
            ImportResult again = s.importFiles(List.of(f), SignalFormat.HASHLIST, null, null);
            assertEquals(0, again.added());
            assertEquals(0, again.changed());
            assertEquals(3, again.unchanged());
            assertEquals(before, export(s, SignalFormat.JSONL));
            assertTrue(s.changeSequence() > seq);
            assertEquals(2, s.stats().total());
        }
    }

    @Test
    void sameValueInSeveralBanks() throws Exception {
        Path dir = Fixtures.scratchDir("store-banks");
        Path f = write(dir, "list.txt", H1 + "\n");
        try (SignalStore s = SignalStore.open(dir.resolve("db"))) {
            s.importFiles(List.of(f), SignalFormat.HASHLIST, ImportOptions.defaults().withBank("a"), null);
            s.importFiles(List.of(f), SignalFormat.HASHLIST, ImportOptions.defaults().withBank("b"), null);
            assertEquals(List.of("a", "b"), s.find(SignalType.PDQ, H1).stream().map(Signal::bank).toList());
            long idB = s.bank("b").orElseThrow().id();
            assertTrue(s.dropBank("b"));
            assertEquals(List.of("a"), s.find(SignalType.PDQ, H1).stream().map(Signal::bank).toList());
            assertTrue(s.putBank(Bank.named("b")).id() > idB, "bank ids are never reused");
        }
    }

    @Test
    void tombstonesStayUnlessANewerRecordArrives() throws Exception {
        Path dir = Fixtures.scratchDir("store-tomb");
        Path list = write(dir, "list.txt", H1 + "\n");
        try (SignalStore s = SignalStore.open(dir.resolve("db"))) {
            s.importFiles(List.of(list), SignalFormat.HASHLIST, null, null);
            long id = s.find(SignalType.PDQ, H1).get(0).id();
            assertTrue(s.delete(id));
            assertFalse(s.delete(id), "already a tombstone");
            s.importFiles(List.of(list), SignalFormat.HASHLIST, null, null);
            assertEquals(SignalStatus.DELETED, s.get(id).orElseThrow().status(), "undated re-import does not revive");
            // An exchange record dated before the tombstone does not revive it either ...
            Path old = write(dir, "old.jsonl", "{\"type\":\"pdq\",\"value\":\"" + H1
                    + "\",\"updated\":\"2001-01-01T00:00:00Z\"}\n");
            s.importFiles(List.of(old), SignalFormat.JSONL, null, null);
            assertEquals(SignalStatus.DELETED, s.get(id).orElseThrow().status());
            // ... one dated after it does.
            Path newer = write(dir, "new.jsonl", "{\"type\":\"pdq\",\"value\":\"" + H1
                    + "\",\"updated\":\"2999-01-01T00:00:00Z\",\"labels\":[\"back\"]}\n");
            s.importFiles(List.of(newer), SignalFormat.JSONL, null, null);
            Signal back = s.get(id).orElseThrow();
            assertEquals(SignalStatus.ACTIVE, back.status());
            assertEquals(Set.of("back"), back.labels());
            // An exchange tombstone (TAT deleted:true) for a value never seen is stored as a tombstone.
            Path tat = write(dir, "tat.json", "[{\"hash_digest\":\"" + H3 + "\",\"algorithm\":\"PDQ\","
                    + "\"deleted\":true,\"updated_on\":1704901040.2,\"created_on\":\"2025-03-03T23:05:22.587000\","
                    + "\"id\":7}]");
            s.importFiles(List.of(tat), SignalFormat.TAT_JSON, null, null);
            assertEquals(SignalStatus.DELETED, s.find(SignalType.PDQ, H3).get(0).status());
            assertEquals(1, s.delete(null, SignalType.PDQ, H1));
        }
    }

    @Test
    void importsInsideOneTransaction_readersSeeOldOrNew() throws Exception {
        Path dir = Fixtures.scratchDir("store-txn");
        StringBuilder sb = new StringBuilder();
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 20_000; i++) {
            sb.append(String.format("%016x%016x%016x%016x%n", rnd.nextLong(), rnd.nextLong(), rnd.nextLong(),
                    rnd.nextLong()));
        }
        Path f = write(dir, "big.txt", sb.toString());
        try (SignalStore s = SignalStore.open(dir.resolve("db"))) {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.ConcurrentLinkedQueue<Long> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
            Thread reader = new Thread(() -> {
                try {
                    while (!done.get()) {
                        seen.add(s.stats().total());
                    }
                } catch (IOException e) {
                    seen.add(-1L);
                }
            });
            reader.start();
            s.importFiles(List.of(f), SignalFormat.HASHLIST, null, null);
            done.set(true);
            reader.join();
            assertTrue(seen.stream().allMatch(n -> n == 0 || n == 20_000), "partial state seen: " + seen);
            assertEquals(20_000, s.stats().total());
        }
    }
}
