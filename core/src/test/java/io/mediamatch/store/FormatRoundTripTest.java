package io.mediamatch.store;

import static io.mediamatch.store.SignalStoreTest.H1;
import static io.mediamatch.store.SignalStoreTest.H2;
import static io.mediamatch.store.SignalStoreTest.H3;
import static io.mediamatch.store.SignalStoreTest.export;
import static io.mediamatch.store.SignalStoreTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each format: import a sample, check what it means, export, re-import into a fresh store, compare. */
class FormatRoundTripTest {
    static final String MD5 = "d41d8cd98f00b204e9800998ecf8427e";
    static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** Imports {@code sample}, exports in the same format, re-imports; returns the first store's signals. */
    private static List<Signal> roundTrip(String name, SignalFormat f, String fileName, String sample,
                                          ImportOptions opts, long expectedRows) throws Exception {
        Path dir = Fixtures.scratchDir("rt-" + name);
        Path in = write(dir, fileName, sample);
        try (SignalStore a = SignalStore.open(dir.resolve("a.db")); SignalStore b = SignalStore.open(dir.resolve("b.db"))) {
            ImportResult r = a.importFiles(List.of(in), f, opts, null);
            assertEquals(0, r.badRows(), r.errors().toString());
            assertEquals(expectedRows, r.read());
            String out1 = export(a, f);
            Path exported = write(dir, "export-" + fileName, out1);
            // te-cache takes its type from the file name: keep the name pattern.
            Path reimport = f == SignalFormat.TE_CACHE ? write(Fixtures.scratchDir("rt-" + name + "-2"), fileName, out1)
                    : exported;
            ImportResult r2 = b.importFiles(List.of(reimport), f, opts, null);
            assertEquals(0, r2.badRows(), r2.errors().toString());
            assertEquals(out1, export(b, f), "export after re-import differs");
            List<Signal> sa = a.list(null, null, null, 0, 1000);
            List<Signal> sb = b.list(null, null, null, 0, 1000);
            assertEquals(strip(sa, f), strip(sb, f));
            return sa;
        }
    }

    /** What a format carries (times only where it has them). */
    private static List<String> strip(List<Signal> l, SignalFormat f) {
        boolean times = f == SignalFormat.JSONL || f == SignalFormat.TAT_JSON || f == SignalFormat.TE_CACHE;
        return l.stream().map(s -> s.bank() + "|" + s.type() + "|" + s.value() + "|" + s.labels() + "|" + s.source()
                + "|" + s.externalId() + "|" + s.status() + (times && !s.labels().contains("te:mine") ? "|" + s.firstSeen() + "|" + s.updated() : ""))
                .toList();
    }

    @Test
    void hashlist() throws Exception {
        List<Signal> s = roundTrip("hashlist", SignalFormat.HASHLIST, "h.txt", H1 + ",a.jpg\n" + H2 + "\n",
                ImportOptions.defaults(), 2);
        assertEquals("a.jpg", s.get(0).externalId());
        // another type through --type
        List<Signal> m = roundTrip("hashlist-md5", SignalFormat.HASHLIST, "m.txt", MD5 + "\n",
                ImportOptions.defaults().withType(SignalType.MD5), 1);
        assertEquals(SignalType.MD5, m.get(0).type());
    }

    @Test
    void pytxCsv() throws Exception {
        String csv = "signal_type,signal_str,collab,category,tags\n"
                + "pdq," + H1 + ",Sample Collab,POSITIVE_CLASS,tag1 tag2\n"
                + "video_md5," + MD5 + ",Other,INVESTIGATION_SEED,\n"
                + "pdq," + H2 + ",\"Quoted, Collab\",DISPUTED,x\n"
                + "url,https://example.com,Other,POSITIVE_CLASS,\n";
        List<Signal> s = roundTrip("pytx-csv", SignalFormat.PYTX_CSV, "c.csv", csv, ImportOptions.defaults(), 3);
        Signal a = s.stream().filter(x -> x.value().equals(H1)).findFirst().orElseThrow();
        assertEquals("Sample Collab", a.bank());
        assertEquals(Set.of("tag1", "tag2"), a.labels());
        Signal md5 = s.stream().filter(x -> x.type() == SignalType.MD5).findFirst().orElseThrow();
        assertEquals(Set.of("category:investigation_seed"), md5.labels());
        Signal d = s.stream().filter(x -> x.value().equals(H2)).findFirst().orElseThrow();
        assertEquals("Quoted, Collab", d.bank());
        assertEquals(SignalStatus.DISPUTED, d.status());
    }

