package io.mediamatch.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.Orientation;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.store.Bank;
import io.mediamatch.store.ImportOptions;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MediaMatcherTest {
    /** Reference hashes from expected.csv, by path. */
    static Map<String, String> expected() throws Exception {
        return Files.readAllLines(Fixtures.reference("pdq/expected.csv")).stream().map(l -> l.split(","))
                .collect(Collectors.toMap(a -> a[2], a -> a[0]));
    }

    static Signal pdq(String bank, String hex, String... labels) {
        return new Signal(0, bank, SignalType.PDQ, hex, Set.of(labels), "test", "", null, null, SignalStatus.ACTIVE);
    }

    static Hash256 flip(Hash256 h, int bits, Random rnd) {
        return h.flipRandomBits(bits, rnd);
    }

    @Test
    void preprocessingFindsALetterboxedCopyThatPlainPdqMisses() throws Exception {
        Map<String, String> exp = expected();
        Path dir = Fixtures.scratchDir("matcher-preprocess");
        Path original = Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg");
        java.awt.image.BufferedImage boxed = io.mediamatch.eval.Transform.byName("letterbox-9x16")
                .apply(javax.imageio.ImageIO.read(original.toFile()), new Random(1));
        Path query = dir.resolve("letterboxed.png");
        javax.imageio.ImageIO.write(boxed, "png", query.toFile());
        try (MediaMatcher plain = MediaMatcher.open(dir.resolve("db"))) {
            plain.store().importSignals(List.of(pdq("bank-a", exp.get("images/bridge-mods/aaa-orig.jpg"), "x")),
                    null);
            MatchResult r = plain.match(query);
            assertFalse(r.matched(), r.toString());
            MatchOptions opts = MatchOptions.defaults().withPreprocess(
                    io.mediamatch.preprocess.Preprocess.parse("unletterbox"));
            try (MediaMatcher pre = MediaMatcher.over(plain.store(), opts)) {
                MatchResult rp = pre.match(query);
                assertTrue(rp.matched(), rp.toString());
                assertEquals(1, rp.matches().size());
                Match hit = rp.matches().get(0);
                QueryHash view = rp.hashes().stream().filter(h -> h.view().equals("unletterbox")).findFirst()
                        .orElseThrow();
                assertEquals(view.value(), hit.query(), "the match names the hash of the trimmed view");
                assertTrue(hit.distance() <= 31);
                // The unedited image is still hashed and reported first.
                assertEquals("", rp.hashes().stream().filter(h -> h.type() == SignalType.PDQ).findFirst()
                        .orElseThrow().view());
            }
        }
    }

    @Test
    void matchesImagesOfTheReferenceSetWithLabels() throws Exception {
        Map<String, String> exp = expected();
        Path dir = Fixtures.scratchDir("matcher-images");
        try (MediaMatcher m = MediaMatcher.open(dir.resolve("db"))) {
            m.store().importSignals(List.of(pdq("bank-a", exp.get("images/bridge-mods/aaa-orig.jpg"), "bridge")),
                    null);
            Path images = Fixtures.reference("pdq/images");
            MatchResult r = m.match(images.resolve("bridge-mods/blur-a-lot.jpg"));
            assertTrue(r.matched(), r.toString());
            Match hit = r.matches().get(0);
            assertEquals("bank-a", hit.bank());
            assertEquals(Set.of("bridge"), hit.labels());
            assertEquals(Hash256.fromHex(exp.get("images/bridge-mods/blur-a-lot.jpg"))
                    .distance(Hash256.fromHex(exp.get("images/bridge-mods/aaa-orig.jpg"))), hit.distance());
            assertEquals(3, r.hashes().size(), "pdq, md5, sha256");
            assertFalse(m.match(images.resolve("pen-and-coaster.png")).matched());
            // A rotated copy matches only with dihedral matching.
            Path rotated = images.resolve("dih/bridge-2-rotate-90.jpg");
            assertFalse(m.match(rotated).matched());
            try (MediaMatcher d = MediaMatcher.over(m.store(), MatchOptions.defaults().withDihedral(true))) {
                MatchResult rd = d.match(rotated);
                assertTrue(rd.matched());
                assertTrue(rd.matches().get(0).orientation() != Orientation.ORIGINAL);
            }
        }
    }

    @Test
    void exactHashesAndLowQuality() throws Exception {
        Path dir = Fixtures.scratchDir("matcher-exact");
        Path flat = Fixtures.reference("pdq/synthetic/flat-500x500.png");
        String md5 = MediaMatcher.digests(flat).md5();
        try (MediaMatcher m = MediaMatcher.open(dir.resolve("db"))) {
            m.store().importSignals(List.of(new Signal(0, "exact", SignalType.MD5, md5, Set.of("x"), "", "", null,
                    null, SignalStatus.ACTIVE), pdq("p", Hash256.ZERO.toHex())), null);
            MatchResult r = m.match(flat);
            // The flat image hashes to quality 0: its PDQ is reported, not looked up; the MD5 still matches.
            assertEquals(1, r.matches().size(), r.toString());
            assertEquals(SignalType.MD5, r.matches().get(0).type());
            assertTrue(r.notes().get(0).contains("quality"), r.notes().toString());
            assertFalse(r.hashes().stream().filter(h -> h.type() == SignalType.PDQ).findFirst().orElseThrow().used());
            // Not an image: exact hashes still match, the note says why PDQ was skipped.
            Path txt = dir.resolve("notes.txt");
            Files.writeString(txt, "hello");
            MatchResult t = m.match(txt);
            assertFalse(t.matched());
            assertTrue(t.notes().get(0).startsWith("pdq skipped"), t.notes().toString());
            assertTrue(m.matchExact(SignalType.MD5, md5.toUpperCase()).matched());
        }
    }

    @Test
    void perBankDistanceNegativeBanksDisabledBanksAndTombstones() throws Exception {
        Random rnd = new Random(7);
        Hash256 h = flip(Hash256.ZERO, 128, rnd);
        Hash256 near = flip(h, 10, rnd);
        Path dir = Fixtures.scratchDir("matcher-banks");
        try (MediaMatcher m = MediaMatcher.open(dir.resolve("db"))) {
            SignalStore s = m.store();
            s.putBank(Bank.named("strict").withMatchDistance(OptionalInt.of(5)));
            s.putBank(Bank.named("loose"));
            s.importSignals(List.of(pdq("strict", h.toHex()), pdq("loose", h.toHex())), null);
            MatchResult r = m.match(near);
            assertEquals(List.of("loose"), r.matches().stream().map(Match::bank).toList());
            assertEquals(10, r.matches().get(0).distance());
            assertEquals(31, r.matches().get(0).threshold());
            assertEquals(2, m.match(h).matches().size());

            s.putBank(s.bank("loose").orElseThrow().withEnabled(false));
            assertFalse(m.match(near).matched(), "disabled bank");
            s.putBank(s.bank("loose").orElseThrow().withEnabled(true));
            assertTrue(m.match(near).matched(), "enabled again");

            s.putBank(Bank.named("benign").withNegative(true));
            s.importSignals(List.of(pdq("benign", flip(h, 3, rnd).toHex(), "stock")), null);
            MatchResult neg = m.match(near);
            assertFalse(neg.matched());
            assertEquals(List.of("benign"), neg.negative().stream().map(Match::bank).toList());
            assertEquals(List.of("loose"), neg.suppressed().stream().map(Match::bank).toList());
            assertTrue(s.dropBank("benign"));
            assertTrue(m.match(near).matched(), "negative bank dropped");

            long id = m.match(h).matches().stream().filter(x -> x.bank().equals("loose")).findFirst()
                    .orElseThrow().signalId();
            assertTrue(s.delete(id));
            assertEquals(List.of("strict"), m.match(h).matches().stream().map(Match::bank).toList());
            assertFalse(m.match(near).matched(), "tombstone never matches");
            assertEquals(1, m.indexedSignals());
        }
    }

    @Test
    void hashesOfOneMediaCombineIntoOneResultWhereANegativeMatchSuppressesTheRest() throws Exception {
        Random rnd = new Random(11);
        Hash256 h = flip(Hash256.ZERO, 128, rnd);
        Hash256 benign = flip(Hash256.ZERO, 100, rnd);
        String md5 = "00112233445566778899aabbccddeeff";
        try (MediaMatcher m = MediaMatcher.open(Fixtures.scratchDir("matcher-combine").resolve("db"))) {
            SignalStore s = m.store();
            s.putBank(Bank.named("benign").withNegative(true));
            s.importSignals(List.of(pdq("pos", h.toHex()), pdq("benign", benign.toHex()),
                    new Signal(0, "exact", SignalType.MD5, md5, null, null, null, null, null, SignalStatus.ACTIVE)),
                    null);
            MatchResult both = MediaMatcher.combine("two", List.of(m.match(flip(h, 4, rnd)), m.match(h),
                    m.matchExact(SignalType.MD5, md5)));
            assertTrue(both.matched());
            assertEquals(3, both.hashes().size());
            assertEquals(List.of("exact", "pos"), both.matches().stream().map(Match::bank).toList(),
                    "the pos signal found by two hashes once; both at distance 0, so by bank name");
            assertEquals(0, both.matches().get(1).distance(), "at its closest");

            MatchResult neg = MediaMatcher.combine("three", List.of(m.match(h), m.match(benign)));
            assertFalse(neg.matched(), "a negative match of one hash suppresses the others'");
            assertEquals(List.of("benign"), neg.negative().stream().map(Match::bank).toList());
            assertEquals(List.of("pos"), neg.suppressed().stream().map(Match::bank).toList());
        }
    }

    @Test
    void aHashListMatchesAsEachHashAlone() throws Exception {
        // 60,000 signals: the banks' indexes are multi-index ones, and 2,500 hashes make a batch that walks them
        Random rnd = new Random(11);
        Path dir = Fixtures.scratchDir("matcher-hash-list");
        try (MediaMatcher m = MediaMatcher.open(dir.resolve("db"), MatchOptions.defaults().withMinQuality(60))) {
            SignalStore s = m.store();
            s.putBank(Bank.named("strict").withMatchDistance(OptionalInt.of(5)));
            s.putBank(Bank.named("loose"));
            s.putBank(Bank.named("benign").withNegative(true));
            List<Signal> signals = new ArrayList<>();
            List<Hash256> banked = new ArrayList<>();
            for (int i = 0; i < 60_000; i++) {
                Hash256 h = flip(Hash256.ZERO, 128, rnd);
                banked.add(h);
                String bank = i % 1000 == 0 ? "strict" : i % 1000 == 1 ? "benign" : "loose";
                signals.add(pdq(bank, h.toHex(), "n" + i % 7));
            }
            s.importSignals(signals, null);
            assertTrue(s.delete(s.find(SignalType.PDQ, banked.get(2).toHex()).get(0).id()));
            List<PdqHash> list = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                Hash256 source = banked.get(i % 4 == 0 ? i : rnd.nextInt(banked.size()));
                Hash256 q = i % 5 == 4 ? flip(Hash256.ZERO, 128, rnd) : flip(source, rnd.nextInt(40), rnd);
                list.add(new PdqHash(q, i % 97 == 3 ? 40 : 100));
            }
            List<MatchResult> all = m.matchPdq(list);
            assertEquals(list.size(), all.size());
            int matched = 0;
            for (int i = 0; i < list.size(); i++) {
                assertEquals(m.match(list.get(i)), all.get(i), "hash " + i);
                matched += all.get(i).matched() ? 1 : 0;
            }
            assertTrue(matched > 1000, matched + " matched");
            assertTrue(all.stream().anyMatch(r -> !r.negative().isEmpty()), "some hashes are known benign");
            assertFalse(m.matchPdq(List.of(new PdqHash(banked.get(2), 100))).get(0).matched(), "tombstone");
            assertTrue(all.get(3).notes().get(0).contains("quality 40"), all.get(3).toString());
            assertEquals(List.of(), m.matchPdq(List.of()));
        }
    }

    @Test
    void lowQualityHashIsReportedNotMatched() throws Exception {
        Path dir = Fixtures.scratchDir("matcher-quality");
        Hash256 h = flip(Hash256.ZERO, 100, new Random(3));
        try (MediaMatcher m = MediaMatcher.open(dir.resolve("db"), MatchOptions.defaults().withMinQuality(80))) {
            m.store().importSignals(List.of(pdq("b", h.toHex())), null);
            MatchResult r = m.match(new PdqHash(h, 79));
            assertFalse(r.matched());
            assertEquals(1, r.notes().size());
            assertTrue(m.match(new PdqHash(h, 80)).matched());
        }
    }

    @Test
    void seesChangesFromAnotherProcessAfterRefresh() throws Exception {
        Path dir = Fixtures.scratchDir("matcher-refresh");
        Hash256 h = flip(Hash256.ZERO, 100, new Random(4));
        try (MediaMatcher m = MediaMatcher.open(dir.resolve("db"))) {
            try (SignalStore other = SignalStore.open(dir.resolve("db"))) {
                other.importSignals(List.of(pdq("b", h.toHex())), null);
            }
            assertFalse(m.match(h).matched(), "not refreshed yet");
            m.refresh();
            assertTrue(m.match(h).matched());
        }
    }

    @Test
    void matchesConcurrentlyWhileImporting() throws Exception {
        Path dir = Fixtures.scratchDir("matcher-concurrent");
        Random rnd = new Random(5);
        Hash256 known = flip(Hash256.ZERO, 128, rnd);
        try (MediaMatcher m = MediaMatcher.open(dir.resolve("db"))) {
            m.store().importSignals(List.of(pdq("base", known.toHex())), null);
            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            int[] matchesRun = new int[2];
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int ti = t;
                Thread th = new Thread(() -> {
                    Random r = new Random(ti);
                    try {
                        while (!done.get()) {
                            MatchResult res = m.match(flip(known, r.nextInt(20), r));
                            if (res.matches().stream().noneMatch(x -> x.bank().equals("base"))) {
                                problems.add("lost the known signal: " + res);
                            }
                            matchesRun[ti]++;
                        }
                    } catch (Exception e) {
                        problems.add(e.toString());
                    }
                });
                threads.add(th);
                th.start();
            }
            List<Hash256> added = new ArrayList<>();
            for (int batch = 0; batch < 6; batch++) {
                List<Signal> sigs = new ArrayList<>();
                for (int i = 0; i < (batch == 5 ? 25_000 : 300); i++) {
                    Hash256 x = flip(Hash256.ZERO, 128, rnd);
                    added.add(x);
                    sigs.add(pdq("incoming", x.toHex()));
                }
                m.store().importSignals(sigs, ImportOptions.defaults());
                // every committed signal is matchable as soon as the import returns
                assertTrue(m.match(added.get(added.size() - 1)).matched());
            }
            done.set(true);
            for (Thread th : threads) {
                th.join();
            }
            assertTrue(problems.isEmpty(), problems.toString());
            assertTrue(java.util.Arrays.stream(matchesRun).sum() > 0);
            for (Hash256 x : added.subList(0, 50)) {
                assertTrue(m.match(x).matched());
            }
            assertEquals(added.size() + 1, m.indexedSignals());
        }
    }

    @Test
    void savedIndexesAreReusedAndCaughtUp() throws Exception {
        Path dir = Fixtures.scratchDir("matcher-cache");
        Path db = dir.resolve("db");
        Random rnd = new Random(9);
        List<Signal> sigs = new ArrayList<>();
        List<Hash256> hs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Hash256 h = flip(Hash256.ZERO, 128, rnd);
            hs.add(h);
            sigs.add(pdq(i % 2 == 0 ? "a" : "b", h.toHex()));
        }
        try (SignalStore s = SignalStore.open(db)) {
            s.importSignals(sigs, null);
        }
        String old = System.setProperty("mediamatch.indexCacheMinSignals", "1000");
        try {
            IndexCache cache = new IndexCache(db);
            try (MediaMatcher m = MediaMatcher.open(db)) {
                assertEquals(2000, m.indexedSignals());
                assertTrue(Files.isRegularFile(dir.resolve("db.index/manifest.properties")), "cache written");
                assertTrue(cache.load(m.store().storeId()) != null);
                assertTrue(cache.load(m.store().storeId() + 1) == null, "another store's cache is ignored");
            }
            // Change the store behind the cache's back: delete one, add one; the next open catches up.
            Hash256 extra = flip(Hash256.ZERO, 128, rnd);
            try (SignalStore s = SignalStore.open(db)) {
                s.delete(null, SignalType.PDQ, hs.get(0).toHex());
                s.importSignals(List.of(pdq("a", extra.toHex())), null);
            }
            try (MediaMatcher m = MediaMatcher.open(db)) {
                assertEquals(2000, m.indexedSignals());
                assertFalse(m.match(hs.get(0)).matched());
                assertTrue(m.match(extra).matched());
                assertTrue(m.match(hs.get(1999)).matched());
            }
        } finally {
            if (old == null) {
                System.clearProperty("mediamatch.indexCacheMinSignals");
            } else {
                System.setProperty("mediamatch.indexCacheMinSignals", old);
            }
        }
    }
}
