package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.eval.SyntheticImages;
import io.mediamatch.eval.Transform;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.Pdq;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@code mediamatch hash --preprocess}: extra records for cleaned-up views, the plain record unchanged. */
class HashPreprocessTest {
    private static CliRun exec(String... args) {
        return CliRun.of(args);
    }

    @Test
    void addsAnUnletterboxedRecordOnlyWhenThereIsABorder() throws Exception {
        Path dir = Fixtures.scratchDir("hash-preprocess");
        BufferedImage photo = SyntheticImages.photo(9, 400, 300);
        Path boxed = dir.resolve("boxed.png");
        Path plain = dir.resolve("plain.png");
        ImageIO.write(Transform.byName("letterbox-9x16").apply(photo, new Random(1)), "png", boxed.toFile());
        ImageIO.write(photo, "png", plain.toFile());

        CliRun r = exec("hash", "--preprocess", "unletterbox", "--threads", "1", boxed.toString(), plain.toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].endsWith("," + boxed), lines[0]);
        assertTrue(lines[1].endsWith("," + boxed + "#unletterbox"), lines[1]);
        assertTrue(lines[2].endsWith("," + plain), lines[2]);
        Hash256 unboxed = Hash256.fromHex(lines[1].substring(0, 64));
        Hash256 asIs = Hash256.fromHex(lines[0].substring(0, 64));
        Hash256 truth = Pdq.hash(photo).hash();
        assertEquals(0, unboxed.distance(truth));
        assertTrue(asIs.distance(truth) > 31, "letterbox alone should defeat plain PDQ here");

        CliRun j = exec("hash", "--json", "--preprocess", "unletterbox", boxed.toString());
        String[] records = j.out().split("\n");
        assertEquals(2, records.length, j.out());
        assertTrue(records[1].endsWith(",\"view\":\"unletterbox\"}"), records[1]);
        assertTrue(!records[0].contains("\"view\""), records[0]);
    }

    @Test
    void unknownStepIsAUsageError() {
        CliRun r = exec("hash", "--preprocess", "sharpen", "x.png");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unletterbox"), r.err());
    }
}
