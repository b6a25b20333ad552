package io.mediamatch.pdq;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float luma as the reference computes it: {@code 0.299f*R + 0.587f*G + 0.114f*B} in float arithmetic for colour
 * pixels, the sample itself for one-channel grey. Reads the stored raster values: no colour management.
 * Produced one row at a time ({@link Rows}) so the blur's first pass consumes it while it is in cache.
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

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Luma() {}

    /** A source of luma rows: writes row {@code y} into {@code dst[0..width)}. */
    interface Rows {
        void row(int y, float[] dst);
    }

    private static float[] table(float coeff) {
        float[] t = new float[256];
        for (int v = 0; v < 256; v++) {
            t[v] = coeff * v;
        }
        return t;
    }

    /** Packed RGB24 pixels, {@code rgb[y*rowStride + 3*x + c]}. */
    static Rows ofRgb(byte[] rgb, int width, int rowStride) {
        return (y, dst) -> rgb3(rgb, y * rowStride, false, width, dst);
    }

    /**
     * Packed RGB24 pixels in a buffer, {@code rgb.get(y*rowStride + 3*x + c)}, c = R,G,B (absolute indexes). Each
     * row is first copied into a small array: reading a direct buffer sample by sample costs a quarter of the hash.
     */
    static Rows ofRgb(ByteBuffer rgb, int width, int rowStride) {
        byte[] row = new byte[3 * width];
        return (y, dst) -> {
            rgb.get(y * rowStride, row);
            rgb3(row, 0, false, width, dst);
        };
    }

    /** 8-bit grey pixels in a buffer, {@code grey.get(y*rowStride + x)} (absolute indexes). */
    static Rows ofGrey(ByteBuffer grey, int width, int rowStride) {
        byte[] row = new byte[width];
        return (y, dst) -> {
            grey.get(y * rowStride, row);
            grey(row, 0, 1, width, dst);
        };
    }

    /** 8-bit grey pixels, {@code grey[y*rowStride + x]}. */
    static Rows ofGrey(byte[] grey, int width, int rowStride) {
        return (y, dst) -> grey(grey, y * rowStride, 1, width, dst);
    }

    /** A float luma plane, {@code luma[y*width + x]}. */
    static Rows ofFloat(float[] luma, int width) {
        return (y, dst) -> System.arraycopy(luma, y * width, dst, 0, width);
    }

    /**
     * The image's raster. One band (not indexed): grey value. Indexed: palette RGB. Otherwise bands 0..2 are R, G,
     * B (further bands such as alpha are ignored). Samples wider than 8 bits are reduced to 8 bits as ImageMagick's
     * Q16 build does. Images whose colour space is neither RGB nor grey are converted through
     * {@link BufferedImage#getRGB}.
     */
    static Rows of(BufferedImage image) {
        int w = image.getWidth();
        Raster raster = image.getRaster();
        DataBuffer db = raster.getDataBuffer();
        int csType = image.getColorModel().getColorSpace().getType();
        int bands = raster.getNumBands();
        int x0 = raster.getMinX() - raster.getSampleModelTranslateX();
        int y0 = raster.getMinY() - raster.getSampleModelTranslateY();

        if (image.getColorModel() instanceof IndexColorModel icm) {
            return ofIndexed(raster, icm, w);
        }
        if (csType != ColorSpace.TYPE_RGB && csType != ColorSpace.TYPE_GRAY) {
            return ofArgb(image, w);
        }
        if (db instanceof DataBufferByte bytes && raster.getSampleModel() instanceof ComponentSampleModel csm
                && db.getNumBanks() == 1) {
            byte[] data = bytes.getData();
            int ps = csm.getPixelStride();
            int ss = csm.getScanlineStride();
            int[] offs = csm.getBandOffsets();
            int base = db.getOffset() + y0 * ss + x0 * ps;
            if (bands <= 2) {
                return (y, dst) -> grey(data, base + y * ss + offs[0], ps, w, dst);
            }
            if (ps == 3 && offs[0] == 0 && offs[1] == 1 && offs[2] == 2) {
                return (y, dst) -> rgb3(data, base + y * ss, false, w, dst);
            }
            if (ps == 3 && offs[0] == 2 && offs[1] == 1 && offs[2] == 0) {
                return (y, dst) -> rgb3(data, base + y * ss, true, w, dst);
            }
            return (y, dst) -> interleaved(data, base + y * ss, ps, offs[0], offs[1], offs[2], w, dst);
        }
        if (db instanceof DataBufferInt ints && raster.getSampleModel() instanceof SinglePixelPackedSampleModel spp
                && bands >= 3 && spp.getSampleSize(0) == 8 && spp.getSampleSize(1) == 8 && spp.getSampleSize(2) == 8) {
            int[] data = ints.getData();
            int ss = spp.getScanlineStride();
            int[] shifts = spp.getBitOffsets();
            int base = db.getOffset() + y0 * ss + x0;
            return (y, dst) -> packed(data, base + y * ss, shifts[0], shifts[1], shifts[2], w, dst);
        }
        return ofSamples(raster, w, bands);
    }

    private static void interleaved(byte[] data, int p, int ps, int r, int g, int b, int w, float[] dst) {
        float[] rt = RT;
        float[] gt = GT;
        float[] bt = BT;
        for (int x = 0; x < w; x++, p += ps) {
            dst[x] = rt[data[p + r] & 0xFF] + gt[data[p + g] & 0xFF] + bt[data[p + b] & 0xFF];
        }
    }

    /**
     * Three-byte pixels, R,G,B or (with {@code bgr}) B,G,R: reads four pixels as three little-endian ints, which
     * saves most of the byte loads. The sum order stays R + G, then + B.
     */
    private static void rgb3(byte[] data, int p, boolean bgr, int w, float[] dst) {
        float[] rt = RT;
        float[] gt = GT;
        float[] bt = BT;
        int x = 0;
        if (!bgr) {
            for (; x + 4 <= w; x += 4, p += 12) {
                int v0 = (int) INTS.get(data, p);
                int v1 = (int) INTS.get(data, p + 4);
                int v2 = (int) INTS.get(data, p + 8);
                dst[x] = rt[v0 & 0xFF] + gt[(v0 >>> 8) & 0xFF] + bt[(v0 >>> 16) & 0xFF];
                dst[x + 1] = rt[v0 >>> 24] + gt[v1 & 0xFF] + bt[(v1 >>> 8) & 0xFF];
                dst[x + 2] = rt[(v1 >>> 16) & 0xFF] + gt[v1 >>> 24] + bt[v2 & 0xFF];
                dst[x + 3] = rt[(v2 >>> 8) & 0xFF] + gt[(v2 >>> 16) & 0xFF] + bt[v2 >>> 24];
            }
            for (; x < w; x++, p += 3) {
                dst[x] = rt[data[p] & 0xFF] + gt[data[p + 1] & 0xFF] + bt[data[p + 2] & 0xFF];
            }
        } else {
            for (; x + 4 <= w; x += 4, p += 12) {
                int v0 = (int) INTS.get(data, p);
                int v1 = (int) INTS.get(data, p + 4);
                int v2 = (int) INTS.get(data, p + 8);
                dst[x] = rt[(v0 >>> 16) & 0xFF] + gt[(v0 >>> 8) & 0xFF] + bt[v0 & 0xFF];
                dst[x + 1] = rt[(v1 >>> 8) & 0xFF] + gt[v1 & 0xFF] + bt[v0 >>> 24];
                dst[x + 2] = rt[v2 & 0xFF] + gt[v1 >>> 24] + bt[(v1 >>> 16) & 0xFF];
                dst[x + 3] = rt[v2 >>> 24] + gt[(v2 >>> 16) & 0xFF] + bt[(v2 >>> 8) & 0xFF];
            }
            for (; x < w; x++, p += 3) {
                dst[x] = rt[data[p + 2] & 0xFF] + gt[data[p + 1] & 0xFF] + bt[data[p] & 0xFF];
            }
        }
    }

    private static void grey(byte[] data, int p, int ps, int w, float[] dst) {
        for (int x = 0; x < w; x++, p += ps) {
            dst[x] = data[p] & 0xFF;
        }
    }

    private static void packed(int[] data, int p, int rs, int gs, int bs, int w, float[] dst) {
        for (int x = 0; x < w; x++) {
            int v = data[p + x];
            dst[x] = RT[(v >>> rs) & 0xFF] + GT[(v >>> gs) & 0xFF] + BT[(v >>> bs) & 0xFF];
        }
    }

    private static Rows ofIndexed(Raster raster, IndexColorModel icm, int w) {
        int size = icm.getMapSize();
        float[] lut = new float[size];
        for (int i = 0; i < size; i++) {
            lut[i] = R * icm.getRed(i) + G * icm.getGreen(i) + B * icm.getBlue(i);
        }
        int[] row = new int[w];
        int mx = raster.getMinX();
        int my = raster.getMinY();
        return (y, dst) -> {
            raster.getSamples(mx, my + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int idx = row[x];
                dst[x] = idx < size ? lut[idx] : 0f;
            }
        };
    }

    private static Rows ofArgb(BufferedImage image, int w) {
        int[] row = new int[w];
        return (y, dst) -> {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int v = row[x];
                dst[x] = R * ((v >>> 16) & 0xFF) + G * ((v >>> 8) & 0xFF) + B * (v & 0xFF);
            }
        };
    }

    private static Rows ofSamples(Raster raster, int w, int bands) {
        int[] bits = raster.getSampleModel().getSampleSize();
        int[] r = new int[w];
        int[] g = bands >= 3 ? new int[w] : null;
        int[] b = bands >= 3 ? new int[w] : null;
        int mx = raster.getMinX();
        int my = raster.getMinY();
        return (y, dst) -> {
            int ry = my + y;
            raster.getSamples(mx, ry, w, 1, 0, r);
            if (bands >= 3) {
                raster.getSamples(mx, ry, w, 1, 1, g);
                raster.getSamples(mx, ry, w, 1, 2, b);
                for (int x = 0; x < w; x++) {
                    dst[x] = R * to8(r[x], bits[0]) + G * to8(g[x], bits[1]) + B * to8(b[x], bits[2]);
                }
            } else {
                for (int x = 0; x < w; x++) {
                    dst[x] = to8(r[x], bits[0]);
                }
            }
        };
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
