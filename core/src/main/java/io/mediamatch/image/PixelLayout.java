package io.mediamatch.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * The two pixel layouts every decode path returns (one 8-bit grey band, or 8-bit R, G, B) and the conversion of any
 * decoded {@link BufferedImage} to them from stored raster values, as ImageMagick scales samples. Stateless.
 */
final class PixelLayout {
    private PixelLayout() {}

    static boolean isGreyModel(ColorModel cm) {
        return !(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }


    private static final ColorModel RGB_BYTES = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    private static final int[] RGB_OFFSETS = {0, 1, 2};

    /** A zeroed w x h image of interleaved R, G, B bytes (sRGB, no alpha): the layout libjpeg writes. */
    static BufferedImage rgbImage(int w, int h) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 3 * w, 3, RGB_OFFSETS, null);
        return new BufferedImage(RGB_BYTES, raster, false, null);
    }

    /**
     * Converts any decoded image to the two output layouts, reading stored raster values (no colour management):
     * grey sources to one 8-bit band, others to 8-bit R, G, B (alpha dropped).
     */
    static BufferedImage normalize(BufferedImage src, boolean grey) {
        int type = src.getType();
        if ((type == BufferedImage.TYPE_BYTE_GRAY && grey) || (type == BufferedImage.TYPE_3BYTE_BGR && !grey)) {
            Raster r = src.getRaster();
            if (r.getParent() == null && r.getMinX() == 0 && r.getMinY() == 0) {
                return src;
            }
        }
        int w = src.getWidth();
        int h = src.getHeight();
        Raster r = src.getRaster();
        ColorModel cm = src.getColorModel();
        BufferedImage out = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int[] row = new int[w];
        int minX = r.getMinX();
        int minY = r.getMinY();
        if (cm instanceof IndexColorModel icm) {
            int n = icm.getMapSize();
            byte[] reds = new byte[n];
            byte[] greens = new byte[n];
            byte[] blues = new byte[n];
            icm.getReds(reds);
            icm.getGreens(greens);
            icm.getBlues(blues);
            for (int y = 0; y < h; y++) {
                r.getSamples(minX, minY + y, w, 1, 0, row);
                if (grey) {
                    int o = y * w;
                    for (int x = 0; x < w; x++) {
                        dst[o + x] = reds[Math.min(row[x], n - 1)];
                    }
                } else {
                    int o = y * w * 3;
                    for (int x = 0; x < w; x++) {
                        int i = Math.min(row[x], n - 1);
                        dst[o++] = blues[i];
                        dst[o++] = greens[i];
                        dst[o++] = reds[i];
                    }
                }
            }
            return out;
        }
        int bands = r.getNumBands();
        int csType = cm.getColorSpace().getType();
        boolean directGrey = grey && csType == ColorSpace.TYPE_GRAY;
        boolean directRgb = !grey && bands >= 3 && csType == ColorSpace.TYPE_RGB;
        if (!directGrey && !directRgb || !integral(r)) {
            return convertViaColorModel(src, grey);
        }
        if (grey) {
            int bits = r.getSampleModel().getSampleSize(0);
            for (int y = 0; y < h; y++) {
                r.getSamples(minX, minY + y, w, 1, 0, row);
                int o = y * w;
                for (int x = 0; x < w; x++) {
                    dst[o + x] = (byte) toEightBits(row[x], bits);
                }
            }
        } else {
            // band b (0=R,1=G,2=B) goes to byte 2-b of each BGR triple
            for (int b = 0; b < 3; b++) {
                int bits = r.getSampleModel().getSampleSize(b);
                for (int y = 0; y < h; y++) {
                    r.getSamples(minX, minY + y, w, 1, b, row);
                    int o = y * w * 3 + 2 - b;
                    for (int x = 0; x < w; x++, o += 3) {
                        dst[o] = (byte) toEightBits(row[x], bits);
                    }
                }
            }
        }
        return out;
    }

    private static boolean integral(Raster r) {
        int t = r.getDataBuffer().getDataType();
        return t == DataBuffer.TYPE_BYTE || t == DataBuffer.TYPE_USHORT
                || t == DataBuffer.TYPE_INT || t == DataBuffer.TYPE_SHORT;
    }

    /**
     * A sample of {@code bits} bits as 8 bits, the way ImageMagick scales: low depths stretch to 0..255
     * (1-bit 0/255), 16-bit uses ImageMagick's ScaleQuantumToChar (rounding v/257).
     */
    static int toEightBits(int v, int bits) {
        if (bits == 8) {
            return v & 0xFF;
        }
        if (bits == 16) {
            int q = (v & 0xFFFF) + 128;
            return (q - (q >> 8)) >> 8;
        }
        if (bits < 8) {
            int max = (1 << bits) - 1;
            return (v & max) * 255 / max;
        }
        long max = (1L << bits) - 1;
        return (int) (((v & max) * 255L + max / 2) / max);
    }

    /** Formats outside the direct paths (TIFF CMYK, Lab, float samples): let Java2D convert to sRGB. */
    private static BufferedImage convertViaColorModel(BufferedImage src, boolean grey) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(),
                grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        new ColorConvertOp(null).filter(src, out);
        return out;
    }
}
