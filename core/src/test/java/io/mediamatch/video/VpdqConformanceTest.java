package io.mediamatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Our vPDQ hashes of the shared videos against the reference tool's output ({@code video/vpdq/}): same frames and
 * timestamps, frame hashes within a few bits, pair percentages within 2 points. Each video is hashed once per
 * mode (every frame on two threads, one per second on one thread).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VpdqConformanceTest {
    /** Largest per-frame distance (frames of quality >= 50) accepted; upstream's own bar is 31. */
    static final int MAX_FRAME_DISTANCE = 10;

    final Map<String, VpdqHash> everyFrame = new TreeMap<>();
    final Map<String, VpdqHash> onePerSecond = new TreeMap<>();

    @BeforeAll
    void hashAll() throws Exception {
        VpdqHasher every = VpdqHasher.builder().everyFrame().threads(2).build();
        VpdqHasher perSecond = VpdqHasher.builder().build();
        List<Path> videos;
        try (Stream<Path> s = Files.list(Fixtures.reference("video/videos"))) {
            videos = s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
        assertEquals(9, videos.size());
        for (Path v : videos) {
            String name = v.getFileName().toString().replace(".mp4", "");
            everyFrame.put(name, every.hash(v));
            onePerSecond.put(name, perSecond.hash(v));
        }
    }

    @Test
    void framesTimestampsAndHashesMatchReference() throws Exception {
        StringBuilder report = new StringBuilder();
        int worst = 0;
        for (String mode : List.of("every-frame", "one-per-second")) {
            Map<String, VpdqHash> ours = mode.equals("every-frame") ? everyFrame : onePerSecond;
            for (Map.Entry<String, VpdqHash> e : ours.entrySet()) {
                VpdqHash ref = VpdqHash.read(Fixtures.reference("video/vpdq/" + mode + "/" + e.getKey() + ".txt"));
                List<VpdqFeature> a = e.getValue().frames();
                List<VpdqFeature> b = ref.frames();
                assertEquals(b.size(), a.size(), e.getKey() + " " + mode + " frame count");
                int max = 0;
                int exact = 0;
                for (int i = 0; i < a.size(); i++) {
                    String where = e.getKey() + " " + mode + " line " + (i + 1);
                    assertEquals(b.get(i).frameNumber(), a.get(i).frameNumber(), where);
                    assertEquals(VpdqFeature.formatTimestamp(b.get(i).timestampSeconds()),
                            VpdqFeature.formatTimestamp(a.get(i).timestampSeconds()), where);
                    int d = a.get(i).hash().distance(b.get(i).hash());
                    if (d == 0 && a.get(i).quality() == b.get(i).quality()) {
                        exact++;
                    }
                    if (b.get(i).quality() >= 50) {
                        max = Math.max(max, d);
                    }
                }
                worst = Math.max(worst, max);
                report.append(String.format("%-30s %-15s frames %4d identical %4d max distance %d%n", e.getKey(),
                        mode, a.size(), exact, max));
            }
        }
        System.out.print(report);
        assertTrue(worst <= MAX_FRAME_DISTANCE, "worst frame distance " + worst + "\n" + report);
    }

    @Test
    void outputIsByteIdenticalToReferenceFiles() throws Exception {
        // Measured: JavaCV's FFmpeg 7.1 decodes and converts these videos to exactly the pixels of the
        // reference's FFmpeg 5.1, so every line matches, not only test-padded-dimensions.
        for (String mode : List.of("every-frame", "one-per-second")) {
            Map<String, VpdqHash> ours = mode.equals("every-frame") ? everyFrame : onePerSecond;
            for (Map.Entry<String, VpdqHash> e : ours.entrySet()) {
                Path ref = Fixtures.reference("video/vpdq/" + mode + "/" + e.getKey() + ".txt");
                assertEquals(Files.readString(ref), e.getValue().toText(), e.getKey() + " " + mode);
            }
        }
    }

    @Test
    void pairPercentagesWithinTwoPoints() throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.reference("video/vpdq/pairs-every-frame.csv"));
        VpdqMatcher m = new VpdqMatcher();
        double worst = 0;
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            VpdqMatch r = m.compare(everyFrame.get(f[0]), everyFrame.get(f[1]));
            double dq = Math.abs(r.queryPercent() - Double.parseDouble(f[2]));
            double dc = Math.abs(r.comparedPercent() - Double.parseDouble(f[3]));
            worst = Math.max(worst, Math.max(dq, dc));
            rows.add(String.format("%s,%s,%.2f,%.2f", f[0], f[1], r.queryPercent(), r.comparedPercent()));
        }
        System.out.printf("worst pair percentage difference: %.2f points%n", worst);
        assertEquals(81, rows.size());
        assertTrue(worst <= 2.0, "worst " + worst);
    }
}
