package io.mediamatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.tmk.TmkFormatException;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.video.VpdqHash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutation fuzzing of every import format and of the .tmk and vPDQ parsers: valid seeds (a store's own
 * export in each format, Meta's reference .tmk and vPDQ files) with bytes flipped, runs overwritten, lines cut out
 * or repeated. Each mutant is imported (good rows stored, bad rows counted with their line) or refused with an
 * {@link IOException} naming why; any other throwable, a hang (the class timeout), or a store that no longer
 * answers fails with the seed that reproduces it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MutatedImportsTest {
    /** Mutants per seed: a short run in CI; {@code -Dmediamatch.fuzz.mutants=N} runs longer (README, "Fuzzing"). */
    private static final int MUTANTS = Integer.getInteger("mediamatch.fuzz.mutants", 40);

    @Test
    void everyFormatImportsOrRefusesMutantsWithAReason() throws Exception {
        Path dir = Fixtures.scratchDir("mutated-imports");
        List<Object[]> seeds = seeds(dir);
        try (SignalStore store = SignalStore.open(dir.resolve("target.db"))) {
            int refused = 0;
            int imported = 0;
            for (Object[] seed : seeds) {
                SignalFormat format = (SignalFormat) seed[0];
                String fileName = (String) seed[1];
                byte[] original = (byte[]) seed[2];
                for (int m = 0; m < MUTANTS; m++) {
                    long s = format.ordinal() * 1_000_003L + fileName.hashCode() * 31L + m;
                    byte[] mutant = mutate(original, new Random(s));
                    Path sub = Files.createDirectories(dir.resolve("m-" + format + "-" + m));
                    Path file = Files.write(sub.resolve(fileName), mutant); // te-cache reads the type from the name
                    String label = format + " " + fileName + " mutant " + m + " (seed " + s + ")";
                    try {
                        ImportResult r = store.importFiles(List.of(file), format, null, null);
                        imported++;
                        for (RowError e : r.errors()) {
                            assertTrue(e.line() >= 0 && !String.valueOf(e).isBlank(), label + ": " + e);
                        }
                    } catch (IOException e) {
                        refused++;
                        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), label + ": " + e);
                    } catch (Throwable t) {
                        fail(label + ": " + t, t);
                    }
                }
                store.stats(); // still answers
            }
            assertTrue(imported > 0, "some mutants import (with bad rows counted)");
            assertTrue(seeds.size() >= SignalFormat.values().length, "a seed per format");
            assertEquals(seeds.size() * MUTANTS, refused + imported);
        }
    }

    @Test
    void tmkAndVpdqParsersRefuseMutantsWithTheirOwnException() throws Exception {
        byte[] tmk = Files.readAllBytes(Fixtures.reference("video/tmk/chair-19-sd-bar.tmk"));
        byte[] vpdq = Files.readAllBytes(Fixtures.reference("video/vpdq/every-frame/chair-19-sd-bar.txt"));
        int refused = 0;
        for (int m = 0; m < 4 * MUTANTS; m++) {
            byte[] t = mutate(tmk, new Random(7_000 + m));
            try {
                TmkHash.parse(t, "tmk mutant " + m);
            } catch (TmkFormatException e) {
                refused++;
                assertTrue(e.getMessage().contains("tmk mutant " + m), e.getMessage());
            } catch (Throwable e) {
                fail("tmk mutant " + m + ": " + e, e);
            }
            String v = new String(mutate(vpdq, new Random(9_000 + m)), StandardCharsets.ISO_8859_1);
            try {
                VpdqHash.parse(new StringReader(v), "vpdq mutant " + m);
            } catch (IOException | IllegalArgumentException e) {
                refused++;
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), e.toString());
            } catch (Throwable e) {
                fail("vpdq mutant " + m + ": " + e, e);
            }
        }
        assertTrue(refused > MUTANTS, refused + " refused");
    }

    /** (format, file name, bytes) seeds: a store's export in every text format, and reference video hashes. */
    private static List<Object[]> seeds(Path dir) throws Exception {
        String tmk = java.util.Base64.getEncoder().encodeToString(
                Files.readAllBytes(Fixtures.reference("video/tmk/chair-19-sd-bar.tmk")));
        String jsonl = "{\"record\":\"bank\",\"name\":\"neg\",\"description\":\"benign\",\"negative\":true}\n"
                + "{\"record\":\"signal\",\"bank\":\"neg\",\"type\":\"pdq\",\"value\":\"" + SignalStoreTest.H1
                + "\",\"labels\":[\"a b\",\"z\"],\"source\":\"src\",\"external_id\":\"e1\","
                + "\"first_seen\":\"2020-01-01T00:00:00Z\",\"status\":\"disputed\"}\n"
                + "{\"record\":\"signal\",\"bank\":\"pos\",\"type\":\"pdq\",\"value\":\"" + SignalStoreTest.H2 + "\"}\n"
                + "{\"record\":\"signal\",\"bank\":\"pos\",\"type\":\"md5\",\"value\":\"" + FormatRoundTripTest.MD5
                + "\"}\n{\"record\":\"signal\",\"bank\":\"pos\",\"type\":\"vpdq\",\"value\":\"0,100,"
                + SignalStoreTest.H1 + ",0.000\\n1,100," + SignalStoreTest.H2 + ",0.033\"}\n"
                + "{\"record\":\"signal\",\"bank\":\"pos\",\"type\":\"tmk_pdqf\",\"value\":\"" + tmk + "\"}\n";
        List<Object[]> seeds = new ArrayList<>();
        try (SignalStore source = SignalStore.open(dir.resolve("source.db"))) {
            source.importFiles(List.of(SignalStoreTest.write(dir, "seed.jsonl", jsonl)), SignalFormat.JSONL, null,
                    null);
            for (SignalFormat f : SignalFormat.values()) {
                if (f == SignalFormat.VPDQ || f == SignalFormat.TMK) {
                    continue;
                }
                String name = f == SignalFormat.TE_CACHE ? "simple.HASH_PDQ.te" : "seed." + f.name().toLowerCase();
                String text;
                try {
                    text = SignalStoreTest.export(source, f);
                } catch (IOException | UnsupportedOperationException e) {
                    text = jsonl; // a format we only read: mutate JSON Lines into it
                }
                seeds.add(new Object[] {f, name, (text.isEmpty() ? jsonl : text).getBytes(StandardCharsets.UTF_8)});
            }
        }
        seeds.add(new Object[] {SignalFormat.VPDQ, "chair.txt",
            Files.readAllBytes(Fixtures.reference("video/vpdq/every-frame/chair-19-sd-bar.txt"))});
        seeds.add(new Object[] {SignalFormat.TMK, "chair.tmk",
            Files.readAllBytes(Fixtures.reference("video/tmk/chair-19-sd-bar.tmk"))});
        return seeds;
    }

    /** One to four random mutations of a copy of {@code data}, line-aware for text. */
    static byte[] mutate(byte[] data, Random r) {
        byte[] b = data.clone();
        int rounds = 1 + r.nextInt(4);
        for (int k = 0; k < rounds && b.length > 8; k++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) "\",{}[]:\n\r\t\\0-9eE+.x\u00ff".charAt(r.nextInt(20));
                case 2 -> {
                    int n = Math.min(b.length - at, 1 + r.nextInt(16));
                    Arrays.fill(b, at, at + n, (byte) (r.nextBoolean() ? 0xFF : '9'));
                }
                case 3 -> b = Arrays.copyOf(b, 1 + r.nextInt(b.length - 1)); // cut
                case 4 -> { // a run repeated
                    int len = 1 + r.nextInt(Math.min(256, b.length - at));
                    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + len);
                    out.write(b, 0, at + len);
                    out.write(b, at, len);
                    out.write(b, at + len, b.length - at - len);
                    b = out.toByteArray();
                }
                case 5 -> { // a run deleted
                    int len = 1 + r.nextInt(Math.min(64, b.length - at));
                    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
                    out.write(b, 0, at);
                    out.write(b, at + len, b.length - at - len);
                    b = out.toByteArray();
                }
                default -> { // a number made huge or negative
                    byte[] big = (r.nextBoolean() ? "99999999999999999999" : "-1").getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < big.length && at + i < b.length; i++) {
                        b[at + i] = big[i];
                    }
                }
            }
        }
        return b;
    }
}
