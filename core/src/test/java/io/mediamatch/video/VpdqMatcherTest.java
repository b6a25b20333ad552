package io.mediamatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The matcher on the reference tool's own hashes must reproduce the reference pair table. */
class VpdqMatcherTest {
    static final Map<String, VpdqHash> HASHES = new LinkedHashMap<>();
    static final List<String[]> PAIRS = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.reference("video/vpdq/pairs-every-frame.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            PAIRS.add(f);
            for (String name : new String[] {f[0], f[1]}) {
                if (!HASHES.containsKey(name)) {
                    HASHES.put(name, VpdqHash.read(Fixtures.reference("video/vpdq/every-frame/" + name + ".txt")));
                }
            }
        }
    }

    @Test
    void reproducesReferencePairTable() {
        VpdqMatcher m = new VpdqMatcher();
        assertEquals(81, PAIRS.size());
        for (String[] p : PAIRS) {
            VpdqMatch r = m.compare(HASHES.get(p[0]), HASHES.get(p[1]));
            assertEquals(Double.parseDouble(p[2]), r.queryPercent(), 0.005, p[0] + " vs " + p[1]);
            assertEquals(Double.parseDouble(p[3]), r.comparedPercent(), 0.005, p[0] + " vs " + p[1]);
        }
    }

    @Test
    void demoCompatibleModeStaysWithinTwoPoints() {
        VpdqMatcher m = new VpdqMatcher(VpdqMatchOptions.DEFAULTS.withDemoCompatible(true));
        double worst = 0;
        for (String[] p : PAIRS) {
            VpdqMatch r = m.compare(HASHES.get(p[0]), HASHES.get(p[1]));
            worst = Math.max(worst, Math.abs(r.queryPercent() - Double.parseDouble(p[2])));
            worst = Math.max(worst, Math.abs(r.comparedPercent() - Double.parseDouble(p[3])));
        }
        assertTrue(worst <= 2.0, "worst " + worst);
        assertTrue(worst > 0, "the demo mode should differ somewhere");
    }

    @Test
    void defaultsMatchChairVariantsAndRejectOthers() {
        VpdqMatcher m = new VpdqMatcher();
        assertTrue(m.compare(HASHES.get("chair-19-sd-bar"), HASHES.get("chair-22-with-small-logo-bar")).isMatch());
        assertFalse(m.compare(HASHES.get("chair-19-sd-bar"), HASHES.get("doorknob-hd-no-bar")).isMatch());
        VpdqMatcher strict = new VpdqMatcher(VpdqMatchOptions.DEFAULTS.withThresholds(100, 100));
        assertFalse(strict.compare(HASHES.get("chair-19-sd-bar"), HASHES.get("chair-20-sd-bar")).isMatch());
        assertTrue(strict.compare(HASHES.get("chair-20-sd-bar"), HASHES.get("chair-20-sd-bar")).isMatch());
    }

    @Test
    void emptyAfterQualityFilterNeverMatches() {
        VpdqMatcher m = new VpdqMatcher(new VpdqMatchOptions(101, 31, 0, 0, false));
        VpdqMatch r = m.compare(HASHES.get("chair-19-sd-bar"), HASHES.get("chair-19-sd-bar"));
        assertEquals(0, r.queryPercent());
        assertFalse(r.isMatch());
    }

    @Test
    void bankComparesOnlyCandidatesSharingAFrame() {
        VpdqIndex.Builder b = VpdqIndex.builder(VpdqMatchOptions.DEFAULTS);
        java.util.Random rnd = new java.util.Random(7);
        for (int v = 0; v < 2000; v++) {
            List<VpdqFeature> frames = new ArrayList<>();
            for (int f = 0; f < 20; f++) {
                frames.add(new VpdqFeature(f, 100, io.mediamatch.pdq.Hash256.of(rnd.nextLong(), rnd.nextLong(),
                        rnd.nextLong(), rnd.nextLong()), f));
            }
            b.add(v, VpdqHash.of(frames));
        }
        b.add(-1, HASHES.get("chair-20-sd-bar"));
        b.add(-2, HASHES.get("doorknob-hd-no-bar"));
        VpdqIndex bank = b.build();
        VpdqMatcher m = new VpdqMatcher();
        int[] candidates = bank.candidates(m.prepare(HASHES.get("chair-19-sd-bar")));
        assertEquals(1, candidates.length, "only chair-20 shares frames with chair-19");
        List<VpdqIndex.Result> hits = bank.search(HASHES.get("chair-19-sd-bar"));
        assertEquals(List.of(-1L), hits.stream().map(VpdqIndex.Result::videoId).toList());
        assertEquals(100.0, hits.get(0).match().queryPercent(), 0.005);
        assertEquals(92.28, hits.get(0).match().comparedPercent(), 0.005);
    }

    @Test
    void bankSearchEqualsBruteForce() {
        VpdqIndex.Builder b = VpdqIndex.builder(VpdqMatchOptions.DEFAULTS);
        List<String> names = new ArrayList<>(HASHES.keySet());
        for (int i = 0; i < names.size(); i++) {
            b.add(1000 + i, HASHES.get(names.get(i)));
        }
        VpdqIndex bank = b.build();
        assertEquals(names.size(), bank.size());
        VpdqMatcher m = new VpdqMatcher();
        for (String q : names) {
            List<VpdqIndex.Result> expected = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                VpdqMatch r = m.compare(HASHES.get(q), HASHES.get(names.get(i)));
                if (r.isMatch()) {
                    expected.add(new VpdqIndex.Result(1000 + i, r));
                }
            }
            List<VpdqIndex.Result> actual = bank.search(HASHES.get(q));
            assertEquals(expected.stream().map(VpdqIndex.Result::videoId).sorted().toList(),
                    actual.stream().map(VpdqIndex.Result::videoId).sorted().toList(), q);
            assertFalse(actual.isEmpty(), q + " must find itself");
            for (VpdqIndex.Result r : actual) {
                assertTrue(expected.contains(r), q + " " + r);
            }
        }
    }
}
