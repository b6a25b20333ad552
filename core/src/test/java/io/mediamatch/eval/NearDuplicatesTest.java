package io.mediamatch.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.eval.NearDuplicates.Kind;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {
    private static int[] rows(BufferedImage img, int y0, int y1) {
        return img.getRGB(0, y0, img.getWidth(), y1 - y0, null, 0, img.getWidth());
    }

    @Test
    void sameSeedSamePixelsAndEachKindDiffersWhereItShould() {
        for (long set = 0; set < 3; set++) { // set 2 uses a shared stock background
            BufferedImage o = NearDuplicates.original(set, 320, 240);
            assertArrayEquals(rows(o, 0, 240), rows(NearDuplicates.original(set, 320, 240), 0, 240));
            BufferedImage text = NearDuplicates.distractor(set, Kind.TEXT, 320, 240);
            // Another caption: the top band changes, the picture below it does not.
            assertFalse(java.util.Arrays.equals(rows(o, 0, 48), rows(text, 0, 48)), "set " + set);
            assertArrayEquals(rows(o, 60, 240), rows(text, 60, 240), "set " + set);
            for (Kind k : new Kind[] {Kind.FRAME, Kind.SHIFTED, Kind.BACKGROUND}) {
                BufferedImage d = NearDuplicates.distractor(set, k, 320, 240);
                assertEquals(320, d.getWidth());
                assertEquals(240, d.getHeight());
                assertFalse(java.util.Arrays.equals(rows(o, 60, 240), rows(d, 60, 240)), k + " of set " + set);
            }
        }
        BufferedImage stockA = NearDuplicates.distractor(2, Kind.BACKGROUND, 200, 150);
        BufferedImage stockB = NearDuplicates.distractor(11, Kind.BACKGROUND, 200, 150);
        assertArrayEquals(rows(stockA, 0, 150), rows(stockB, 0, 150), "sets 2 and 11 share a stock background");
        assertTrue(Kind.valueOf("SHIFTED").id().equals("shifted"));
        assertThrows(IllegalArgumentException.class, () -> NearDuplicates.original(1, 8, 8));
    }
}
