package io.mediamatch.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * Four-component JPEGs as ImageMagick 6 (Q16) reads them: libjpeg turns YCCK into CMYK, ImageMagick inverts every
 * sample (it assumes Adobe's inverted CMYK), then converts to RGB as {@code R = QR - (C/QR * (QR - K) + K)} in
 * double precision, rounds to a 16-bit quantum and scales that to 8 bits.
 */
final class Cmyk {
    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    // libjpeg's YCC -> RGB tables (jdcolor.c), reused for YCCK -> CMYK
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];
    /** 8-bit stored C (or M, Y) times 8-bit stored K -> 8-bit output, precomputed as ImageMagick computes it. */
    private static final byte[] MIX = new byte[256 * 256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
        final double qr = 65535.0;
        final double scale = 1.0 / qr;
        for (int c = 0; c < 256; c++) {
            for (int k = 0; k < 256; k++) {
                double cyan = qr - c * 257; // ImageMagick inverts the stored sample
                double black = qr - k * 257;
                double red = qr - (scale * cyan * (qr - black) + black);
                int quantum = red <= 0 ? 0 : red >= qr ? 65535 : (int) (red + 0.5);
                MIX[(c << 8) | k] = (byte) PixelLayout.toEightBits(quantum, 16);
            }
        }
    }

    private Cmyk() {}

    private static int fix(double x) {
        return (int) (x * (1L << SCALEBITS) + 0.5);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** The 4-band raw raster (CMYK, or YCCK when {@code ycck}) as an RGB image. */
    static BufferedImage toRgb(Raster raw, boolean ycck) {
        int w = raw.getWidth();
        int h = raw.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int[] px = new int[w * 4];
        for (int y = 0; y < h; y++) {
            raw.getPixels(raw.getMinX(), raw.getMinY() + y, w, 1, px);
            int o = y * w * 3;
            for (int x = 0, p = 0; x < w; x++, p += 4) {
                int c = px[p];
                int m = px[p + 1];
                int yy = px[p + 2];
                int k = px[p + 3];
                if (ycck) {
                    int luma = px[p];
                    int cb = px[p + 1];
                    int cr = px[p + 2];
                    c = 255 - clamp(luma + CR_R[cr]);
                    m = 255 - clamp(luma + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
                    yy = 255 - clamp(luma + CB_B[cb]);
                }
                int kk = k & 0xFF;
                dst[o++] = MIX[(yy << 8) | kk];
                dst[o++] = MIX[(m << 8) | kk];
                dst[o++] = MIX[(c << 8) | kk];
            }
        }
        return out;
    }
}
