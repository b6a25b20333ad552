package io.mediamatch.pdq;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Float luma as the reference computes it: {@code 0.299f*R + 0.587f*G + 0.114f*B} in float arithmetic for colour
 * pixels, the sample itself for one-channel grey. Reads the stored raster values: no colour management.
 */
final class Luma {
    static final float R = 0.299f;
    static final float G = 0.587f;
    static final float B = 0.114f;

    // The three products as float tables: each entry is the exactly rounded float product, so a lookup gives
    // the same bits as the multiplication and saves the int-to-float conversions in the hot loop.
    private static final float[] RT = table(R);
    private static final float[] GT = table(G);
    private static final float[] BT = table(B);

    private Luma() {}

    private static float[] table(float coeff) {
        float[] t = new float[256];
        for (int v = 0; v < 256; v++) {
            t[v] = coeff * v;
        }
        return t;
    }

    static void fromRgb(byte[] rgb, int width, int height, int rowStride, float[] luma) {
        float[] rt = RT;
        float[] gt = GT;
        float[] bt = BT;
        for (int y = 0; y < height; y++) {
            int p = y * rowStride;
            int o = y * width;
            for (int x = 0; x < width; x++, p += 3) {
                luma[o + x] = rt[rgb[p] & 0xFF] + gt[rgb[p + 1] & 0xFF] + bt[rgb[p + 2] & 0xFF];
            }
        }
    }

    static void fromGrey(byte[] grey, int width, int height, int rowStride, float[] luma) {
        for (int y = 0; y < height; y++) {
            int p = y * rowStride;
            int o = y * width;
            for (int x = 0; x < width; x++) {
                luma[o + x] = grey[p + x] & 0xFF;
            }
        }
    }

    /**
     * Fills {@code luma} (width*height, row-major) from the image's raster. One band (not indexed): grey value.
     * Indexed: palette RGB. Otherwise bands 0..2 are R, G, B (further bands such as alpha are ignored). Samples
     * wider than 8 bits are reduced to 8 bits as ImageMagick's Q16 build does. Images whose colour space is
     * neither RGB nor grey are converted through {@link BufferedImage#getRGB}.
     */
    static void fromImage(BufferedImage image, float[] luma) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        SampleModel sm = raster.getSampleModel();
        DataBuffer db = raster.getDataBuffer();
        int csType = image.getColorModel().getColorSpace().getType();
        boolean indexed = image.getColorModel() instanceof IndexColorModel;
        int bands = raster.getNumBands();
        int tx = raster.getSampleModelTranslateX();
        int ty = raster.getSampleModelTranslateY();
        int x0 = raster.getMinX() - tx;
        int y0 = raster.getMinY() - ty;

        if (indexed) {
            fromIndexed(image, raster, (IndexColorModel) image.getColorModel(), luma);
            return;
        }
        if (csType != ColorSpace.TYPE_RGB && csType != ColorSpace.TYPE_GRAY) {
            fromArgb(image, luma);
            return;
        }
        if (db instanceof DataBufferByte bytes && sm instanceof ComponentSampleModel csm && db.getNumBanks() == 1) {
            byte[] data = bytes.getData();
            int ps = csm.getPixelStride();
            int ss = csm.getScanlineStride();
            int[] offs = csm.getBandOffsets();
            int base = db.getOffset() + y0 * ss + x0 * ps;
            if (bands <= 2) {
                int g = base + offs[0];
                for (int y = 0; y < h; y++) {
                    int p = g + y * ss;
                    int o = y * w;
                    for (int x = 0; x < w; x++, p += ps) {
                        luma[o + x] = data[p] & 0xFF;
                    }
                }
            } else {
                int r = offs[0];
                int gg = offs[1];
                int b = offs[2];
                for (int y = 0; y < h; y++) {
                    int p = base + y * ss;
                    int o = y * w;
                    for (int x = 0; x < w; x++, p += ps) {
                        luma[o + x] = RT[data[p + r] & 0xFF] + GT[data[p + gg] & 0xFF] + BT[data[p + b] & 0xFF];
                    }
                }
            }
            return;
        }
        if (db instanceof DataBufferInt ints && sm instanceof SinglePixelPackedSampleModel spp
                && bands >= 3 && spp.getSampleSize(0) == 8 && spp.getSampleSize(1) == 8 && spp.getSampleSize(2) == 8) {
            int[] data = ints.getData();
            int ss = spp.getScanlineStride();
            int[] shifts = spp.getBitOffsets();
            int rs = shifts[0];
            int gs = shifts[1];
            int bs = shifts[2];
            int base = db.getOffset() + y0 * ss + x0;
            for (int y = 0; y < h; y++) {
                int p = base + y * ss;
                int o = y * w;
                for (int x = 0; x < w; x++) {
                    int v = data[p + x];
                    luma[o + x] = R * ((v >>> rs) & 0xFF) + G * ((v >>> gs) & 0xFF) + B * ((v >>> bs) & 0xFF);
                }
            }
            return;
        }
        fromSamples(raster, w, h, bands, luma);
    }

    private static void fromIndexed(BufferedImage image, Raster raster, IndexColorModel icm, float[] luma) {
        int w = image.getWidth();
        int h = image.getHeight();
        int n = icm.getMapSize();
        float[] lut = new float[n];
        for (int i = 0; i < n; i++) {
            lut[i] = R * icm.getRed(i) + G * icm.getGreen(i) + B * icm.getBlue(i);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int idx = row[x];
                luma[o + x] = idx < n ? lut[idx] : 0f;
            }
        }
    }

    private static void fromArgb(BufferedImage image, float[] luma) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int v = row[x];
                luma[o + x] = R * ((v >>> 16) & 0xFF) + G * ((v >>> 8) & 0xFF) + B * (v & 0xFF);
            }
        }
    }

    private static void fromSamples(Raster raster, int w, int h, int bands, float[] luma) {
        SampleModel sm = raster.getSampleModel();
        int[] bits = sm.getSampleSize();
        int[] r = new int[w];
        int[] g = bands >= 3 ? new int[w] : null;
        int[] b = bands >= 3 ? new int[w] : null;
        int mx = raster.getMinX();
        int my = raster.getMinY();
        for (int y = 0; y < h; y++) {
            raster.getSamples(mx, my + y, w, 1, 0, r);
            int o = y * w;
            if (bands >= 3) {
                raster.getSamples(mx, my + y, w, 1, 1, g);
                raster.getSamples(mx, my + y, w, 1, 2, b);
                for (int x = 0; x < w; x++) {
                    luma[o + x] = R * to8(r[x], bits[0]) + G * to8(g[x], bits[1]) + B * to8(b[x], bits[2]);
                }
            } else {
                for (int x = 0; x < w; x++) {
                    luma[o + x] = to8(r[x], bits[0]);
                }
            }
        }
    }

    /** Reduces a sample of {@code bits} bits to 8 bits: exact for 8, ImageMagick's Q16 rounding for 16. */
    static int to8(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        if (bits == 16) {
            int q = v + 128;
            return (q - (q >>> 8)) >>> 8;
        }
        if (bits < 8) {
            int max = (1 << bits) - 1;
            return (v * 255 + max / 2) / max;
        }
        long max = (1L << bits) - 1;
        return (int) ((v * 255L + max / 2) / max);
    }
}
