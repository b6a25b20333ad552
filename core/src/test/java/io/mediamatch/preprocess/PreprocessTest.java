package io.mediamatch.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.fixtures.ReferencePhotos;
import io.mediamatch.eval.SyntheticImages;
import io.mediamatch.eval.Transform;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.Pdq;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreprocessTest {
    private static final BufferedImage PHOTO = SyntheticImages.photo(5, 300, 200);

    private static BufferedImage framed(BufferedImage content, int l, int t, int r, int b, Color colour) {
        BufferedImage out = new BufferedImage(content.getWidth() + l + r, content.getHeight() + t + b,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(content, l, t, null);
        g.dispose();
        return out;
    }

    @Test
    void trimsBarsOfAnyColourExactly() {
        for (Color c : List.of(Color.BLACK, Color.WHITE, new Color(200, 30, 90))) {
            BufferedImage img = framed(PHOTO, 40, 7, 13, 60, c);
            assertEquals(new Rectangle(40, 7, 300, 200), Unletterbox.contentBounds(img), c.toString());
            BufferedImage out = Preprocess.UNLETTERBOX.apply(img);
            assertEquals(300, out.getWidth());
            assertEquals(PHOTO.getRGB(17, 33), out.getRGB(17, 33));
        }
    }

    @Test
    void cropsEveryRasterLayoutTheDecoderProduces() {
        BufferedImage rgb = framed(PHOTO, 12, 34, 5, 6, Color.BLACK);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_BGR}) {
            BufferedImage img = new BufferedImage(rgb.getWidth(), rgb.getHeight(), type);
            img.createGraphics().drawImage(rgb, 0, 0, null);
            BufferedImage out = Preprocess.UNLETTERBOX.apply(img);
            assertEquals(type, out.getType());
            assertEquals(300, out.getWidth());
            assertEquals(200, out.getHeight());
            for (int[] p : new int[][] {{0, 0}, {150, 100}, {299, 199}}) {
                assertEquals(img.getRGB(p[0] + 12, p[1] + 34), out.getRGB(p[0], p[1]), "type " + type);
            }
        }
    }

    @Test
    void nestedBordersComeOffToo() {
        BufferedImage img = framed(framed(PHOTO, 10, 10, 10, 10, Color.WHITE), 20, 5, 20, 5, Color.DARK_GRAY);
        assertEquals(new Rectangle(30, 15, 300, 200), Unletterbox.contentBounds(img));
    }

    @Test
    void jpegCompressedLetterboxIsTrimmedToWithinOneBlock() {
        Transform t = Transform.byName("letterbox-9x16").then(Transform.byName("jpeg-q50"));
        BufferedImage img = t.apply(PHOTO, new Random(1));
        Rectangle r = Unletterbox.contentBounds(img);
        int barTop = (img.getHeight() - 200) / 2;
        assertTrue(Math.abs(r.y - barTop) <= 8, r.toString()); // ringing spreads over one 8x8 block
        assertTrue(Math.abs(r.height - 200) <= 16, r.toString());
        assertTrue(r.x <= 2 && r.width >= 296, r.toString());
    }

    @Test
    void borderlessImagesPassThroughUnchanged() {
        assertSame(PHOTO, Preprocess.UNLETTERBOX.apply(PHOTO));
        for (Path p : ReferencePhotos.originals(Fixtures.reference())) {
            BufferedImage img = ReferencePhotos.read(p);
            Rectangle r = Unletterbox.contentBounds(img);
            // Real photos may have a line or two of flat edge, never a large part.
            assertTrue(r.width >= img.getWidth() * 0.97 && r.height >= img.getHeight() * 0.97, p + " -> " + r);
        }
    }

    @Test
    void flatImageIsKeptWhole() {
        BufferedImage flat = framed(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), 50, 50, 50, 50, Color.GRAY);
        assertSame(flat, Preprocess.UNLETTERBOX.apply(flat));
    }

    @Test
    void keepsGreyImagesGreyWithStoredValues() {
        BufferedImage grey = new BufferedImage(100, 80, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 20; y < 60; y++) {
            for (int x = 30; x < 70; x++) {
                grey.getRaster().setSample(x, y, 0, (x * 7 + y * 13) % 256);
            }
        }
        BufferedImage out = Preprocess.UNLETTERBOX.apply(grey);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, out.getType());
        assertEquals(grey.getRaster().getSample(45, 33, 0), out.getRaster().getSample(45 - 30, 33 - 20, 0));
    }

    @Test
    void unframeStripsTheTitleBarOfAScreenshot() {
        for (long seed = 0; seed < 4; seed++) {
            BufferedImage photo = SyntheticImages.photo(seed, 400, 300);
            BufferedImage shot = Transform.byName("screenshot").apply(photo, new Random(seed));
            Hash256 original = Pdq.hash(photo).hash();
            int unframed = Pdq.hash(Preprocess.UNFRAME.apply(shot)).hash().distance(original);
            assertTrue(unframed <= 31, "seed " + seed + ": " + unframed);
            // The content (280x210 at 70%) is what is left, give or take the blended edge lines.
            BufferedImage out = Preprocess.UNFRAME.apply(shot);
            assertEquals(280, out.getWidth(), 3);
            assertEquals(210, out.getHeight(), 3);
        }
    }

    @Test
    void viewsKeepTheImageAsItIsFirst() {
        assertEquals(List.of(PHOTO), Preprocess.views(List.of(Preprocess.UNLETTERBOX, Preprocess.UNFRAME), PHOTO));
        BufferedImage boxed = framed(PHOTO, 30, 0, 30, 0, Color.BLACK);
        List<BufferedImage> views = Preprocess.views(List.of(Preprocess.UNLETTERBOX), boxed);
        assertEquals(2, views.size());
        assertSame(boxed, views.get(0));
        assertEquals(300, views.get(1).getWidth());
        assertEquals(List.of(boxed), Preprocess.views(List.of(), boxed));
    }

    @Test
    void parsesNames() {
        assertEquals(List.of(), Preprocess.parse(null));
        assertEquals(List.of(), Preprocess.parse("none"));
        assertEquals(List.of(Preprocess.UNLETTERBOX), Preprocess.parse(" Unletterbox ,unletterbox"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preprocess.parse("crop"));
        assertTrue(e.getMessage().contains("unletterbox") && e.getMessage().contains("unframe"));
        assertEquals(List.of(Preprocess.UNFRAME, Preprocess.UNLETTERBOX), Preprocess.parse("unframe,unletterbox"));
    }
}
