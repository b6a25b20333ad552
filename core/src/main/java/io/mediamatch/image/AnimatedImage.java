package io.mediamatch.image;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;

/**
 * Which images are animations, read from the file's structure without decoding any pixels: a GIF holding two or
 * more images, a PNG whose {@code acTL} chunk (before the first IDAT) declares two or more frames, a WebP with the
 * VP8X animation flag and its {@code ANMF} frames. The structure is checked to the end (GIF trailer, PNG chunks and
 * CRCs, WebP chunk sizes), so a cut or broken animation is refused before any frame is hashed. Stateless.
 *
 * @param format the container: {@link ImageFormat#GIF}, {@link ImageFormat#PNG} (APNG) or {@link ImageFormat#WEBP}
 * @param frames how many frames the file declares (GIF: image descriptors; APNG: {@code acTL}; WebP: ANMF chunks)
 */
public record AnimatedImage(ImageFormat format, int frames) {
    private static final int ACTL = 0x6163544C;
    private static final int IDAT = 0x49444154;

    /**
     * The animation {@code data} holds, or null for a still image or a file that is no GIF, PNG or WebP.
     *
     * @throws MediaException (naming {@code name}) CORRUPT or TRUNCATED when a GIF, PNG or WebP is cut short or
     *     its structure is broken
     */
    public static AnimatedImage of(byte[] data, String name) throws MediaException {
        ImageFormat format = ImageFormat.detect(data);
        if (format == null) {
            return null;
        }
        int frames = switch (format) {
            case GIF -> gifImages(data, name);
            case PNG -> apngFrames(data, name);
            case WEBP -> webpFrames(data, name);
            default -> 0;
        };
        return frames >= 2 ? new AnimatedImage(format, frames) : null;
    }

    /** Image descriptors of a GIF, walking every block up to the trailer. */
    private static int gifImages(byte[] d, String name) throws MediaException {
        if (d.length < 13) {
            throw new MediaException(name, Kind.TRUNCATED, "GIF ends inside its screen descriptor");
        }
        int pos = 13 + colourTable(d[10]);
        int images = 0;
        while (true) {
            if (pos >= d.length) {
                throw new MediaException(name, Kind.TRUNCATED, "GIF data ends before its trailer (after " + images
                        + " complete image(s))");
            }
            int block = d[pos] & 0xFF;
            if (block == 0x3B) {
                return images;
            } else if (block == 0x21) {
                pos = skipSubBlocks(d, pos + 2, name, images);
            } else if (block == 0x2C) {
                if (pos + 10 > d.length) {
                    throw new MediaException(name, Kind.TRUNCATED, "GIF ends inside image descriptor " + (images + 1));
                }
                int w = (d[pos + 5] & 0xFF) | (d[pos + 6] & 0xFF) << 8;
                int h = (d[pos + 7] & 0xFF) | (d[pos + 8] & 0xFF) << 8;
                if (w == 0 || h == 0) {
                    throw new MediaException(name, Kind.CORRUPT, "GIF image " + (images + 1) + " at byte " + pos
                            + " is " + w + "x" + h);
                }
                pos += 10 + colourTable(d[pos + 9]) + 1; // + the LZW minimum code size
                pos = skipSubBlocks(d, pos, name, images);
                images++;
            } else {
                throw new MediaException(name, Kind.CORRUPT, String.format("GIF has an unknown block 0x%02x at byte"
                        + " %d (after %d image(s))", block, pos, images));
            }
        }
    }

    private static int colourTable(byte flags) {
        return (flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0;
    }

    private static int skipSubBlocks(byte[] d, int pos, String name, int images) throws MediaException {
        while (true) {
            if (pos >= d.length) {
                throw new MediaException(name, Kind.TRUNCATED, "GIF data ends inside a data block (after " + images
                        + " complete image(s))");
            }
            int n = d[pos] & 0xFF;
            pos += 1 + n;
            if (n == 0) {
                return pos;
            }
        }
    }

    /** The acTL frame count of a PNG whose chunks are all sound, or 0 without acTL before the first IDAT. */
    private static int apngFrames(byte[] d, String name) throws MediaException {
        PngStructure.check(d, name);
        for (int pos = 8; pos + 8 <= d.length; ) {
            int length = PngStructure.readInt(d, pos);
            int type = PngStructure.readInt(d, pos + 4);
            if (type == IDAT) {
                return 0;
            }
            if (type == ACTL && length >= 8) {
                long frames = PngStructure.readInt(d, pos + 8) & 0xFFFFFFFFL;
                return (int) Math.min(frames, Integer.MAX_VALUE);
            }
            pos += 12 + length;
        }
        return 0;
    }

    /** ANMF chunks of a WebP with the VP8X animation flag; 0 for a still WebP. */
    private static int webpFrames(byte[] d, String name) throws MediaException {
        WebpStructure.check(d, name);
        if (!WebpStructure.isAnimated(d)) {
            return 0;
        }
        return WebpAnimation.frameChunks(d).length;
    }
}
