package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.augment.Augment;
import io.mediamatch.eval.SyntheticImages;
import io.mediamatch.eval.Transform;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.Pdq;
import io.mediamatch.store.BankContents;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Augmented banking through the CLI: {@code hash --augment}, {@code db add --augment}, {@code eval --augment}. */
class AugmentCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path png(Path dir, String name, BufferedImage img) throws Exception {
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void hashPrintsOneLinePerViewAfterThePlainLine() throws Exception {
        Path dir = Fixtures.scratchDir("hash-augment");
        BufferedImage photo = SyntheticImages.photo(21, 400, 300);
        Path file = png(dir, "photo.png", photo);
        CliRun r = CliRun.of("hash", "--augment", "centre-80,rot-cw-5", file.toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertEquals(Pdq.hash(photo).hash().toHex() + "," + Pdq.hash(photo).quality() + "," + file, lines[0]);
        BufferedImage crop = Augment.byName("centre-80").apply(photo);
        assertEquals(Pdq.hash(crop).hash().toHex() + "," + Pdq.hash(crop).quality() + "," + file + "#aug:centre-80",
                lines[1]);
        assertTrue(lines[2].matches("[0-9a-f]{64},\\d+," + java.util.regex.Pattern.quote(file + "#aug:rot-cw-5")),
                lines[2]);

        CliRun j = CliRun.of("hash", "--json", "--augment", "default", file.toString());
        assertEquals(0, j.exit(), j.err());
        String[] records = j.out().split("\n");
        assertEquals(1 + Augment.parse("default").size(), records.length, j.out());
        assertFalse(JSON.readTree(records[0]).has("view"), records[0]);
        JsonNode view = JSON.readTree(records[1]);
        assertEquals("aug:" + Augment.parse("default").get(0).name(), view.get("view").asText());
        assertEquals(file + "#aug:" + Augment.parse("default").get(0).name(), view.get("path").asText());

        CliRun bad = CliRun.of("hash", "--augment", "centre-30", file.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("50..99"), bad.err());
    }

    @Test
    void dbAddBanksTheViewsOnOneItemAndACropMatchesThroughANamedView() throws Exception {
        Path dir = Fixtures.scratchDir("db-add-augment");
        BufferedImage photo = SyntheticImages.photo(22, 480, 360);
        Path file = png(dir, "banked.png", photo);
        Path crop = png(dir, "crop.png", Transform.byName("crop-10").apply(photo, new Random(1)));
        String db = dir.resolve("aug.db").toString();
        String plainDb = dir.resolve("plain.db").toString();

        CliRun add = CliRun.of("db", "add", "--db", db, "--bank", "own", "--augment", "default", file.toString());
        assertEquals(0, add.exit(), add.err());
        int n = Augment.parse("default").size();
        String[] fields = add.out().strip().split(",");
        assertEquals(String.valueOf(n + 1), fields[1], add.out());
        long item = Long.parseLong(fields[0]);
        try (SignalStore store = SignalStore.open(Path.of(db))) {
            List<Signal> signals = store.list("own", SignalType.PDQ, null, 0, 1000);
            assertEquals(n + 1, signals.size());
            assertEquals(Pdq.hash(photo).hash(), signals.get(0).pdq(), "the plain hash comes first, unlabelled");
            assertEquals(Set.of(), signals.get(0).labels());
            Set<String> labels = new HashSet<>();
            for (Signal s : signals.subList(1, signals.size())) {
                labels.addAll(s.labels());
            }
            assertEquals(n, labels.size());
            assertTrue(labels.contains("aug:centre-80"), labels.toString());
            Map<Long, BankContents.Ref> refs = store.contents().of(signals.stream().map(Signal::id).toList());
            assertEquals(n + 1, refs.size());
            assertTrue(refs.values().stream().allMatch(ref -> ref.contentId() == item), refs.toString());
            assertEquals(item, store.contents().get(item).orElseThrow().id());
        }

        CliRun match = CliRun.of("match", "--db", db, "--json", crop.toString());
        assertEquals(1, match.exit(), match.err());
        JsonNode hit = JSON.readTree(match.out().strip()).get("matches").get(0);
        assertEquals("own", hit.get("bank").asText());
        assertTrue(hit.get("distance").asInt() <= 31, hit.toString());
        assertTrue(hit.get("labels").toString().contains("aug:centre-80"), hit.toString());

        assertEquals(0, CliRun.of("db", "add", "--db", plainDb, "--bank", "own", file.toString()).exit());
        assertEquals(0, CliRun.of("match", "--db", plainDb, crop.toString()).exit(),
                "without the views the crop does not match");

        CliRun missing = CliRun.of("db", "add", "--db", db, "--bank", "own", dir.resolve("nope.png").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nope.png"), missing.err());
        assertEquals(2, CliRun.of("db", "add", "--db", db, "--bank", "own", "--augment", "zoom", file.toString())
                .exit());
    }

    @Test
    void evalWithAugmentBuildsTheBankFromViewsAndRecallsTheCrop() throws Exception {
        Path out = Fixtures.scratchDir("eval-augment");
        CliRun plain = CliRun.of("eval", "--synthetic", "2", "--near-duplicates", "1", "--transforms",
                "crop-10,rotate-5", "--threads", "1", "--out", out.resolve("plain").toString());
        assertEquals(0, plain.exit(), plain.err());
        CliRun aug = CliRun.of("eval", "--synthetic", "2", "--near-duplicates", "1", "--transforms",
                "crop-10,rotate-5", "--augment", "centre-80,rot-cw-5", "--threads", "1", "--out",
                out.resolve("aug").toString());
        assertEquals(0, aug.exit(), aug.err());
        assertTrue(aug.out().contains("(3.00 hashes each)"), aug.out());
        JsonNode before = JSON.readTree(out.resolve("plain/report.json").toFile());
        JsonNode after = JSON.readTree(out.resolve("aug/report.json").toFile());
        assertEquals(6, after.get("config").get("augmentedHashes").asInt());
        assertEquals(4, after.get("falsePositives").get("distractors").asInt(), "four near-duplicates of one set");
        int i31 = 2;
        for (int t = 0; t < 2; t++) {
            assertEquals(0.0, before.get("transforms").get(t).get("recall").get(i31).asDouble());
            assertEquals(1.0, after.get("transforms").get(t).get("recall").get(i31).asDouble());
        }
        assertTrue(after.get("falsePositives").get("closestDistractorDistance").asInt() >= 0);
        assertEquals(4, after.get("closestDistractors").size());
    }
}