    @Test
    void pytxFile() throws Exception {
        List<Signal> s = roundTrip("pytx-file", SignalFormat.PYTX_FILE, "f.txt",
                "pdq " + H1 + "\nvideo_md5 " + MD5 + "\nvideo_sha256 " + SHA + "\n", ImportOptions.defaults(), 3);
        assertEquals(Set.of(SignalType.PDQ, SignalType.MD5, SignalType.SHA256),
                Set.copyOf(s.stream().map(Signal::type).toList()));
    }

    @Test
    void teCache() throws Exception {
        String te = H1 + ",1234567890,2020-07-01T18:31:15+0000,media_type_photo hma_test\n"
                + H2 + ",42,mine,\n";
        List<Signal> s = roundTrip("te", SignalFormat.TE_CACHE, "simple.HASH_PDQ.te", te, ImportOptions.defaults(), 2);
        assertEquals("1234567890", s.get(0).externalId());
        assertEquals(Instant.parse("2020-07-01T18:31:15Z"), s.get(0).firstSeen());
        assertEquals(Set.of("media_type_photo", "hma_test"), s.get(0).labels());
        assertTrue(s.get(1).labels().contains("te:mine"));
        // the type comes from the file name
        List<Signal> m = roundTrip("te-md5", SignalFormat.TE_CACHE, "simple.HASH_MD5.te",
                MD5 + ",1,2021-01-01T00:00:00+0000,\n", ImportOptions.defaults().withType(null), 1);
        assertEquals(SignalType.MD5, m.get(0).type());
    }

    @Test
    void tatJson() throws Exception {
        String rows = "{\"count\":3,\"next\":null,\"previous\":null,\"checkpoint\":\"1724856487.709035,10594\","
                + "\"results\":[\n"
                + "{\"hash_digest\":\"" + MD5 + "\",\"algorithm\":\"MD5\",\"ideology\":\"islamist\",\"file_type\":\"mp4\","
                + "\"deleted\":false,\"updated_on\":1704901040.222,\"created_on\":\"2025-03-03T23:05:22.587000\",\"id\":2819},\n"
                + "{\"hash_digest\":\"" + H1 + "\",\"algorithm\":\"PDQ\",\"ideology\":\"far-right\",\"file_type\":\"gif\","
                + "\"deleted\":true,\"updated_on\":1704901040.25,\"created_on\":\"2025-03-03T23:05:22\",\"id\":2821},\n"
                + "{\"hash_digest\":\"" + "ab".repeat(64) + "\",\"algorithm\":\"SHA512\",\"ideology\":\"islamist\","
                + "\"file_type\":\"jpg\",\"deleted\":false,\"updated_on\":1704901040.3,\"created_on\":\"2025-03-03T23:05:22\",\"id\":2822}\n"
                + "]}";
        List<Signal> s = roundTrip("tat", SignalFormat.TAT_JSON, "tat.json", rows, ImportOptions.defaults(), 2);
        Signal md5 = s.get(0);
        assertEquals(Set.of("ideology:islamist", "file_type:mp4"), md5.labels());
        assertEquals("2819", md5.externalId());
        assertEquals(Instant.parse("2024-01-10T15:37:20.222Z"), md5.updated());
        assertEquals(SignalStatus.DELETED, s.get(1).status());
        // SHA512 is counted as unsupported, with its line
        Path dir = Fixtures.scratchDir("tat-sha512");
        try (SignalStore st = SignalStore.open(dir.resolve("db"))) {
            ImportResult r = st.importFiles(List.of(write(dir, "t.json", rows)), SignalFormat.TAT_JSON,
                    ImportOptions.defaults().withStrict(true), null);
            assertEquals(1, r.unsupported());
            assertEquals(4, r.errors().get(0).line());
            assertTrue(r.errors().get(0).message().contains("SHA512"));
        }
    }

