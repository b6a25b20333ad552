package io.mediamatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.pdq.Hash256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VpdqHashTest {
    @Test
    void referenceFilesRoundTripByteForByte() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.list(Fixtures.reference("video/vpdq/every-frame")),
                Files.list(Fixtures.reference("video/vpdq/published")))) {
            files = s.sorted().toList();
        }
        assertTrue(files.size() >= 18);
        for (Path f : files) {
            VpdqHash h = VpdqHash.read(f);
            assertEquals(Files.readString(f), h.toText(), f.toString());
            assertEquals(h, VpdqHash.parse(h.toText()));
        }
    }

    @Test
    void timestampsFormatLikePrintf() {
        assertEquals("0.033", VpdqFeature.formatTimestamp(VpdqFeature.timestampOf(1, 30000.0 / 1001)));
        assertEquals("0.000", VpdqFeature.formatTimestamp(0));
        assertEquals("0.125", VpdqFeature.formatTimestamp(0.125));
        // 0.0625 is exact in binary: half-even gives 0.062 as glibc does.
        assertEquals("0.062", VpdqFeature.formatTimestamp(0.0625));
        assertEquals("12.000", VpdqFeature.formatTimestamp(12));
    }

    @Test
    void malformedLinesNameSourceAndLine() {
        String good = "0,100," + "a".repeat(64) + ",0.000\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VpdqHash.parse(good + "1,100,zz,0.033\n"));
        assertTrue(e.getMessage().contains(":2:"), e.getMessage());
        assertTrue(e.getMessage().contains("64 hex"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VpdqHash.parse("1,100," + "a".repeat(64) + "\n"));
        assertThrows(IllegalArgumentException.class, () -> VpdqHash.parse("x,100," + "a".repeat(64) + ",0\n"));
        assertThrows(IllegalArgumentException.class, () -> VpdqHash.parse("1,101," + "a".repeat(64) + ",0\n"));
        assertThrows(IllegalArgumentException.class, () -> VpdqHash.parse("1,100," + "a".repeat(64) + ",-1\n"));
        assertThrows(IllegalArgumentException.class, () -> VpdqHash.parse("1,100," + "a".repeat(64) + ",NaN\n"));
        assertEquals(1, VpdqHash.parse("\n" + good + "\n").size());
    }

    @Test
    void signalStringsInBothExchangeForms() throws Exception {
        VpdqHash ref = VpdqHash.read(Fixtures.reference("video/vpdq/one-per-second/doorknob-hd-no-bar.txt"));
        assertEquals(ref, VpdqHash.parseSignal(ref.toText()));
        String json = ref.toSignalJson();
        assertTrue(json.startsWith("[\"" + ref.frames().get(0).hash().toHex() + ",100,0.000\", "), json);
        VpdqHash back = VpdqHash.parseSignal(json);
        assertEquals(ref.size(), back.size());
        for (int i = 0; i < ref.size(); i++) {
            assertEquals(ref.frames().get(i).hash(), back.frames().get(i).hash());
            assertEquals(ref.frames().get(i).quality(), back.frames().get(i).quality());
            assertEquals(ref.frames().get(i).timestampSeconds(), back.frames().get(i).timestampSeconds());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VpdqHash.parseSignal("[\"" + "a".repeat(64) + ",100,0.0\", \"oops\"]"));
        assertTrue(e.getMessage().contains("element 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VpdqHash.parseSignal("[1, 2"));
    }

    @Test
    void pruningDropsFramesNearTheLastKept() {
        Hash256 a = Hash256.ZERO;
        Hash256 b = Hash256.of(0b11L, 0, 0, 0); // 2 bits from a
        Hash256 c = Hash256.of(0b111L, 0, 0, 0); // 3 bits from a, 1 from b
        VpdqHash h = VpdqHash.of(List.of(new VpdqFeature(0, 100, a, 0), new VpdqFeature(1, 100, b, 0.033),
                new VpdqFeature(2, 100, c, 0.067), new VpdqFeature(3, 100, a, 0.1)));
        VpdqHash p = h.pruned(2);
        assertEquals(List.of(0, 2, 3), p.frames().stream().map(VpdqFeature::frameNumber).toList());
        assertEquals(4, h.pruned(0).size() - 0);
        assertEquals(1, h.pruned(3).size());
    }
}
