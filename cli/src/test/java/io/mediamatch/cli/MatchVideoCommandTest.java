package io.mediamatch.cli;

import static io.mediamatch.cli.MatchCommandTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code db import --format vpdq|tmk} and {@code match} on videos, end to end through {@link Main}. */
class MatchVideoCommandTest {
    @Test
    void importVideoHashesThenMatchADirectoryWithAVideo() throws Exception {
        Path dir = Fixtures.scratchDir("cli-match-video");
        String db = dir.resolve("v.db").toString();
        CliRun v = CliRun.of("db", "import", "--db", db, "--format", "vpdq", "--bank", "videos", "--label", "chair",
                Fixtures.reference("video/vpdq/every-frame/chair-19-sd-bar.txt").toString());
        assertEquals(0, v.exit(), v.err());
        CliRun t = CliRun.of("db", "import", "--db", db, "--format", "tmk", "--bank", "videos", "--label", "chair",
                Fixtures.reference("video/tmk/chair-19-sd-bar.tmk").toString());
        assertEquals(0, t.exit(), t.err());
        // A broken .tmk is reported with its file name; --strict imports nothing.
        Path bad = Files.write(dir.resolve("bad.tmk"), new byte[] {'T', 'M', 'K', '1', 0, 0});
        CliRun b = CliRun.of("db", "import", "--db", db, "--format", "tmk", bad.toString());
        assertEquals(1, b.exit(), b.err());
        assertTrue(b.err().contains("bad.tmk"), b.err());
        assertEquals(2, CliRun.of("db", "import", "--db", db, "--format", "tmk", "--strict", bad.toString()).exit());
        Path badVpdq = Files.writeString(dir.resolve("bad.txt"), "0,100,nothex,0.000\n");
        CliRun bv = CliRun.of("db", "import", "--db", db, "--format", "vpdq", badVpdq.toString());
        assertEquals(1, bv.exit());
        assertTrue(bv.err().contains("bad.txt"), bv.err());

        // A directory holding a video (and a file that is no media): the video is matched by vPDQ and TMK.
        Path media = Files.createDirectories(dir.resolve("media"));
        Files.copy(Fixtures.reference("video/videos/chair-20-sd-bar.mp4"), media.resolve("chair-20-sd-bar.mp4"));
        Files.writeString(media.resolve("readme.md"), "not media");
        CliRun m = CliRun.of("match", "--db", db, "--json", "--threads", "1", media.toString());
        assertEquals(1, m.exit(), m.err());
        List<JsonNode> out = lines(m.out()).stream().filter(n -> !n.has("skipped")).toList(); // readme.md: skipped, named
        assertEquals(1, out.size(), m.out());
        JsonNode matches = out.get(0).get("matches");
        assertEquals(2, matches.size(), matches.toString());
        List<String> pairs = Files.readAllLines(Fixtures.reference("video/tmk/pairs.csv"));
        String[] row = pairs.stream().map(l -> l.split(",")).filter(a -> a[0].equals("chair-20-sd-bar")
                && a[1].equals("chair-19-sd-bar")).findFirst().orElseThrow();
        for (JsonNode x : matches) {
            assertEquals("videos", x.get("bank").asText());
            assertEquals("chair", x.get("labels").get(0).asText());
            if (x.get("type").asText().equals("vpdq")) {
                assertTrue(x.get("vpdq_query_pct").asDouble() >= 80, x.toString());
                assertTrue(x.has("vpdq_compared_pct"), x.toString());
                assertEquals("chair-19-sd-bar.txt", x.get("external_id").asText());
            } else {
                assertEquals("tmk_pdqf", x.get("type").asText());
                assertEquals(Double.parseDouble(row[2]), x.get("tmk_level1").asDouble(), 0.005, x.toString());
                assertEquals(Double.parseDouble(row[3]), x.get("tmk_level2").asDouble(), 0.005, x.toString());
            }
        }
        // The human table shows the vPDQ percentages; stricter thresholds: no match, exit 0.
        CliRun h = CliRun.of("match", "--db", db, "--tmk", "never", media.resolve("chair-20-sd-bar.mp4").toString());
        assertEquals(1, h.exit(), h.err());
        assertTrue(h.out().contains("query ") && h.out().contains("vpdq"), h.out());
        assertFalse(h.out().contains("tmk_pdqf"), h.out());
        CliRun strict = CliRun.of("match", "--db", db, "--tmk", "never", "--vpdq-compared-pct", "80",
                media.resolve("chair-20-sd-bar.mp4").toString());
        assertEquals(0, strict.exit(), strict.out());
        assertEquals(2, CliRun.of("match", "--db", db, "--tmk", "sometimes", media.toString()).exit());
    }
}
