package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.MediaException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GIF, BMP and TIFF files cut anywhere after their header are refused with a reason, never hashed from part. */
class TruncatedFormatsTest {
    private static byte[] encode(String format) throws Exception {
        BufferedImage im = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                im.setRGB(x, y, r.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(im, format, out), format);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gif", "bmp", "tiff"})
    void cutFilesAreRefused(String format) throws Exception {
        byte[] whole = encode(format);
        assertEquals(64, ImageDecoder.defaults().decode(whole, "whole." + format).getWidth());
        for (int keep : new int[] {whole.length / 3, whole.length / 2, whole.length * 2 / 3, whole.length - 40}) {
            byte[] cut = Arrays.copyOf(whole, keep);
            String name = "cut-" + keep + "." + format;
            MediaException e = assertThrows(MediaException.class, () -> ImageDecoder.defaults().decode(cut, name),
                    name + " of " + whole.length + " bytes was hashed");
            assertTrue(e.kind() == MediaException.Kind.TRUNCATED || e.kind() == MediaException.Kind.CORRUPT,
                    e.getMessage());
            assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pdq/images/misc-images/modes/YCbCr.jpg", "pdq/images/misc-images/small.jpg",
        "pdq/images/misc-images/modes/CMYK.jpg"})
    void aJpegWhoseHeaderClaimsMoreRowsThanItsDataIsRefused(String fixture) throws Exception {
        byte[] data = java.nio.file.Files.readAllBytes(io.mediamatch.fixtures.Fixtures.reference(fixture));
        int sof = -1;
        for (int i = 2; i + 8 < data.length && sof < 0; i++) {
            if ((data[i] & 0xFF) == 0xFF && ((data[i + 1] & 0xFF) == 0xC0 || (data[i + 1] & 0xFF) == 0xC2)) {
                sof = i;
            }
        }
        assertTrue(sof > 0, fixture);
        int height = ((data[sof + 5] & 0xFF) << 8) | (data[sof + 6] & 0xFF);
        int taller = height * 4;
        data[sof + 5] = (byte) (taller >> 8);
        data[sof + 6] = (byte) taller;
        String name = "taller-" + fixture;
        // libjpeg meets the end of the entropy data after the real rows and would fill the other three quarters grey
        MediaException e = assertThrows(MediaException.class, () -> ImageDecoder.defaults().decode(data, name),
                name + " (" + height + " rows claimed as " + taller + ") was hashed");
        assertEquals(MediaException.Kind.TRUNCATED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(name + ": JPEG data ends early"), e.getMessage());
    }
}