    @Test
    void stopnciiJson() throws Exception {
        String recs = "{\"lastModtimestamp\":1700000000,\"signalType\":\"ImagePDQ\",\"hashValue\":\"" + H1
                + "\",\"hashStatus\":\"Active\",\"caseNumbers\":{\"123\":\"Active\"},\"CSPFeedbacks\":[]}\n"
                + "{\"lastModtimestamp\":1700000001,\"signalType\":\"VideoMD5\",\"hashValue\":\"" + MD5
                + "\",\"hashStatus\":\"Withdrawn\",\"caseNumbers\":{\"9\":\"Withdrawn\"}}\n"
                + "{\"lastModtimestamp\":1700000002,\"signalType\":\"VideoTMK\",\"hashValue\":\"xyz\","
                + "\"hashStatus\":\"Active\",\"caseNumbers\":{}}\n";
        List<Signal> s = roundTrip("stopncii", SignalFormat.STOPNCII_JSON, "s.jsonl", recs, ImportOptions.defaults(), 2);
        assertEquals(Set.of("case:123=Active"), s.get(0).labels());
        assertEquals(SignalStatus.DELETED, s.get(1).status());
        assertEquals(Instant.ofEpochSecond(1700000001), s.get(1).updated());
    }

    @Test
    void jsonlIsLossless() throws Exception {
        String banks = "{\"record\":\"bank\",\"name\":\"neg\",\"description\":\"known benign\",\"enabled\":false,"
                + "\"match_distance\":10,\"negative\":true}\n";
        String sig = "{\"record\":\"signal\",\"bank\":\"neg\",\"type\":\"pdq\",\"value\":\"" + H3 + "\","
                + "\"labels\":[\"a b\",\"z\"],\"source\":\"src\",\"external_id\":\"e1\","
                + "\"first_seen\":\"2020-01-01T00:00:00.123Z\",\"updated\":\"2021-01-01T00:00:00Z\",\"status\":\"disputed\"}\n"
                + "{\"record\":\"signal\",\"bank\":\"pos\",\"type\":\"sha256\",\"value\":\"" + SHA + "\",\"status\":\"deleted\","
                + "\"updated\":\"2021-01-01T00:00:00Z\"}\n"
                + "{\"record\":\"signal\",\"bank\":\"pos\",\"type\":\"vpdq\",\"value\":\"0," + H1 + ",100,0.000\\n1," + H2 + ",100,0.033\"}\n"
                + "{\"record\":\"signal\",\"bank\":\"pos\",\"type\":\"tmk_pdqf\",\"value\":\"AAECAwQF\"}\n";
        List<Signal> s = roundTrip("jsonl", SignalFormat.JSONL, "x.jsonl", banks + sig, ImportOptions.defaults(), 4);
        assertEquals(Set.of("a b", "z"), s.get(0).labels());
        assertEquals(Instant.parse("2020-01-01T00:00:00.123Z"), s.get(0).firstSeen());
        assertEquals(SignalStatus.DISPUTED, s.get(0).status());
        assertEquals(SignalStatus.DELETED, s.get(1).status());
        assertTrue(s.get(2).value().contains("\n"));
        Path dir = Fixtures.scratchDir("jsonl-bank");
        try (SignalStore st = SignalStore.open(dir.resolve("db"))) {
            st.importFiles(List.of(write(dir, "x.jsonl", banks + sig)), SignalFormat.JSONL, null, null);
            Bank neg = st.bank("neg").orElseThrow();
            assertTrue(neg.negative());
            assertFalse(neg.enabled());
            assertEquals(10, neg.matchDistance().getAsInt());
            assertEquals("known benign", neg.description());
        }
    }

