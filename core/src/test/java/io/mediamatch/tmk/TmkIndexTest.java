package io.mediamatch.tmk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TmkIndexTest {
    @Test
    void findsExactlyThePublishedPairsAboveTheDefaultThresholds() throws IOException {
        Map<String, TmkHash> published = TmkReferenceFiles.published();
        List<String> names = new ArrayList<>(published.keySet());
        TmkIndex bank = new TmkIndex();
        for (int i = 0; i < names.size(); i++) {
            bank.add(i, published.get(names.get(i)));
        }
        assertEquals(names.size(), bank.size());
        Set<String> expected = new HashSet<>();
        for (String line : Files.readAllLines(Fixtures.reference("video/tmk/pairs.csv"))) {
            String[] f = line.split(",");
            if (!f[0].equals("a") && Double.parseDouble(f[2]) >= 0.7 && Double.parseDouble(f[3]) >= 0.7) {
                expected.add(f[0] + " " + f[1]);
            }
        }
        Set<String> found = new HashSet<>();
        for (String query : names) {
            List<TmkMatch> matches = bank.search(published.get(query));
            for (int i = 1; i < matches.size(); i++) {
                assertTrue(matches.get(i - 1).level2() >= matches.get(i).level2(), "sorted by level 2");
            }
            for (TmkMatch m : matches) {
                TmkHash target = published.get(names.get((int) m.id()));
                assertEquals(TmkScores.level1(published.get(query), target), m.level1());
                assertEquals(TmkScores.level2(published.get(query), target), m.level2());
                found.add(query + " " + names.get((int) m.id()));
            }
        }
        assertEquals(expected, found);
        assertTrue(found.size() > names.size(), "some distinct videos match each other");
    }

    @Test
    void levelOneScanAgreesWithTheExactScoreOnABankOfPerturbedHashes() {
        TmkHash base = TmkReferenceFiles.published().get("chair-19-sd-bar");
        TmkHash query = TmkReferenceFiles.published().get("chair-20-sd-bar");
        Random random = new Random(42);
        TmkIndex bank = new TmkIndex();
        List<TmkHash> all = new ArrayList<>();
        float[] avg = base.averageArray();
        double norm = TmkScores.norm(avg);
        for (int i = 0; i < 2000; i++) {
            // Noise from none to about twice the feature's own size: level-1 scores spread over the whole range.
            double sigma = norm / Math.sqrt(avg.length) * (i / 1000.0);
            float[] a = avg.clone();
            for (int k = 0; k < a.length; k++) {
                a[k] += (float) (random.nextGaussian() * sigma);
            }
            TmkHash h = new TmkHash(15, base.frameCount(), base.periodsArray(), base.coefficientsArray(), a,
                    base.cosArray(), base.sinArray());
            all.add(h);
            bank.add(1000 + i, h);
        }
        for (float t : new float[] {0.5f, 0.7f, 0.8f, 0.9f}) {
            int expected = 0;
            for (TmkHash h : all) {
                if (TmkScores.level1(query, h) >= t) {
                    expected++;
                }
            }
            List<TmkMatch> found = bank.search(query, t, -Float.MAX_VALUE);
            assertEquals(expected, found.size(), "threshold " + t);
            assertEquals(expected, bank.searchLevel1(query, t).size(), "level-1 only, threshold " + t);
            assertTrue(expected > 0 && expected < all.size(), "threshold " + t + " splits the bank: " + expected);
            for (TmkMatch m : found) {
                assertEquals(TmkScores.level1(query, all.get((int) m.id() - 1000)), m.level1());
            }
        }
    }

    @Test
    void aBankBackedByAHashSourceGivesTheSameMatchesAndLoadsOnlyCandidates() {
        Map<String, TmkHash> published = TmkReferenceFiles.published();
        List<String> names = new ArrayList<>(published.keySet());
        TmkIndex inMemory = new TmkIndex();
        List<Long> loaded = new ArrayList<>();
        TmkIndex backed = new TmkIndex(id -> {
            loaded.add(id);
            return published.get(names.get((int) id));
        });
        for (int i = 0; i < names.size(); i++) {
            inMemory.add(i, published.get(names.get(i)));
            backed.add(i, published.get(names.get(i)));
        }
        TmkHash query = published.get("pattern-hd-no-bar");
        List<TmkMatch> expected = inMemory.search(query);
        assertEquals(expected, backed.search(query));
        assertEquals(2, expected.size(), "pattern-hd matches itself and pattern-sd");
        assertEquals(2, loaded.size(), "level 2 loaded only the level-1 candidates: " + loaded);

        TmkIndex failing = new TmkIndex(id -> {
            throw new IOException("store closed");
        });
        failing.add(7, query);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> failing.search(query));
        assertTrue(e.getMessage().contains("store closed"), e.getMessage());
    }

    @Test
    void removeDropsEveryEntryOfAnId() {
        Map<String, TmkHash> published = TmkReferenceFiles.published();
        TmkIndex bank = new TmkIndex();
        bank.add(1, published.get("chair-19-sd-bar"));
        bank.add(2, published.get("chair-20-sd-bar"));
        bank.add(1, published.get("chair-22-sd-grey-bar"));
        bank.add(3, published.get("pattern-hd-no-bar"));
        assertEquals(2, bank.remove(1));
        assertEquals(0, bank.remove(1));
        assertEquals(2, bank.size());
        List<TmkMatch> hits = bank.search(published.get("chair-19-sd-bar"));
        assertEquals(1, hits.size());
        assertEquals(2, hits.get(0).id());
        assertEquals(3, bank.search(published.get("pattern-hd-no-bar")).get(0).id());
    }

    @Test
    void rejectsIncompatibleHashes() {
        TmkHash a = TmkReferenceFiles.published().get("chair-19-sd-bar");
        TmkHash odd = new TmkHash(30, 1, a.periodsArray(), a.coefficientsArray(), a.averageArray(), a.cosArray(),
                a.sinArray());
        TmkIndex bank = new TmkIndex();
        bank.add(1, a);
        assertThrows(IllegalArgumentException.class, () -> bank.add(2, odd));
        assertThrows(IllegalArgumentException.class, () -> bank.search(odd));
        assertTrue(new TmkIndex().search(a).isEmpty());
    }
}
