package io.mediamatch.image;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;

/**
 * The RIFF structure of a WebP, checked before any decoder sees it: the RIFF size within the file, every chunk
 * within the RIFF data, and image data (VP8, VP8L, or ANIM frames) whose headers fit their chunk, as libwebp
 * requires. Stateless; throws a {@link MediaException} CORRUPT/TRUNCATED naming the file.
 */
final class WebpStructure {
    private static final int VP8 = fourCc("VP8 ");
    private static final int VP8L = fourCc("VP8L");
    static final int VP8X = fourCc("VP8X");
    private static final int ANMF = fourCc("ANMF");

    private WebpStructure() {}

    /** Walks the chunks of {@code data} (a file starting with RIFF....WEBP); {@code name} is for errors. */
    static void check(byte[] data, String name) throws MediaException {
        if (data.length < 20) {
            throw new MediaException(name, Kind.TRUNCATED, "WebP ends inside its RIFF header (" + data.length + " bytes)");
        }
        long riffSize = le32(data, 4);
        if (riffSize < 12 || riffSize + 8 > data.length) {
            throw new MediaException(name, riffSize < 12 ? Kind.CORRUPT : Kind.TRUNCATED, "WebP RIFF header claims "
                    + riffSize + " bytes of data, the file has " + (data.length - 8));
        }
        int end = (int) riffSize + 8;
        int pos = 12;
        int first = -1;
        boolean image = false;
        long canvas = -1; // a still VP8X file's canvas, width << 32 | height: its image data must have that size
        while (pos + 8 <= end) {
            int type = be32(data, pos);
            long size = le32(data, pos + 4);
            if (pos + 8 + size > end) {
                throw new MediaException(name, Kind.TRUNCATED, "WebP chunk " + typeName(type) + " at byte " + pos
                        + " claims " + size + " bytes, past the end of the RIFF data (" + end + " bytes)");
            }
            int body = pos + 8;
            if (first == -1) {
                first = type;
                if (type != VP8 && type != VP8L && type != VP8X) {
                    throw new MediaException(name, Kind.CORRUPT, "WebP starts with chunk " + typeName(type)
                            + ", not VP8, VP8L or VP8X");
                }
            }
            if (type == VP8) {
                checkVp8(data, body, (int) size, name, pos);
                checkCanvas(canvas, vp8Size(data, body), name);
                image = true;
            } else if (type == VP8L) {
                if (size < 5 || (data[body] & 0xFF) != 0x2F) {
                    throw new MediaException(name, Kind.CORRUPT, "WebP VP8L chunk at byte " + pos
                            + " has no lossless header (" + size + " bytes)");
                }
                checkCanvas(canvas, vp8lSize(data, body), name);
                image = true;
            } else if (type == VP8X && size < 10) {
                throw new MediaException(name, Kind.CORRUPT, "WebP VP8X chunk at byte " + pos + " is " + size
                        + " bytes, shorter than its 10-byte header");
            } else if (type == VP8X && pos == 12 && (data[body] & 0x02) == 0) {
                canvas = (long) (le24(data, body + 4) + 1) << 32 | (le24(data, body + 7) + 1);
            } else if (type == ANMF) {
                if (size < 16 + 8) {
                    throw new MediaException(name, Kind.CORRUPT, "WebP animation frame at byte " + pos + " is "
                            + size + " bytes, too short for a frame");
                }
                image = true; // its nested VP8/VP8L is checked by the animation decoder
            }
            if (first != VP8X && (type == VP8 || type == VP8L)) {
                break; // a simple file: one image chunk; what follows is ignored, as libwebp does
            }
            pos = (int) (body + size + (size & 1));
        }
        if (!image) {
            throw new MediaException(name, Kind.CORRUPT, "WebP has no image data (no VP8, VP8L or animation frame"
                    + " chunk in " + end + " bytes)");
        }
    }

