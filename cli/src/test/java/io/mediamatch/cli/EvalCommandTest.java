package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.eval.SyntheticImages;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvalCommandTest {
    private static Path originals;
    private static Path distractors;

    @BeforeAll
    static void images() throws Exception {
        Path root = Fixtures.scratchDir("eval-inputs");
        originals = Files.createDirectories(root.resolve("originals"));
        distractors = Files.createDirectories(root.resolve("distractors"));
        for (int i = 0; i < 3; i++) {
            ImageIO.write(SyntheticImages.photo(100 + i, 320, 240), "png", originals.resolve("o" + i + ".png").toFile());
            ImageIO.write(SyntheticImages.photo(200 + i, 300, 300), "png",
                    distractors.resolve("d" + i + ".png").toFile());
        }
        Files.writeString(distractors.resolve("broken.jpg"), "not a jpeg");
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void writesReportWithTablesPlotsAndJson() throws Exception {
        Path out = Fixtures.scratchDir("eval-report");
        CliRun r = run("eval", "--originals", originals.toString(), "--distractors", distractors.toString(),
                "--transforms", "jpeg-q70,mirror,letterbox-16x9", "--distances", "16,31", "--threads", "2",
                "--worst", "3", "--out", out.toString());
        // The broken distractor is skipped and named, the rest is evaluated: exit 1.
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("broken.jpg"), r.err());
        assertTrue(r.out().contains("jpeg-q70") && r.out().contains("false-positive rate"), r.out());

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<table id=\"recall-table\">"));
        assertTrue(html.contains("<table id=\"fp-table\">"));
        for (String t : List.of("jpeg-q70", "mirror", "letterbox-16x9")) {
            assertTrue(html.contains("<td class=\"name\">" + t + "</td>"), t);
        }
        assertTrue(html.contains("src=\"roc.png\"") && html.contains("src=\"histogram.png\""));
        assertTrue(html.contains("thumbs/miss-0-original.png"));
        for (String png : List.of("roc.png", "histogram.png", "recall.png", "thumbs/miss-0-variant.png")) {
            assertTrue(ImageIO.read(out.resolve(png).toFile()).getWidth() > 50, png);
        }

        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(3, json.at("/config/originalCount").asInt());
        assertEquals(3, json.at("/falsePositives/distractors").asInt());
        assertEquals(9, json.at("/overall/variants").asInt());
        JsonNode jpeg = json.at("/transforms/0");
        assertEquals("jpeg-q70", jpeg.at("/transform").asText());
        // JPEG at quality 70 moves a PDQ hash a few bits: always recalled at 31.
        assertEquals(3, jpeg.at("/recalled/1").asInt());
        // Plain PDQ cannot see through a mirror.
        assertEquals(0, json.at("/transforms/1/recalled/1").asInt());
    }

    @Test
    void dihedralAndUnletterboxRecoverMirrorAndLetterbox() throws Exception {
        Path out = Fixtures.scratchDir("eval-dihedral");
        CliRun r = run("eval", "--originals", originals.toString(), "--transforms", "mirror,letterbox-16x9,pad",
                "--dihedral", "--preprocess", "unletterbox", "--out", out.toString(), "--threads", "2",
                "--extra-hashes", Fixtures.reference("index/haystack.txt").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(1350, json.at("/config/extraHashCount").asInt());
        assertEquals(3, json.at("/config/originalCount").asInt());
        for (JsonNode t : json.at("/transforms")) {
            assertEquals(3, t.at("/recalled/2").asInt(), t.toString()); // d <= 31
        }
        assertTrue(Files.readString(out.resolve("report.html")).contains("--dihedral --preprocess unletterbox"));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("eval", "--originals", originals.toString(), "--transforms", "nope").exit());
        assertEquals(2, run("eval", "--originals", originals.toString(), "--preprocess", "nope").exit());
        assertEquals(2, run("eval", "--originals", originals.toString(), "--distances", "300").exit());
        assertEquals(2, run("eval").exit());
        assertEquals(2, run("eval", "--originals", originals.toString(), "--transforms", "mirror", "--extra-hashes",
                originals.resolve("o0.png").toString()).exit());
        assertEquals(2, run("eval", "--originals", originals.resolve("missing").toString()).exit());
    }

    @Test
    void nothingReadableExitsThree() throws Exception {
        Path dir = Fixtures.scratchDir("eval-unreadable");
        Files.writeString(dir.resolve("x.png"), "garbage");
        CliRun r = run("eval", "--originals", dir.toString(), "--out", dir.resolve("out").toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("x.png"), r.err());
    }

    /** Opens the report in headless Chromium when it is installed (Debian package chromium); skipped otherwise. */
    @Test
    void reportRendersInHeadlessChromium() throws Exception {
        String chromium = null;
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (new File(c).canExecute()) {
                chromium = c;
            }
        }
        Assumptions.assumeTrue(chromium != null, "chromium not installed");
        Path out = Fixtures.scratchDir("eval-render");
        assertEquals(0, run("eval", "--synthetic", "2", "--transforms", "crop-10,jpeg-q50", "--out",
                out.toString(), "--threads", "1").exit());
        Path profile = Fixtures.scratchDir("chromium-profile");
        Path shot = out.resolve("screenshot.png");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1200,1600",
                "--screenshot=" + shot, out.resolve("report.html").toUri().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium hung");
        }
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1200, img.getWidth());
        // Not a blank page: the tables, plots and thumbnails bring many colours.
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 5) {
            for (int x = 0; x < img.getWidth(); x += 5) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "rendered page looks blank: " + colours.size() + " colours");
    }
}
