package io.mediamatch.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.eval.SyntheticImages;
import io.mediamatch.eval.Transform;
import io.mediamatch.pdq.Pdq;
import io.mediamatch.pdq.PdqHash;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentTest {
    private static final BufferedImage PHOTO = SyntheticImages.photo(11, 500, 300);

    /** A real pixel copy of the region, not a sub-image view, so the check does not share the code under test. */
    private static BufferedImage copy(BufferedImage img, Rectangle r) {
        BufferedImage out = new BufferedImage(r.width, r.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, -r.x, -r.y, null);
        g.dispose();
        return out;
    }

    @Test
    void cropsKeepTheNamedPartOfTheFrame() {
        assertEquals(new Rectangle(50, 30, 400, 240), Augment.byName("centre-80").region(500, 300));
        assertEquals(new Rectangle(50, 30, 400, 240), Augment.byName("Center-80").region(500, 300));
        assertEquals(new Rectangle(0, 0, 500, 225), Augment.byName("top-75").region(500, 300));
        assertEquals(new Rectangle(0, 75, 500, 225), Augment.byName("bottom-75").region(500, 300));
        assertEquals(new Rectangle(0, 0, 375, 300), Augment.byName("left-75").region(500, 300));
        assertEquals(new Rectangle(125, 0, 375, 300), Augment.byName("right-75").region(500, 300));
        assertEquals(new Rectangle(100, 60, 400, 240), Augment.byName("bottom-right-80").region(500, 300));
        assertEquals(new Rectangle(0, 0, 450, 270), Augment.byName("top-left-90").region(500, 300));
        assertThrows(IllegalStateException.class, () -> Augment.byName("rot-cw-5").region(500, 300));
    }

    @Test
    void cropHashesAreThoseOfTheCroppedImageAndRepeatExactly() {
        List<Augment> views = Augment.parse("centre-80,top-75,right-75,bottom-left-85,centre-70");
        List<ViewHash> first = new AugmentHasher().hash(PHOTO, views);
        AugmentHasher reused = new AugmentHasher();
        reused.hash(SyntheticImages.photo(3, 900, 700), views); // bigger scratch first: must not leak into the next
        List<ViewHash> again = reused.hash(PHOTO, views);
        assertEquals(first, again);
        for (int i = 0; i < views.size(); i++) {
            Augment v = views.get(i);
            PdqHash expected = Pdq.hash(copy(PHOTO, v.region(500, 300)));
            assertEquals(expected, first.get(i).hash(), v.name());
            assertEquals(expected, Pdq.hash(v.apply(PHOTO)), v.name());
            assertNotEquals(Pdq.hash(PHOTO).hash(), first.get(i).hash().hash(), v.name());
        }
    }

    @Test
    void rotationTurnsThePictureClockwiseAboutItsCentreOnAGrownCanvas() {
        BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(159, 49, 3, 3); // centre (160.5, 50.5): 60.5 px right of the image centre (100, 50)
        g.dispose();
        double a = Math.toRadians(10);
        BufferedImage out = Augment.byName("rot-cw-10").apply(img);
        assertEquals((int) Math.ceil(200 * Math.cos(a) + 100 * Math.sin(a)), out.getWidth());
        assertEquals((int) Math.ceil(200 * Math.sin(a) + 100 * Math.cos(a)), out.getHeight());
        // Clockwise on screen (y down): a point right of the centre moves down.
        double ex = out.getWidth() / 2.0 + 60.5 * Math.cos(a);
        double ey = out.getHeight() / 2.0 + 60.5 * Math.sin(a);
        int[] brightest = brightest(out);
        assertTrue(Math.abs(brightest[0] + 0.5 - ex) <= 1.0 && Math.abs(brightest[1] + 0.5 - ey) <= 1.0,
                "bright spot at " + brightest[0] + "," + brightest[1] + ", expected near " + ex + "," + ey);
        int[] ccw = brightest(Augment.byName("rot-ccw-10").apply(img));
        assertTrue(ccw[1] + 0.5 < out.getHeight() / 2.0 - 5, "counter-clockwise moves it up: " + ccw[1]);
        BufferedImage framed = Augment.byName("rotframe-cw-10").apply(img);
        assertEquals(200, framed.getWidth());
        assertEquals(100, framed.getHeight());
        assertEquals(0, framed.getRGB(0, 0) & 0xFFFFFF, "corners outside the turned picture are black");
    }

    private static int[] brightest(BufferedImage img) {
        int best = -1;
        int[] at = {0, 0};
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = img.getRGB(x, y) & 0xFF;
                if (v > best) {
                    best = v;
                    at = new int[] {x, y};
                }
            }
        }
        return at;
    }

    @Test
    void rotationViewHashesLikeTheRotatedImageAndCatchesTheRotateEdit() {
        Augment cw = Augment.byName("rot-cw-5");
        Augment ccw = Augment.byName("rot-ccw-5");
        List<ViewHash> hashes = new AugmentHasher().hash(PHOTO, List.of(cw, ccw));
        // The hasher rotates luma, apply() rotates each channel: the same picture up to rounding.
        assertTrue(hashes.get(0).hash().hash().distance(Pdq.hash(cw.apply(PHOTO)).hash()) <= 8);
        BufferedImage edited = Transform.byName("rotate-5").apply(PHOTO, new Random(1));
        int plain = Pdq.hash(edited).hash().distance(Pdq.hash(PHOTO).hash());
        int viaView = Pdq.hash(edited).hash().distance(hashes.get(0).hash().hash());
        int otherWay = Pdq.hash(edited).hash().distance(hashes.get(1).hash().hash());
        assertTrue(viaView <= 16 && viaView < plain && viaView < otherWay,
                "rotate-5 edit: " + viaView + " bits from rot-cw-5, " + plain + " from the plain hash, " + otherWay
                        + " from rot-ccw-5");
    }

    @Test
    void parsesListsAndTheDefaultSetAndExplainsBadNames() {
        assertEquals(List.of(), Augment.parse(" none "));
        assertEquals(List.of(), Augment.parse(""));
        List<Augment> d = Augment.parse("default");
        assertEquals(Augment.parse(Augment.DEFAULT_SPEC), d);
        assertTrue(d.size() >= 4);
        assertEquals(List.of(Augment.byName("centre-80"), Augment.byName("rot-ccw-3")),
                Augment.parse("centre-80, rot-ccw-3,CENTRE-80"));
        assertEquals("aug:top-left-85", Augment.byName("top-left-85").label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augment.parse("centre-80,zoom"));
        assertTrue(e.getMessage().contains("'zoom'") && e.getMessage().contains("rot-cw-D"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Augment.byName("centre-40"));
        assertTrue(e.getMessage().contains("50..99"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Augment.byName("rot-cw-20"));
        assertTrue(e.getMessage().contains("1..15"), e.getMessage());
    }
}