    /**
     * In a still VP8X file the image data must have the canvas's size: decoders allocate for the bitstream's own
     * size, which the pixel limit (checked on the canvas) would otherwise not cover.
     */
    private static void checkCanvas(long canvas, long dims, String name) throws MediaException {
        if (canvas >= 0 && dims != canvas) {
            throw new MediaException(name, Kind.CORRUPT, "WebP image data is " + (dims >>> 32) + "x"
                    + (dims & 0xFFFFFFFFL) + ", its VP8X canvas " + (canvas >>> 32) + "x" + (canvas & 0xFFFFFFFFL));
        }
    }

    /** True for a WebP whose first chunk is VP8X with the animation flag. */
    static boolean isAnimated(byte[] d) {
        return d.length > 20 && be32(d, 12) == VP8X && (d[20] & 0x02) != 0;
    }

    /** The size, width << 32 | height, of the VP8 key frame whose chunk body (10 bytes or more) is at {@code body}. */
    static long vp8Size(byte[] d, int body) {
        long w = ((d[body + 6] & 0xFF) | (d[body + 7] & 0xFF) << 8) & 0x3FFF;
        long h = ((d[body + 8] & 0xFF) | (d[body + 9] & 0xFF) << 8) & 0x3FFF;
        return w << 32 | h;
    }

    /** The size, width << 32 | height, of the VP8L image whose chunk body (5 bytes or more) is at {@code body}. */
    static long vp8lSize(byte[] d, int body) {
        long bits = (d[body + 1] & 0xFFL) | (d[body + 2] & 0xFFL) << 8 | (d[body + 3] & 0xFFL) << 16
                | (d[body + 4] & 0xFFL) << 24;
        return ((bits & 0x3FFF) + 1) << 32 | ((bits >>> 14 & 0x3FFF) + 1);
    }

    static int le24(byte[] d, int p) {
        return (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF) << 16;
    }

    /** A lossy key frame: frame tag, start code, and a first partition that fits the chunk. */
    private static void checkVp8(byte[] data, int body, int size, String name, int pos) throws MediaException {
        if (size < 10) {
            throw new MediaException(name, Kind.TRUNCATED, "WebP VP8 chunk at byte " + pos + " is " + size
                    + " bytes, shorter than the 10-byte frame header");
        }
        int tag = (data[body] & 0xFF) | (data[body + 1] & 0xFF) << 8 | (data[body + 2] & 0xFF) << 16;
        if ((tag & 1) != 0) {
            throw new MediaException(name, Kind.CORRUPT, "WebP VP8 data at byte " + pos + " is not a key frame");
        }
        if ((data[body + 3] & 0xFF) != 0x9D || (data[body + 4] & 0xFF) != 0x01 || (data[body + 5] & 0xFF) != 0x2A) {
            throw new MediaException(name, Kind.CORRUPT, "WebP VP8 data at byte " + pos + " lacks the key-frame"
                    + " start code");
        }
        int firstPartition = tag >>> 5;
        if (firstPartition > size - 10) {
            throw new MediaException(name, Kind.TRUNCATED, "WebP VP8 first partition claims " + firstPartition
                    + " bytes, the chunk holds " + (size - 10) + " after the frame header");
        }
        long dims = vp8Size(data, body);
        int width = (int) (dims >>> 32);
        int height = (int) dims;
        if (width == 0 || height == 0) {
            throw new MediaException(name, Kind.CORRUPT, "WebP VP8 frame is " + width + "x" + height);
        }
    }

    static long le32(byte[] d, int p) {
        return (d[p] & 0xFFL) | (d[p + 1] & 0xFFL) << 8 | (d[p + 2] & 0xFFL) << 16 | (d[p + 3] & 0xFFL) << 24;
    }

    static int be32(byte[] d, int p) {
        return (d[p] & 0xFF) << 24 | (d[p + 1] & 0xFF) << 16 | (d[p + 2] & 0xFF) << 8 | (d[p + 3] & 0xFF);
    }

    private static int fourCc(String s) {
        return s.charAt(0) << 24 | s.charAt(1) << 16 | s.charAt(2) << 8 | s.charAt(3);
    }

    private static String typeName(int type) {
        StringBuilder sb = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = type >>> shift & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return sb.toString().strip();
    }
}
