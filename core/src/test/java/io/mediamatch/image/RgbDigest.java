package io.mediamatch.image;

import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The MD5 of an image's pixels as 8-bit R,G,B bytes, row by row: what ImageMagick's {@code rgb:} export holds. */
final class RgbDigest {
    private RgbDigest() {}

    static String md5(BufferedImage img) throws Exception {
        byte[] rgb = new byte[img.getWidth() * img.getHeight() * 3];
        for (int y = 0, o = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++, o += 3) {
                int p = img.getRGB(x, y);
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(rgb));
    }
}
