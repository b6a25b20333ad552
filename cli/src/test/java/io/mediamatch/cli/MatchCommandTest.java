package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String img(String rel) {
        return Fixtures.reference("pdq/images/" + rel).toString();
    }

    static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.split("\n")) {
            if (!s.isBlank()) {
                l.add(JSON.readTree(s));
            }
        }
        return l;
    }

    @Test
    void aWalkAccountsForEveryFile() throws Exception {
        Path dir = Fixtures.scratchDir("match-walk");
        Files.copy(Path.of(img("bridge-mods/blur-a-lot.jpg")), dir.resolve("a.jpg"));
        Files.copy(Path.of(img("bridge-mods/blur-a-lot.jpg")), dir.resolve("b.upload"));
        Files.copy(Path.of(img("dih/bridge-2-rotate-90.jpg")), dir.resolve("c.jpg"));
        Files.writeString(dir.resolve("d.txt"), "notes");

        CliRun r = CliRun.of("match", "--json", dir.toString());
        assertEquals(1, r.exit(), r.err());
        List<JsonNode> out = lines(r.out());
        assertEquals(4, out.size(), r.out());
        List<String> skipped = out.stream().filter(n -> n.has("skipped")).map(n -> n.get("file").asText()).toList();
        assertEquals(List.of(dir.resolve("b.upload").toString(), dir.resolve("d.txt").toString()), skipped);
        assertTrue(r.err().contains("skipped " + dir.resolve("b.upload") + ": not an image or video by its name"),
                r.err());
        assertTrue(r.err().contains("4 files, 1 matched, 1 not matched, 0 suppressed by negative banks, 0 failed,"
                + " 2 skipped;"), r.err());

        // --all-files: the blob is checked by its content and matches like the JPEG; the text file is checked by
        // its exact hashes only, with a note saying why it had no perceptual hash.
        CliRun all = CliRun.of("match", "--json", "--all-files", dir.toString());
        assertEquals(1, all.exit(), all.err());
        List<JsonNode> checked = lines(all.out());
        assertEquals(4, checked.size(), all.out());
        assertTrue(checked.get(1).get("matched").asBoolean(), checked.get(1).toString());
        assertFalse(checked.get(3).get("matched").asBoolean(), checked.get(3).toString());
        assertTrue(all.err().contains(dir.resolve("d.txt") + ": pdq skipped: "), all.err());
        assertTrue(all.err().contains("4 files, 2 matched, 2 not matched, 0 suppressed by negative banks, 0 failed;"),
                all.err());
    }

    @Test
    void sampleDatabaseMatchesNegativeBankSuppressesAndExitCodes() throws Exception {
        CliRun r = CliRun.of("match", "--json", "--threads", "2", img("bridge-mods/blur-a-lot.jpg"),
                img("pen-and-coaster.png"), img("misc-images/wee.jpg"), img("misc-images/small.jpg"));
        assertEquals(1, r.exit(), r.err());
        List<JsonNode> out = lines(r.out());
        assertEquals(4, out.size());
        JsonNode bridge = out.get(0);
        assertTrue(bridge.get("matched").asBoolean());
        assertEquals("demo-extremism", bridge.get("matches").get(0).get("bank").asText());
        assertEquals("pdq", bridge.get("matches").get(0).get("type").asText());
        JsonNode pen = out.get(1);
        assertFalse(pen.get("matched").asBoolean());
        assertEquals("demo-benign", pen.get("negative").get(0).get("bank").asText());
        assertEquals("demo-ncii", pen.get("suppressed").get(0).get("bank").asText());
        JsonNode wee = out.get(2);
        assertEquals("md5", wee.get("matches").get(0).get("type").asText(), wee.toString());
        JsonNode small = out.get(3);
        assertFalse(small.get("matched").asBoolean());
        assertTrue(r.err().contains("small.jpg: pdq quality 0 is below 50"), r.err());

        // Nothing matched: exit 0. The table output names nothing.
        CliRun none = CliRun.of("match", img("dih/bridge-2-rotate-90.jpg"));
        assertEquals(0, none.exit());
        assertEquals("", none.out());
        // Dihedral finds it, in the human table with the orientation.
        CliRun dih = CliRun.of("match", "--dihedral", img("dih/bridge-2-rotate-90.jpg"));
        assertEquals(1, dih.exit());
        assertTrue(dih.out().contains("demo-extremism"), dih.out());
        assertTrue(dih.out().contains("rotate"), dih.out());
        // An unknown preprocessing step is bad usage.
        CliRun bad = CliRun.of("match", "--preprocess", "sharpen", img("bridge-mods/blur-a-lot.jpg"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("unknown preprocessing 'sharpen'"), bad.err());
        // A missing file: exit 2, the other files still done.
        CliRun err = CliRun.of("match", img("bridge-mods/blur-a-lot.jpg"), "/nonexistent/x.jpg");
        assertEquals(2, err.exit());
        assertTrue(err.out().contains("blur-a-lot.jpg"));
        assertTrue(err.err().contains("/nonexistent/x.jpg"));
    }

    @Test
    void mediaThatCannotBeDecodedIsAFailureNotANoMatch() throws Exception {
        // A JPEG cut after 5,000 bytes: a browser shows its top rows, but no PDQ hash can be computed from it.
        byte[] whole = Files.readAllBytes(Path.of(img("bridge-mods/aaa-orig.jpg")));
        Path cut = Fixtures.scratchDir("cli-match-undecodable").resolve("cut.jpg");
        Files.write(cut, java.util.Arrays.copyOf(whole, 5000));
        CliRun r = CliRun.of("match", "--json", cut.toString(), img("bridge-mods/blur-a-lot.jpg"));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(cut + ": pdq skipped: JPEG data ends early"), r.err());
        assertTrue(r.err().contains("2 files, 1 matched, 0 not matched, 0 suppressed by negative banks, 1 failed"),
                r.err());
        JsonNode record = new ObjectMapper().readTree(r.lines().get(0));
        assertEquals(cut.toString(), record.get("file").asText());
        assertFalse(record.get("matched").asBoolean());
        assertTrue(record.get("notes").get(0).asText().startsWith("pdq skipped: "), record.toString());
        assertTrue(record.get("undecodable").asBoolean(), record.toString());
        assertFalse(lines(r.out()).get(1).has("undecodable"), r.out());
        // The same bytes banked by MD5 still match: then it counts as matched, exit 1.
        String db = Fixtures.scratchDir("cli-match-undecodable-db").resolve("md5.db").toString();
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(Files.readAllBytes(cut)));
        Path list = Fixtures.scratchDir("cli-match-undecodable-list").resolve("md5.txt");
        Files.writeString(list, md5 + "\n");
        assertEquals(0, CliRun.of("db", "import", "--db", db, "--format", "hashlist", "--type", "md5", "--bank", "b",
                list.toString()).exit());
        CliRun banked = CliRun.of("match", "--db", db, cut.toString());
        assertEquals(1, banked.exit(), banked.err());
        assertTrue(banked.err().contains("1 files, 1 matched, 0 not matched"), banked.err());
    }

    /** (bank, signal id, distance) of each PDQ match and known-benign hit of a JSON result line. */
    static List<String> pdqHits(JsonNode result) {
        List<String> hits = new ArrayList<>();
        for (String kind : new String[] {"matches", "negative", "suppressed"}) {
            for (JsonNode m : result.get(kind)) {
                if (m.get("type").asText().equals("pdq")) {
                    hits.add(kind + " " + m.get("bank").asText() + " " + m.get("signal_id").asLong() + " "
                            + m.get("distance").asInt());
                }
            }
        }
        return hits;
    }

    @Test
    void hashListsMatchAsTheirImagesDo() throws Exception {
        String images = Fixtures.reference("pdq/images").toString();
        CliRun hashed = CliRun.of("hash", "--threads", "2", images);
        CliRun direct = CliRun.of("match", "--json", "--threads", "2", images);
        Path dir = Fixtures.scratchDir("cli-match-hash-list");
        Path list = dir.resolve("list.txt");
        String first = hashed.out().substring(0, 64);
        Files.writeString(list, "# mediamatch hash output, plus bad rows\n" + hashed.out() + "not-a-hash\n"
                + first + ",101,x.jpg\n\n" + first + ",case-7,seen 2026\n");
        CliRun r = CliRun.of("match", "--json", "--hashes", list.toString());
        assertEquals(2, r.exit(), "bad rows make exit 2, the rest is matched: " + r.err());
        String err = r.err();
        assertTrue(err.contains(list + ":" + 44 + ": not a 64-digit hex PDQ hash"), err);
        assertTrue(err.contains(list + ":" + 45 + ": quality 101 is not 0..100"), err);
        assertTrue(err.contains("45 listed hashes"), err);
        List<JsonNode> rows = lines(r.out());
        assertEquals(45, rows.size());
        java.util.Map<String, JsonNode> byPath = new java.util.HashMap<>();
        for (JsonNode d : lines(direct.out())) {
            byPath.put(d.get("file").asText(), d);
        }
        int matched = 0;
        for (JsonNode row : rows.subList(0, 42)) {
            JsonNode image = byPath.get(row.get("name").asText());
            assertEquals(pdqHits(image), pdqHits(row), row.toString());
            assertEquals(list.toString(), row.get("file").asText());
            matched += pdqHits(row).isEmpty() ? 0 : 1;
        }
        assertTrue(matched >= 25, matched + " listed hashes matched");
        assertTrue(rows.get(42).has("error") && rows.get(43).has("error"), rows.get(42) + " " + rows.get(43));
        JsonNode plain = rows.get(44);
        assertEquals(47, plain.get("line").asInt());
        assertEquals("case-7,seen 2026", plain.get("name").asText(), "metadata with commas");
        assertTrue(plain.get("matched").asBoolean(), plain.toString());

        // a file of another kind: its first 100 lines are reported, then it is given up on, and the next list is read
        Path binary = dir.resolve("photo.bin");
        byte[] noise = new byte[1 << 20];
        new java.util.Random(5).nextBytes(noise);
        Files.write(binary, noise);
        CliRun wrong = CliRun.of("match", "--hashes", binary.toString(), "--hashes", list.toString());
        assertEquals(2, wrong.exit());
        String wrongErr = wrong.err();
        assertTrue(wrongErr.contains(binary + ": not a PDQ hash list (its first 100 lines are not hashes)"), wrongErr);
        // 100 bad lines and the give-up of photo.bin, then the one non-hash line of list.txt
        assertEquals(100 + 1 + 1, wrongErr.lines().filter(l -> l.contains(": not a")).count(), wrongErr);
        assertTrue(wrongErr.contains(", 29 matched,"), wrongErr); // 28 of the images' hashes, and case-7

        CliRun missing = CliRun.of("match", "--hashes", dir.resolve("nope.txt").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.txt: no such hash list"), missing.err());
        assertEquals(2, CliRun.of("match").exit(), "nothing to match is bad usage");
    }

    @Test
    void ownDatabasePerBankDistance() throws Exception {
        Path dir = Fixtures.scratchDir("cli-match");
        String db = dir.resolve("m.db").toString();
        Path list = dir.resolve("h.txt");
        // the reference hash of bridge-mods/aaa-orig.jpg; blur-a-lot.jpg is 4 bits away
        Files.writeString(list, "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\n");
        assertEquals(0, CliRun.of("db", "import", "--db", db, "--format", "hashlist", "--bank", "strict", "--label",
                "s", list.toString()).exit());
        assertEquals(0, CliRun.of("db", "bank", "set", "--db", db, "strict", "--distance", "2").exit());
        assertEquals(0, CliRun.of("match", "--db", db, img("bridge-mods/blur-a-lot.jpg")).exit());
        assertEquals(0, CliRun.of("db", "bank", "set", "--db", db, "strict", "--distance", "-1").exit());
        CliRun r = CliRun.of("match", "--db", db, img("bridge-mods/blur-a-lot.jpg"));
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("4/31"), r.out());
        CliRun tight = CliRun.of("match", "--db", db, "--distance", "3", img("bridge-mods/blur-a-lot.jpg"));
        assertEquals(0, tight.exit());
        assertEquals(2, CliRun.of("match", "--db", dir.resolve("missing.db").toString(),
                img("pen-and-coaster.png")).exit());
    }
}
