package io.mediamatch.cli;

import static io.mediamatch.cli.MatchCommandTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.video.VpdqHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code hash --frames} and {@code match --frames} end to end: a GIF, an APNG and an animated WebP cut from the
 * reference video {@code chair-20-sd-bar.mp4} match that video's vPDQ signal (and only with {@code --frames});
 * their still PDQ line is printed as without it.
 */
class AnimationFramesCommandTest {
    private static final Path ANIMATED = Fixtures.dataDir().resolve("animated");

    @Test
    void hashPrintsTheStillLineThenEveryFrame() throws Exception {
        Path gif = ANIMATED.resolve("chair-20-cut.gif");
        String still = CliRun.of("hash", gif.toString()).out();
        CliRun r = CliRun.of("hash", "--frames", gif.toString(),
                Fixtures.reference("pdq/images/pen-and-coaster.png").toString());
        assertEquals(0, r.exit(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals(1 + 18 + 1, out.size(), r.out());
        assertEquals(still.strip(), out.get(0));
        assertTrue(out.get(1).matches("0,\\d+,[0-9a-f]{64},0\\.000," + java.util.regex.Pattern.quote(gif.toString())),
                out.get(1));
        assertTrue(out.get(18).startsWith("17,"), out.get(18));
        assertTrue(out.get(19).endsWith("pen-and-coaster.png") && out.get(19).split(",").length == 3, out.get(19));

        // -o DIR: the frames go to DIR/NAME.txt in the reference format, the still line stays on stdout
        Path dir = Fixtures.scratchDir("cli-hash-frames");
        CliRun o = CliRun.of("hash", "--frames", "-o", dir.toString(), gif.toString());
        assertEquals(0, o.exit(), o.err());
        assertEquals(still.strip(), o.out().strip());
        assertEquals(18, VpdqHash.read(dir.resolve("chair-20-cut.txt")).frames().size());

        // a damaged animation is one error line naming it; the run goes on
        byte[] data = Files.readAllBytes(gif);
        Path cut = Files.write(dir.resolve("cut.gif"), java.util.Arrays.copyOf(data, data.length / 2));
        CliRun bad = CliRun.of("hash", "--frames", cut.toString(), gif.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains(cut + ": ") && bad.err().contains("ends"), bad.err());
        assertEquals(1 + 18, bad.out().lines().count(), bad.out());
    }

    @Test
    void matchFindsTheVideoAnAnimationWasCutFrom() throws Exception {
        Path dir = Fixtures.scratchDir("cli-match-frames");
        String db = dir.resolve("v.db").toString();
        CliRun imp = CliRun.of("db", "import", "--db", db, "--format", "vpdq", "--bank", "VIDEOS", "--label", "chair",
                Fixtures.reference("video/vpdq/every-frame/chair-20-sd-bar.txt").toString());
        assertEquals(0, imp.exit(), imp.err());
        for (String name : List.of("chair-20-cut.gif", "chair-20-cut.apng", "chair-20-cut.webp")) {
            String file = ANIMATED.resolve(name).toString();
            CliRun plain = CliRun.of("match", "--db", db, "--json", "--all", file);
            assertEquals(0, plain.exit(), plain.out()); // the still frame alone finds no video
            CliRun m = CliRun.of("match", "--db", db, "--json", "--frames", file);
            assertEquals(1, m.exit(), m.err() + m.out());
            JsonNode result = lines(m.out()).get(0);
            JsonNode matches = result.get("matches");
            assertEquals(1, matches.size(), matches.toString());
            assertEquals("vpdq", matches.get(0).get("type").asText());
            assertEquals("chair", matches.get(0).get("labels").get(0).asText());
            assertTrue(matches.get(0).get("vpdq_query_pct").asDouble() >= 80, matches.toString());
            boolean hashed = false;
            for (JsonNode h : result.get("hashes")) {
                hashed |= h.get("type").asText().equals("vpdq");
            }
            assertTrue(hashed, result.toString());
        }
    }
}
