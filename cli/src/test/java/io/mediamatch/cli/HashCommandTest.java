package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code mediamatch hash} end to end through {@link Main#commandLine()}: output format, order, errors, exit codes. */
class HashCommandTest {
    private static CliRun hash(String... args) {
        return CliRun.command("hash", args);
    }

    private static CliRun exec(String... args) {
        return CliRun.of(args);
    }

    private static Path pdq() {
        return Fixtures.reference("pdq");
    }

    /** expected.csv (or the dihedral file) as path-relative-to-pdq -> lines. */
    private static Map<String, List<String>> expected(String csv) throws IOException {
        Map<String, List<String>> m = new TreeMap<>();
        for (String line : Files.readAllLines(pdq().resolve(csv))) {
            String[] f = line.split(",", 3);
            m.computeIfAbsent(f[2], k -> new ArrayList<>()).add(f[0] + "," + f[1]);
        }
        return m;
    }

    @Test
    void printsTheReferenceLinesForFilesInArgumentOrder() throws IOException {
        Map<String, List<String>> want = expected("expected.csv");
        List<String> rels = List.of("synthetic/plasma-64x64.png", "images/misc-images/small.jpg",
                "synthetic/tiny-4x4.png", "images/misc-images/modes/CMYK.jpg", "synthetic/gray-800x600.png");
        List<String> args = new ArrayList<>(List.of("--threads", "2"));
        rels.forEach(r -> args.add(pdq().resolve(r).toString()));
        CliRun r = hash(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        assertEquals(rels.size(), lines.size(), r.out());
        for (int i = 0; i < rels.size(); i++) {
            assertEquals(want.get(rels.get(i)).get(0) + "," + pdq().resolve(rels.get(i)), lines.get(i));
        }
        assertTrue(r.err().contains("5 files, 5 hashed, 0 failed"), r.err());
    }

    @Test
    void walksDirectoriesSortedAndMatchesExpectedCsv() throws IOException {
        Map<String, List<String>> want = expected("expected.csv");
        Path dir = pdq().resolve("synthetic");
        CliRun r = hash("--threads", "2", dir.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> paths = new ArrayList<>();
        for (String line : r.lines()) {
            String[] f = line.split(",", 3);
            paths.add(f[2]);
            String rel = "synthetic/" + dir.relativize(Path.of(f[2])).toString().replace('\\', '/');
            assertEquals(want.get(rel).get(0), f[0] + "," + f[1], rel);
        }
        List<String> sorted = new ArrayList<>(paths);
        sorted.sort(null);
        assertEquals(sorted, paths);
        long inCsv = want.keySet().stream().filter(k -> k.startsWith("synthetic/")).count();
        assertEquals(inCsv, paths.size());
    }

    @Test
    void dihedralPrintsEightLinesInReferenceOrderAndJsonNamesThem() throws IOException {
        String rel = "images/bridge-mods/square-128x128.jpg";
        String path = pdq().resolve(rel).toString();
        CliRun r = hash("--dihedral", path);
        assertEquals(0, r.exit(), r.err());
        List<String> want = expected("expected-dihedral.csv").get(rel);
        List<String> got = new ArrayList<>();
        for (String line : r.lines()) {
            assertTrue(line.endsWith("," + path), line);
            got.add(line.substring(0, line.length() - path.length() - 1));
        }
        assertEquals(want, got);

        CliRun j = hash("--dihedral", "--json", path);
        assertEquals(0, j.exit(), j.err());
        assertEquals(1, j.lines().size());
        String line = j.lines().get(0);
        assertTrue(line.startsWith("{\"path\":\"" + path.replace("\\", "\\\\") + "\""), line);
        assertTrue(line.contains("\"pdq\":\"" + want.get(0).split(",")[0] + "\""), line);
        assertTrue(line.contains("\"rotate_90\":\"" + want.get(1).split(",")[0] + "\""), line);
        assertTrue(line.contains("\"flip_minus_1\":\"" + want.get(7).split(",")[0] + "\""), line);
        assertTrue(line.contains("\"quality\":100"), line);
    }

    @Test
    void jsonLinesCarryPathHashAndQuality() throws IOException {
        String rel = "synthetic/tiny-5x5.png";
        CliRun r = hash("--json", pdq().resolve(rel).toString());
        assertEquals(0, r.exit(), r.err());
        String[] want = expected("expected.csv").get(rel).get(0).split(",");
        assertEquals("{\"path\":\"" + pdq().resolve(rel) + "\",\"pdq\":\"" + want[0] + "\",\"quality\":" + want[1] + "}",
                r.out().trim());
    }

    @Test
    void badFilesPrintOneErrorLineEachAndTheRunGoesOn() throws IOException {
        Path dir = Fixtures.scratchDir("hash-command");
        Path empty = Files.write(dir.resolve("a-empty.jpg"), new byte[0]);
        Path text = Files.writeString(dir.resolve("b-text.jpg"), "not an image");
        byte[] jpeg = Files.readAllBytes(pdq().resolve("images/bridge-mods/square-256x256.jpg"));
        Path cut = Files.write(dir.resolve("c-cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        Path good = Files.write(dir.resolve("d-good.jpg"), jpeg);
        Files.writeString(dir.resolve("notes.txt"), "skipped in a directory walk");
        CliRun r = hash(dir.toString(), dir.resolve("missing.png").toString());
        assertEquals(1, r.exit());
        assertEquals(1, r.lines().size(), r.out());
        assertTrue(r.out().endsWith("," + good + "\n"), r.out());
        List<String> errs = Arrays.stream(r.err().split("\n")).filter(l -> l.contains("error") || l.contains(": "))
                .toList();
        for (Path p : List.of(empty, text, cut, dir.resolve("missing.png"))) {
            long n = errs.stream().filter(l -> l.contains(p.toString() + ": ")).count();
            assertEquals(1, n, p + " in " + r.err());
        }
        assertTrue(r.err().contains("skipped " + dir.resolve("notes.txt") + ": not an image or video by its name"
                + " (extension .txt)"), r.err());
        assertTrue(r.err().contains("6 files, 1 hashed, 4 failed, 1 skipped"), r.err());
    }

    @Test
    void aWalkNamesEverySkippedFileAndAllFilesTriesThemByContent() throws IOException {
        Path dir = Fixtures.scratchDir("hash-all-files");
        byte[] jpeg = Files.readAllBytes(pdq().resolve("images/bridge-mods/square-256x256.jpg"));
        Path upload = Files.write(dir.resolve("upload-1234.bin"), jpeg); // a platform's blob name
        Path noExt = Files.write(dir.resolve("README"), "text".getBytes());
        Path good = Files.write(dir.resolve("photo.jpg"), jpeg);
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.write(sub.resolve("again.jpg"), jpeg);
        Path link = dir.resolve("loop");
        Files.createSymbolicLink(link, dir);

        CliRun plain = hash("--json", dir.toString());
        assertEquals(0, plain.exit(), plain.err());
        assertEquals(5, plain.lines().size(), plain.out()); // 2 hashes + 3 skip records
        for (Path p : List.of(upload, noExt, link)) {
            assertEquals(1, plain.lines().stream().filter(l -> l.contains("\"path\":\"" + p + "\",\"skipped\":"))
                    .count(), p + " in " + plain.out());
            assertTrue(plain.err().contains("mediamatch hash: skipped " + p + ": "), plain.err());
        }
        assertTrue(plain.err().contains(link + ": symbolic link to a directory, not followed"), plain.err());
        assertTrue(plain.err().contains(noExt + ": not an image or video by its name (no extension)"), plain.err());
        assertTrue(plain.err().contains("5 files, 2 hashed, 0 failed, 3 skipped"), plain.err());

        CliRun all = hash("--all-files", dir.toString());
        assertEquals(1, all.exit(), all.err()); // README is neither an image nor a video: a failure, named
        List<String> hashes = all.lines();
        assertEquals(3, hashes.size(), all.out());
        String hashOfGood = hashes.stream().filter(l -> l.endsWith("," + good)).findFirst().orElseThrow();
        String hashOfUpload = hashes.stream().filter(l -> l.endsWith("," + upload)).findFirst().orElseThrow();
        assertEquals(hashOfGood.split(",")[0], hashOfUpload.split(",")[0], "the same bytes, whatever the name");
        assertTrue(all.err().contains(noExt + ": "), all.err());
        assertTrue(all.err().contains("5 files, 3 hashed, 1 failed, 1 skipped"), all.err()); // the link stays skipped
    }

    @Test
    void exitTwoOnBadUsage() {
        assertEquals(2, hash().exit()); // hash with no PATH
        assertEquals(2, hash("--no-such-option", "x").exit());
        assertEquals(2, hash("--threads", "0", "x").exit());
        assertEquals(2, hash("--max-pixels", "lots", "x").exit());
    }

    @Test
    void maxPixelsAndExifOrientFlags() throws IOException {
        String path = pdq().resolve("images/bridge-mods/square-512x512.jpg").toString();
        CliRun refused = hash("--max-pixels", "1000", path);
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("above the limit of 1000 pixels"), refused.err());

        String six = pdq().resolve("images/exif-rotn/exif-rotn-6.jpg").toString();
        String stored = hash(six).out();
        String turned = hash("--exif-orient", six).out();
        assertEquals(expected("expected.csv").get("images/exif-rotn/exif-rotn-6.jpg").get(0) + "," + six + "\n", stored);
        assertTrue(!stored.equals(turned), "--exif-orient changes the hash of an orientation-6 file");
    }
}
