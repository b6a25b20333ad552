package io.mediamatch.image;

import java.util.Locale;

/** The still-image formats {@link ImageDecoder} reads, recognised by their leading (magic) bytes. */
public enum ImageFormat {
    JPEG("jpg", "jpeg", "jpe", "jfif"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp", "dib"),
    WEBP("webp"),
    TIFF("tif", "tiff");

    /** How many leading bytes {@link #detect} needs to recognise every format. */
    public static final int MAGIC_BYTES = 12;

    private final String[] extensions;

    ImageFormat(String... extensions) {
        this.extensions = extensions;
    }

    /**
     * The format whose signature starts {@code head} (the first {@link #MAGIC_BYTES} bytes of a file, or fewer
     * for a shorter file), or null when none matches. The content decides, never the file name.
     */
    public static ImageFormat detect(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (n >= 3 && u(head, 0) == 0xFF && u(head, 1) == 0xD8 && u(head, 2) == 0xFF) {
            return JPEG;
        }
        if (n >= 8 && u(head, 0) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[4] == 0x0D && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A) {
            return PNG;
        }
        if (n >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8'
                && (head[4] == '7' || head[4] == '9') && head[5] == 'a') {
            return GIF;
        }
        if (n >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return WEBP;
        }
        if (n >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
                || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) {
            return TIFF;
        }
        if (n >= 2 && head[0] == 'B' && head[1] == 'M') {
            return BMP;
        }
        return null;
    }

    /** {@link #detect(byte[], int)} over the whole array. */
    public static ImageFormat detect(byte[] head) {
        return detect(head, head.length);
    }

    /** The format a file name's extension suggests (case-insensitive), or null. Only a hint: see {@link #detect}. */
    public static ImageFormat fromFileName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            for (String e : f.extensions) {
                if (e.equals(ext)) {
                    return f;
                }
            }
        }
        return null;
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