    @Test
    void brokenJsonIsReportedWithItsLine() throws Exception {
        Path dir = Fixtures.scratchDir("broken-json");
        Path f = write(dir, "b.jsonl", "{\"type\":\"pdq\",\"value\":\"" + H1 + "\"}\n{\"type\":\"pdq\",\"val\n"
                + "{\"type\":\"nope\",\"value\":\"" + H2 + "\"}\n{\"type\":\"md5\",\"value\":\"" + H2 + "\"}\n");
        try (SignalStore st = SignalStore.open(dir.resolve("db"))) {
            ImportResult r = st.importFiles(List.of(f), SignalFormat.JSONL, null, null);
            assertEquals(1, r.read());
            assertEquals(List.of(2L, 3L, 4L), r.errors().stream().map(RowError::line).toList());
            assertTrue(r.errors().get(0).message().contains("broken JSON"));
            assertTrue(r.errors().get(2).message().contains("32 hex digits"));
            assertThrows(ImportException.class, () -> st.importFiles(List.of(f), SignalFormat.JSONL,
                    ImportOptions.defaults().withStrict(true), null));
        }
        // A broken JSON array: the rows before are read, the break is reported at its line.
        Path arr = write(dir, "a.json", "[\n{\"algorithm\":\"PDQ\",\"hash_digest\":\"" + H1 + "\"},\n{\"algorithm\":\"PDQ\",,}\n]");
        try (SignalStore st = SignalStore.open(dir.resolve("db2"))) {
            ImportResult r = st.importFiles(List.of(arr), SignalFormat.TAT_JSON, null, null);
            assertEquals(1, r.read());
            assertEquals(1, r.badRows());
            assertEquals(3, r.errors().get(0).line());
        }
    }

    @Test
    void missingFileFailsTheImport() throws Exception {
        Path dir = Fixtures.scratchDir("missing");
        try (SignalStore st = SignalStore.open(dir.resolve("db"))) {
            Path good = write(dir, "g.txt", H1 + "\n");
            ImportException e = assertThrows(ImportException.class, () -> st.importFiles(
                    List.of(good, dir.resolve("nope.txt")), SignalFormat.HASHLIST, null, null));
            assertTrue(e.getMessage().contains("nope.txt"), e.getMessage());
            assertEquals(0, st.stats().total());
        }
    }

    @Test
    void hostileInputIsReportedNotFatal() throws Exception {
        Path dir = Fixtures.scratchDir("hostile");
        byte[] jpeg = java.nio.file.Files.readAllBytes(Fixtures.reference("pdq/images/misc-images/wee.jpg"));
        Path bin = dir.resolve("binary.txt");
        java.nio.file.Files.write(bin, jpeg);
        Path deep = write(dir, "deep.json", "[".repeat(5000) + "]".repeat(5000));
        Path longLine = dir.resolve("long.jsonl");
        java.nio.file.Files.writeString(longLine, "{\"type\":\"pdq\",\"value\":\"" + "a".repeat(LineReader.MAX_LINE + 10)
                + "\"}\n{\"type\":\"pdq\",\"value\":\"" + H1 + "\"}\n");
        try (SignalStore st = SignalStore.open(dir.resolve("db"))) {
            for (SignalFormat f : SignalFormat.values()) {
                ImportResult r = st.importFiles(List.of(bin), f, null, null);
                assertEquals(0, r.read(), f + " read signals out of a JPEG");
                assertTrue(r.badRows() + r.unsupported() > 0 || f == SignalFormat.TE_CACHE, f.toString());
            }
            ImportResult d = st.importFiles(List.of(deep), SignalFormat.TAT_JSON, null, null);
            assertEquals(0, d.read());
            assertTrue(d.badRows() >= 1, d.errors().toString());
            ImportResult l = st.importFiles(List.of(longLine), SignalFormat.JSONL, null, null);
            assertEquals(1, l.read());
            assertEquals(1, l.badRows());
            assertEquals(1L, l.errors().get(0).line());
        }
    }
}
