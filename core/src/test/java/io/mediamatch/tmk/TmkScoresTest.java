package io.mediamatch.tmk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TmkScoresTest {
    @Test
    void reproducesEveryPublishedPairScore() throws IOException {
        Map<String, TmkHash> hashes = TmkReferenceFiles.published();
        List<String> lines = Files.readAllLines(Fixtures.reference("video/tmk/pairs.csv"));
        assertEquals("a,b,level1,level2", lines.get(0));
        double worst1 = 0;
        double worst2 = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            TmkHash a = hashes.get(f[0]);
            TmkHash b = hashes.get(f[1]);
            float l1 = TmkScores.level1(a, b);
            float l2 = TmkScores.level2(a, b);
            // Published with 6 decimals; we agree to within one float ulp of the reference's float arithmetic.
            assertEquals(Double.parseDouble(f[2]), l1, 1e-6, "level1 " + line);
            assertEquals(Double.parseDouble(f[3]), l2, 1e-6, "level2 " + line);
            worst1 = Math.max(worst1, Math.abs(Double.parseDouble(f[2]) - l1));
            worst2 = Math.max(worst2, Math.abs(Double.parseDouble(f[3]) - l2));
        }
        assertEquals(64, lines.size() - 1);
        assertTrue(worst1 < 1e-6 && worst2 < 1e-6, worst1 + " " + worst2);
    }

    @Test
    void scoresAreSymmetricOnPublishedPairs() {
        Map<String, TmkHash> hashes = TmkReferenceFiles.published();
        TmkHash a = hashes.get("chair-19-sd-bar");
        TmkHash b = hashes.get("chair-22-with-small-logo-bar");
        assertEquals(TmkScores.level1(a, b), TmkScores.level1(b, a), 1e-6);
        assertEquals(1f, TmkScores.level2(a, a), 1e-6);
    }

    @Test
    void normaliserIsTheSelfScoreOfTheReferenceCoefficients() {
        float[] a = TmkParameters.fourierCoefficients();
        double expected = a[0];
        for (int j = 1; j < a.length; j++) {
            expected += 2.0 * a[j];
        }
        assertEquals(expected, TmkScores.pairScoreNormalizer(a), 1e-6);
        assertEquals(1.0, TmkScores.pairScoreNormalizer(new float[0]));
    }

    @Test
    void refusesIncompatibleHashes() {
        TmkHash a = TmkReferenceFiles.published().get("chair-19-sd-bar");
        TmkHash odd = new TmkHash(25, 1, a.periods(), a.fourierCoefficients(), a.averageFeature(),
                a.cosArray(), a.sinArray());
        assertThrows(IllegalArgumentException.class, () -> TmkScores.level1(a, odd));
        assertThrows(IllegalArgumentException.class, () -> TmkScores.level2(a, odd));
    }
}
