package io.mediamatch.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.FileDigests;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.store.Bank;
import io.mediamatch.store.ImportOptions;
import io.mediamatch.store.ImportResult;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalFormat;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqMatch;
import io.mediamatch.video.VpdqMatchOptions;
import io.mediamatch.video.VpdqMatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Videos end to end through {@link MediaMatcher#match(Path)}: chair-19's published vPDQ and TMK+PDQF hashes in a bank,
 * chair-20 (a re-encode of the same scene) as the query. The bank holds the every-frame vPDQ: one-per-second
 * samples of two encodes land on different frames (the published one-per-second files of chair-19 and chair-20
 * share only 10-16 % of their frames), while a 1 fps query against every banked frame matches. Each video is
 * hashed once per scenario.
 */
class VideoMatchingTest {
    private static final String VIDEOS = "video/videos/";
    private static SignalStore store;
    private static MediaMatcher matcher;
    private static MatchResult chair20;
    private static MatchResult doorknob;

    @BeforeAll
    static void matchOnce() throws Exception {
        Path dir = Fixtures.scratchDir("video-matching");
        store = SignalStore.open(dir.resolve("db"));
        ImportOptions opts = ImportOptions.defaults().withBank("videos").withLabels(Set.of("chair"));
        ImportResult v = store.importFiles(List.of(Fixtures.reference("video/vpdq/every-frame/chair-19-sd-bar.txt")),
                SignalFormat.VPDQ, opts, null);
        ImportResult t = store.importFiles(List.of(Fixtures.reference("video/tmk/chair-19-sd-bar.tmk")),
                SignalFormat.TMK, opts, null);
        assertEquals(1, v.added());
        assertEquals(1, t.added());
        String md5 = FileDigests.of(Fixtures.reference(VIDEOS + "chair-20-sd-bar.mp4")).md5();
        store.importSignals(List.of(new Signal(0, "exact", SignalType.MD5, md5, Set.of("chair-20"), "test", "",
                null, null, SignalStatus.ACTIVE)), null);
        matcher = MediaMatcher.over(store, MatchOptions.defaults());
        assertEquals(2, matcher.indexedVideoSignals());
        chair20 = matcher.match(Fixtures.reference(VIDEOS + "chair-20-sd-bar.mp4"));
        // Named without a video extension: the image decoder does not know it, so the video decoder is tried.
        Path renamed = Files.copy(Fixtures.reference(VIDEOS + "doorknob-hd-no-bar.mp4"),
                dir.resolve("doorknob.dat"), StandardCopyOption.REPLACE_EXISTING);
        doorknob = matcher.match(renamed);
    }

    @AfterAll
    static void close() {
        matcher.close();
        store.close();
    }

    private static Match only(MatchResult r, SignalType type) {
        List<Match> m = r.matches().stream().filter(x -> x.type() == type).toList();
        assertEquals(1, m.size(), r.toString());
        return m.get(0);
    }

    @Test
    void vpdqMatchAgreesWithTheReferenceHashes() throws Exception {
        Match m = only(chair20, SignalType.VPDQ);
        // Expected: the published one-per-second hash of chair-20 against the banked every-frame hash of chair-19,
        // compared by the reference algorithm.
        VpdqMatch expected = new VpdqMatcher(VpdqMatchOptions.DEFAULTS).compare(
                VpdqHash.read(Fixtures.reference("video/vpdq/one-per-second/chair-20-sd-bar.txt")),
                VpdqHash.read(Fixtures.reference("video/vpdq/every-frame/chair-19-sd-bar.txt")));
        assertTrue(expected.isMatch());
        assertNotNull(m.vpdq());
        assertNull(m.tmk());
        assertEquals(expected.queryPercent(), m.vpdq().queryPercent(), 2.0, m.toString());
        assertEquals(expected.comparedPercent(), m.vpdq().comparedPercent(), 2.0, m.toString());
        assertEquals("videos", m.bank());
        assertEquals(Set.of("chair"), m.labels());
        assertEquals("chair-19-sd-bar.txt", m.externalId());
        assertEquals(VpdqMatchOptions.DEFAULT_DISTANCE, m.threshold());
        // The stored value is the reference text format of the imported file.
        assertEquals(Files.readString(Fixtures.reference("video/vpdq/every-frame/chair-19-sd-bar.txt")).strip(),
                store.get(m.signalId()).orElseThrow().value());
    }

    @Test
    void tmkMatchAgreesWithThePairTable() throws Exception {
        Match m = only(chair20, SignalType.TMK_PDQF);
        String[] row = Files.readAllLines(Fixtures.reference("video/tmk/pairs.csv")).stream()
                .map(l -> l.split(",")).filter(a -> a[0].equals("chair-20-sd-bar") && a[1].equals("chair-19-sd-bar"))
                .findFirst().orElseThrow();
        assertNotNull(m.tmk());
        assertEquals(Double.parseDouble(row[2]), m.tmk().level1(), 0.005, m.toString());
        assertEquals(Double.parseDouble(row[3]), m.tmk().level2(), 0.005, m.toString());
        assertEquals(m.signalId(), m.tmk().id());
        assertEquals("chair-19-sd-bar.tmk", m.externalId());
    }

    @Test
    void theVideosOwnMd5MatchesExactly() {
        Match m = only(chair20, SignalType.MD5);
        assertEquals("exact", m.bank());
        assertEquals(0, m.distance());
        assertEquals(Set.of(SignalType.MD5, SignalType.SHA256, SignalType.VPDQ, SignalType.TMK_PDQF),
                chair20.hashes().stream().map(QueryHash::type).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void hashesYouAlreadyHaveMatchWithoutDecoding() throws Exception {
        VpdqHash q = VpdqHash.read(Fixtures.reference("video/vpdq/one-per-second/chair-20-sd-bar.txt"));
        MatchResult v = matcher.match(q);
        Match m = only(v, SignalType.VPDQ);
        VpdqMatch expected = new VpdqMatcher(VpdqMatchOptions.DEFAULTS).compare(q,
                VpdqHash.read(Fixtures.reference("video/vpdq/every-frame/chair-19-sd-bar.txt")));
        assertEquals(expected.queryPercent(), m.vpdq().queryPercent(), 1e-9);
        assertEquals(expected.comparedPercent(), m.vpdq().comparedPercent(), 1e-9);
        // The published .tmk of chair-20 against the banked chair-19: the pair table's scores.
        MatchResult t = matcher.match(io.mediamatch.tmk.TmkHash.read(Fixtures.reference("video/tmk/chair-20-sd-bar.tmk")));
        Match tm = only(t, SignalType.TMK_PDQF);
        String[] row = Files.readAllLines(Fixtures.reference("video/tmk/pairs.csv")).stream()
                .map(l -> l.split(",")).filter(a -> a[0].equals("chair-20-sd-bar") && a[1].equals("chair-19-sd-bar"))
                .findFirst().orElseThrow();
        assertEquals(Double.parseDouble(row[2]), tm.tmk().level1(), 1e-5);
        assertEquals(Double.parseDouble(row[3]), tm.tmk().level2(), 1e-5);
        assertFalse(matcher.match(VpdqHash.read(
                Fixtures.reference("video/vpdq/one-per-second/doorknob-hd-no-bar.txt"))).matched());
    }

    @Test
    void anotherSceneMatchesNothing() {
        assertFalse(doorknob.matched(), doorknob.toString());
        assertTrue(doorknob.suppressed().isEmpty());
        assertTrue(doorknob.hashes().stream().anyMatch(h -> h.type() == SignalType.VPDQ), doorknob.toString());
    }

    @Test
    void negativeBankSuppressesAndTombstonesStopMatching() throws Exception {
        Path dir = Fixtures.scratchDir("video-matching-negative");
        Path chair = Fixtures.reference(VIDEOS + "chair-20-sd-bar.mp4");
        try (SignalStore s = SignalStore.open(dir.resolve("db"))) {
            s.importFiles(List.of(Fixtures.reference("video/vpdq/every-frame/chair-19-sd-bar.txt")),
                    SignalFormat.VPDQ, ImportOptions.defaults().withBank("videos"), null);
            s.putBank(Bank.named("benign").withNegative(true));
            s.importSignals(List.of(new Signal(0, "benign", SignalType.SHA256, FileDigests.of(chair).sha256(),
                    Set.of(), "test", "", null, null, SignalStatus.ACTIVE)), null);
            // The negative bank also holds the video's own vPDQ (a vPDQ match there suppresses too).
            s.importFiles(List.of(Fixtures.reference("video/vpdq/every-frame/chair-20-sd-bar.txt")),
                    SignalFormat.VPDQ, ImportOptions.defaults().withBank("benign"), null);
            // Every frame, as the pair table was made.
            MatchOptions opts = MatchOptions.defaults().withVideo(VideoMatchOptions.defaults().withSecondsPerHash(0)
                    .withTmk(VideoMatchOptions.Tmk.NEVER));
            try (MediaMatcher m = MediaMatcher.over(s, opts)) {
                MatchResult r = m.match(chair);
                assertFalse(r.matched());
                assertEquals(Set.of(SignalType.SHA256, SignalType.VPDQ),
                        r.negative().stream().map(Match::type).collect(java.util.stream.Collectors.toSet()));
                assertTrue(r.negative().stream().allMatch(Match::negative));
                Match suppressed = r.suppressed().get(0);
                assertEquals(SignalType.VPDQ, suppressed.type());
                String[] row = Files.readAllLines(Fixtures.reference("video/vpdq/pairs-every-frame.csv")).stream()
                        .map(l -> l.split(",")).filter(a -> a[0].equals("chair-20-sd-bar")
                                && a[1].equals("chair-19-sd-bar")).findFirst().orElseThrow();
                assertEquals(Double.parseDouble(row[2]), suppressed.vpdq().queryPercent(), 2.0, suppressed.toString());
                assertEquals(Double.parseDouble(row[3]), suppressed.vpdq().comparedPercent(), 2.0,
                        suppressed.toString());
                assertEquals(1, r.hashes().stream().filter(h -> h.type() == SignalType.VPDQ).count());
                assertFalse(r.hashes().stream().anyMatch(h -> h.type() == SignalType.TMK_PDQF), "tmk off");
                // A tombstone arrives for the vPDQ signal: it never matches again.
                assertTrue(s.delete(suppressed.signalId()));
                assertEquals(1, m.indexedVideoSignals(), "the negative bank's vPDQ is left");
                MatchResult after = m.match(chair);
                assertTrue(after.suppressed().isEmpty(), after.toString());
                assertTrue(after.matches().isEmpty(), after.toString());
            }
        }
    }
}
