package io.mediamatch.pdq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LumaTest {
    /**
     * The RGB and BGR rows read four pixels as three ints; every width (including the tail of 1-3 pixels and
     * padded strides) must give the float bits of the plain formula {@code R*r + G*g + B*b}, evaluated in that order.
     */
    @Test
    void threeBytePixelsMatchThePlainFormulaBitForBit() {
        Random rnd = new Random(3);
        for (int w = 1; w <= 13; w++) {
            for (int pad : new int[] {0, 1, 7}) {
                int h = 3;
                int stride = 3 * w + pad;
                byte[] rgb = new byte[stride * h];
                rnd.nextBytes(rgb);
                float[] row = new float[w];
                Luma.Rows src = Luma.ofRgb(rgb, w, stride);
                BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * stride + 3 * x;
                        bgr.setRGB(x, y, ((rgb[p] & 0xFF) << 16) | ((rgb[p + 1] & 0xFF) << 8) | (rgb[p + 2] & 0xFF));
                    }
                }
                Luma.Rows fromBgr = Luma.of(bgr);
                float[] bgrRow = new float[w];
                for (int y = 0; y < h; y++) {
                    src.row(y, row);
                    fromBgr.row(y, bgrRow);
                    for (int x = 0; x < w; x++) {
                        int p = y * stride + 3 * x;
                        float expected = Luma.R * (rgb[p] & 0xFF) + Luma.G * (rgb[p + 1] & 0xFF)
                                + Luma.B * (rgb[p + 2] & 0xFF);
                        String at = "w=" + w + " pad=" + pad + " y=" + y + " x=" + x;
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(row[x]), "RGB " + at);
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(bgrRow[x]), "BGR " + at);
                    }
                }
            }
        }
    }
}
