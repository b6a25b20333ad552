package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class EvalVideosCommandTest {
    @Test
    void aTinyRunWritesTheReportWithSaneRates() throws Exception {
        Path out = Fixtures.scratchDir("eval-videos");
        CliRun r = CliRun.of("eval", "--synthetic-videos", "1", "--synthetic-video-distractors", "1",
                "--video-edits", "reencode,mirror,letterbox", "--video-seconds", "2", "--video-size", "96",
                "--video-preprocess", "unletterbox", "--threads", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("reencode") && r.out().contains("false positives"), r.out());

        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(1, json.at("/config/originalCount").asInt());
        List<String> thresholds = List.of("50/0", "80/0", "80/80");
        for (int i = 0; i < 3; i++) {
            assertEquals(thresholds.get(i), json.at("/vpdq/thresholds/" + i).asText());
        }
        JsonNode reencode = json.at("/edits/0");
        assertEquals("reencode", reencode.at("/name").asText());
        // A plain re-encode is found by vPDQ at the matcher's 80/0 and by TMK+PDQF at 0.7/0.7.
        assertEquals(1.0, reencode.at("/vpdqRate/1").asDouble());
        assertEquals(1.0, reencode.at("/tmkRate/1").asDouble());
        assertEquals(100.0, reencode.at("/meanQueryPercent").asDouble(), 1e-9);
        // PDQ frames do not survive a mirror.
        JsonNode mirror = json.at("/edits/1");
        assertEquals("mirror", mirror.at("/name").asText());
        assertEquals(0, mirror.at("/vpdqMatched/1").asInt());
        // Trimming the bars of each frame can only add matches.
        JsonNode letterbox = json.at("/edits/2");
        assertTrue(letterbox.at("/vpdqWithViewMatched/1").asInt() >= letterbox.at("/vpdqMatched/1").asInt());
        // vPDQ matches neither the unrelated clip nor the same photos filmed with other camera moves; TMK+PDQF
        // does not match the unrelated clip (its averaged features can come close on the re-shot one).
        JsonNode distractors = json.at("/falsePositives/distractors");
        assertEquals(2, distractors.size());
        for (JsonNode d : distractors) {
            assertEquals(0, d.at("/vpdqMatched/1").asInt(), d.toString());
            assertEquals(0, d.at("/vpdqWithViewMatched/1").asInt(), d.toString());
        }
        JsonNode unrelated = distractors.get(1);
        assertEquals("unrelated synthetic", unrelated.at("/name").asText());
        assertEquals(0, unrelated.at("/tmkMatched/1").asInt(), unrelated.toString());
        String html = Files.readString(out.resolve("report.html"));
        for (String id : List.of("vpdq-table", "tmk-table", "fp-table")) {
            assertTrue(html.contains("<table id=\"" + id + "\">"), id);
        }
        for (String png : List.of("vpdq.png", "tmk.png")) {
            assertTrue(ImageIO.read(out.resolve(png).toFile()).getWidth() > 50, png);
        }
        assertTrue(Files.isRegularFile(out.resolve("videos/synthetic-0.mp4")));
        assertTrue(!Files.exists(out.resolve("videos/synthetic-0.mirror.mp4")), "edited videos are removed");
    }

    @Test
    void badVideoOptionsAreUsageErrorsNamingTheInput() {
        Path out = Fixtures.scratchDir("eval-videos-bad");
        CliRun r = CliRun.of("eval", "--synthetic-videos", "1", "--vpdq-thresholds", "120/0", "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("120/0"), r.err());
        r = CliRun.of("eval", "--videos", out.resolve("nowhere").toString(), "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("nowhere") && r.err().contains("no such file"), r.err());
        r = CliRun.of("eval", "--synthetic-videos", "1", "--video-edits", "reencode,spin", "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("spin"), r.err());
    }
}
