package io.mediamatch.image;

import static org.bytedeco.leptonica.global.leptonica.L_SEVERITY_NONE;
import static org.bytedeco.leptonica.global.leptonica.pixDestroy;
import static org.bytedeco.leptonica.global.leptonica.pixGetData;
import static org.bytedeco.leptonica.global.leptonica.pixGetDepth;
import static org.bytedeco.leptonica.global.leptonica.pixGetHeight;
import static org.bytedeco.leptonica.global.leptonica.pixGetWidth;
import static org.bytedeco.leptonica.global.leptonica.pixGetWpl;
import static org.bytedeco.leptonica.global.leptonica.pixReadMemJpeg;
import static org.bytedeco.leptonica.global.leptonica.setMsgSeverity;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.leptonica.PIX;

/**
 * Progressive JPEGs through Leptonica's libjpeg-turbo: the JDK's reader renders the whole image once per scan
 * (buffered-image mode, ~10 scans), libjpeg-turbo's ordinary mode gathers all scans and renders once, which is 3-4x
 * faster. Same library family, default settings (islow IDCT, fancy upsampling), so the same samples as the JDK
 * reader on every reference file. Only the cases where libjpeg's colour-space choice cannot differ from the JDK
 * reader's are taken (grey, or YCbCr by JFIF, Adobe transform 1 or component ids 1, 2, 3); anything Leptonica
 * refuses returns null and the caller decodes with the JDK reader, which also words the error. Stateless and
 * thread-safe; the natives are loaded once, and if they cannot be, {@link #AVAILABLE} is false.
 */
final class ProgressiveJpeg {
    static final boolean AVAILABLE = load();

    private ProgressiveJpeg() {}

    private static boolean load() {
        try {
            setMsgSeverity(L_SEVERITY_NONE); // Leptonica's own messages; libjpeg's warnings cannot be silenced
            return true;
        } catch (Throwable e) { // no natives for this platform: the JDK reader decodes everything
            return false;
        }
    }

    /** Whether this decoder may take the file: progressive, complete (ends with EOI), grey or unambiguous YCbCr. */
    static boolean accepts(JpegHeader h, byte[] data) {
        return AVAILABLE && h.progressive && endsWithEoi(data) && h.greyOrPlainYcc();
    }

    /**
     * A truncated file makes libjpeg print a warning on stderr before failing: leave those (the commonest bad
     * input) to the JDK reader, which reports them quietly. Trailing bytes after EOI are tolerated.
     */
    private static boolean endsWithEoi(byte[] d) {
        int stop = Math.max(1, d.length - 4096);
        for (int i = d.length - 1; i >= stop; i--) {
            if ((d[i] & 0xFF) == 0xD9 && (d[i - 1] & 0xFF) == 0xFF) {
                return true;
            }
        }
        return false;
    }

    /**
     * The decoded image (TYPE_BYTE_GRAY, or R, G, B bytes as {@link PixelLayout#rgbImage}), or null when Leptonica
     * reports an error or a warning of corrupt data, or the size disagrees with the header.
     */
    static BufferedImage decode(byte[] data, JpegHeader h) {
        int[] warnings = new int[1];
        PIX pix = pixReadMemJpeg(data, data.length, 0, 1, warnings, 0); // hint 0: no image if libjpeg warned
        if (pix == null) {
            return null;
        }
        try {
            int w = pixGetWidth(pix);
            int height = pixGetHeight(pix);
            int depth = pixGetDepth(pix);
            if (w != h.width || height != h.height || warnings[0] != 0
                    || depth != (h.components == 1 ? 8 : 32)) {
                return null;
            }
            int wpl = pixGetWpl(pix);
            IntPointer px = pixGetData(pix);
            int[] row = new int[wpl];
            if (depth == 32) {
                // each pixel is one word: R << 24 | G << 16 | B << 8
                BufferedImage out = PixelLayout.rgbImage(w, height);
                byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
                for (int y = 0; y < height; y++) {
                    px.position((long) y * wpl).get(row, 0, wpl);
                    for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
                        int v = row[x];
                        dst[o] = (byte) (v >>> 24);
                        dst[o + 1] = (byte) (v >>> 16);
                        dst[o + 2] = (byte) (v >>> 8);
                    }
                }
                return out;
            }
            // 8 bits: four pixels per word, the first in the most significant byte
            BufferedImage out = new BufferedImage(w, height, BufferedImage.TYPE_BYTE_GRAY);
            byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            for (int y = 0; y < height; y++) {
                px.position((long) y * wpl).get(row, 0, wpl);
                for (int x = 0, o = y * w; x < w; x++) {
                    dst[o + x] = (byte) (row[x >> 2] >>> (24 - ((x & 3) << 3)));
                }
            }
            return out;
        } finally {
            pixDestroy(pix);
        }
    }
}
