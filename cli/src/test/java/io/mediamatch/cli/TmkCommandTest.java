package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mediamatch hash --tmk} and {@code mediamatch tmk compare} end to end through {@link Main#commandLine()}. */
class TmkCommandTest {
    private static CliRun exec(String... args) {
        return CliRun.of(args);
    }

    private static Path video(String name) {
        return Fixtures.reference("video/videos/" + name + ".mp4");
    }

    private static Path published(String name) {
        return Fixtures.reference("video/tmk/" + name + ".tmk");
    }

    @Test
    void hashesVideosIntoADirectoryByteForByteAsTheReference() throws IOException {
        Path dir = Fixtures.scratchDir("cli-tmk-dir");
        Path junk = Files.writeString(dir.resolve("junk.mp4"), "not a video");
        Path outDir = Files.createDirectories(dir.resolve("out"));
        CliRun r = exec("hash", "--tmk", "--threads", "2", video("doorknob-hd-no-bar").toString(), junk.toString(),
                video("pattern-sd-grey-bar").toString(), "-o", outDir.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals(List.of(outDir.resolve("doorknob-hd-no-bar.tmk") + ",62," + video("doorknob-hd-no-bar"),
                outDir.resolve("pattern-sd-grey-bar.tmk") + ",105," + video("pattern-sd-grey-bar")), r.lines());
        assertTrue(r.err().contains(junk + ": "), r.err());
        assertTrue(r.err().contains("3 files, 2 hashed, 1 failed"), r.err());
        for (String name : List.of("doorknob-hd-no-bar", "pattern-sd-grey-bar")) {
            assertArrayEquals(Files.readAllBytes(published(name)), Files.readAllBytes(outDir.resolve(name + ".tmk")));
        }
        assertFalse(Files.exists(outDir.resolve("junk.tmk")));
        try (var s = Files.list(outDir)) {
            assertEquals(2, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void hashesOneVideoToANamedFileWithJson() throws IOException {
        Path out = Fixtures.scratchDir("cli-tmk-file").resolve("d.tmk");
        CliRun r = exec("hash", "--tmk", "--json", video("doorknob-hd-no-bar").toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\"path\":\"" + video("doorknob-hd-no-bar") + "\",\"tmk\":\"" + out + "\",\"frames\":62}",
                r.out().trim());
        assertArrayEquals(Files.readAllBytes(published("doorknob-hd-no-bar")), Files.readAllBytes(out));
    }

    @Test
    void usageErrors() {
        assertEquals(2, exec("hash", "--tmk", video("doorknob-hd-no-bar").toString()).exit(), "needs -o");
        CliRun several = exec("hash", "--tmk", video("doorknob-hd-no-bar").toString(),
                video("pattern-sd-grey-bar").toString(), "-o", "target/not-a-dir.tmk");
        assertEquals(2, several.exit());
        assertTrue(several.err().contains("takes one video"), several.err());
        assertEquals(2, exec("tmk", "compare", published("doorknob-hd-no-bar").toString()).exit(), "one file");
        assertEquals(2, exec("hash", "--tmk", "--dihedral", video("doorknob-hd-no-bar").toString(), "-o", "x.tmk")
                .exit(), "--dihedral is for images");
    }

    @Test
    void comparePrintsTheReferenceScoresOfEveryPair() throws IOException {
        Path a = published("chair-19-sd-bar");
        Path b = published("chair-20-sd-bar");
        Path c = published("pattern-hd-no-bar");
        CliRun r = exec("tmk", "compare", a.toString(), b.toString(), c.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> pairs = Files.readAllLines(Fixtures.reference("video/tmk/pairs.csv"));
        List<String> lines = r.lines();
        assertEquals(3, lines.size());
        assertEquals(a + "," + b + "," + scores(pairs, "chair-19-sd-bar", "chair-20-sd-bar"), lines.get(0));
        assertEquals(a + "," + c + "," + scores(pairs, "chair-19-sd-bar", "pattern-hd-no-bar"), lines.get(1));
        assertEquals(b + "," + c + "," + scores(pairs, "chair-20-sd-bar", "pattern-hd-no-bar"), lines.get(2));

        CliRun matches = exec("tmk", "compare", "--matches-only", a.toString(), b.toString(), c.toString());
        assertEquals(List.of(lines.get(0)), matches.lines());

        Path bad = Files.write(Fixtures.scratchDir("cli-tmk-compare").resolve("bad.tmk"), new byte[] {1, 2, 3});
        CliRun withBad = exec("tmk", "compare", a.toString(), bad.toString(), b.toString());
        assertEquals(1, withBad.exit());
        assertEquals(List.of(lines.get(0)), withBad.lines());
        assertTrue(withBad.err().contains(bad + ": not a valid .tmk file"), withBad.err());
    }

    private static String scores(List<String> pairs, String a, String b) {
        for (String line : pairs) {
            if (line.startsWith(a + "," + b + ",")) {
                return line.substring(a.length() + b.length() + 2);
            }
        }
        throw new AssertionError("no pair " + a + " " + b);
    }
}
