package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.pdq.DihedralHashes;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance with Meta's reference over {@code pdq/expected.csv} and {@code pdq/expected-dihedral.csv}: every file,
 * decoded by {@link ImageDecoder} and hashed by {@link PdqHasher}, must give exactly the reference hash and quality.
 * Paths in the CSVs are relative to the {@code pdq/} directory.
 */
class ReferenceConformanceTest {
    /**
     * Files whose decoded pixels cannot be made identical to ImageMagick's, with the measured distance to the
     * reference; no other file may deviate. Empty: every reference file is exact.
     */
    private static final Map<String, Integer> KNOWN_DISTANCE = Map.of();

    private static Path pdqDir() {
        return Fixtures.reference("pdq");
    }

    private static List<String[]> rows(String csv) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.reference("pdq/" + csv))) {
            if (!line.isBlank()) {
                out.add(line.split(",", 3));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyFileHashesExactlyAsTheReference() throws IOException {
        PdqHasher hasher = new PdqHasher();
        return rows("expected.csv").stream().map(r -> DynamicTest.dynamicTest(r[2], () -> {
            BufferedImage img = ImageDecoder.defaults().decode(pdqDir().resolve(r[2]));
            PdqHash got = hasher.hash(img);
            Hash256 want = Hash256.fromHex(r[0]);
            int d = got.hash().distance(want);
            Integer allowed = KNOWN_DISTANCE.get(r[2]);
            if (allowed == null) {
                assertEquals(r[0] + "," + r[1], got.hash().toHex() + "," + got.quality(),
                        r[2] + " differs by " + d + " bits");
            } else {
                assertEquals(allowed.intValue(), d, r[2] + ": measured distance changed");
                assertTrue(d <= 10, r[2]);
                assertEquals(Integer.parseInt(r[1]), got.quality(), r[2] + " quality");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyDihedralLineMatches() throws IOException {
        List<String[]> rows = rows("expected-dihedral.csv");
        Map<String, List<String[]>> byFile = new LinkedHashMap<>();
        for (String[] r : rows) {
            byFile.computeIfAbsent(r[2], k -> new ArrayList<>()).add(r);
        }
        PdqHasher hasher = new PdqHasher();
        return byFile.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            assertEquals(8, e.getValue().size(), "8 lines per file");
            BufferedImage img = ImageDecoder.defaults().decode(pdqDir().resolve(e.getKey()));
            DihedralHashes got = hasher.hashDihedral(img);
            Integer allowed = KNOWN_DISTANCE.get(e.getKey());
            for (int i = 0; i < 8; i++) {
                String[] r = e.getValue().get(i);
                Hash256 g = got.all().get(i);
                if (allowed == null) {
                    assertEquals(r[0] + "," + r[1], g.toHex() + "," + got.quality(), e.getKey() + " orientation " + i);
                } else {
                    assertTrue(g.distance(Hash256.fromHex(r[0])) <= 10, e.getKey() + " orientation " + i);
                }
            }
        }));
    }
}
