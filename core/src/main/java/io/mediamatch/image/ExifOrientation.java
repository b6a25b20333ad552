package io.mediamatch.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;

/** Reads the EXIF orientation tag (1..8) with Commons Imaging and turns an image upright. */
final class ExifOrientation {
    private ExifOrientation() {}

    /** The orientation tag of a JPEG or TIFF, 1 (upright) when absent, unreadable or out of range. */
    static int read(byte[] data, ImageFormat format) {
        if (format != ImageFormat.JPEG && format != ImageFormat.TIFF) {
            return 1;
        }
        try {
            ImageMetadata meta = Imaging.getMetadata(data);
            TiffField field = null;
            if (meta instanceof JpegImageMetadata jpeg) {
                field = jpeg.findExifValueWithExactMatch(TiffTagConstants.TIFF_TAG_ORIENTATION);
            } else if (meta instanceof TiffImageMetadata tiff) {
                field = tiff.findField(TiffTagConstants.TIFF_TAG_ORIENTATION);
            }
            int v = field == null ? 1 : field.getIntValue();
            return v >= 1 && v <= 8 ? v : 1;
        } catch (Exception | StackOverflowError e) {
            return 1; // broken metadata never stops decoding: the stored orientation is used
        }
    }

    /**
     * {@code img} (one byte array of 1 or 3 interleaved bands, as {@link ImageDecoder} returns) turned as EXIF
     * orientation {@code o} asks for display; the result has the same layout.
     */
    static BufferedImage apply(BufferedImage img, int o) {
        if (o <= 1 || o > 8) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        boolean swap = o >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int ch = img.getRaster().getNumBands();
        BufferedImage out = new BufferedImage(img.getColorModel(),
                img.getRaster().createCompatibleWritableRaster(ow, oh), false, null);
        byte[] src = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int d = 0;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (o) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                int s = (sy * w + sx) * ch;
                for (int c = 0; c < ch; c++) {
                    dst[d++] = src[s + c];
                }
            }
        }
        return out;
    }
}
