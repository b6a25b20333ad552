package io.mediamatch.image;

import java.util.Locale;

/** The still-image formats {@link ImageDecoder} reads, recognised by their leading (magic) bytes. */
public enum ImageFormat {
    JPEG("jpg", "jpeg", "jpe", "jfif"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp", "dib"),
    WEBP("webp"),
    TIFF("tif", "tiff"),
    /** HEIF with HEVC (HEIC, as phones write it), decoded through the system's libheif. */
    HEIF("heic", "heif", "hif"),
    /** HEIF with AV1, decoded through the system's libheif. */
    AVIF("avif"),
    /** Windows icon or cursor: the largest image in the file. */
    ICO("ico", "cur"),
    /** Photoshop document (PSD, PSB): the flattened composite image. */
    PSD("psd", "psb");

    /** How many leading bytes {@link #detect} needs to recognise every format (HEIF: the ftyp box's brands). */
    public static final int MAGIC_BYTES = 64;

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
        if (n >= 10 && u(head, 0) == 0 && u(head, 1) == 0 && (u(head, 2) == 1 || u(head, 2) == 2) && u(head, 3) == 0
                && u(head, 4) != 0 && u(head, 5) == 0 && u(head, 9) == 0) { // 1-255 images; an entry's reserved 0
            return ICO;
        }
        if (n >= 6 && head[0] == '8' && head[1] == 'B' && head[2] == 'P' && head[3] == 'S' && u(head, 4) == 0
                && (u(head, 5) == 1 || u(head, 5) == 2)) {
            return PSD;
        }
        return isoImage(head, n);
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

    /** An ISO base media file whose major or compatible brands say HEIF or AVIF still image; null otherwise. */
    private static ImageFormat isoImage(byte[] head, int n) {
        if (n < 16 || head[4] != 'f' || head[5] != 't' || head[6] != 'y' || head[7] != 'p') {
            return null;
        }
        long box = ((long) u(head, 0) << 24) | (u(head, 1) << 16) | (u(head, 2) << 8) | u(head, 3);
        ImageFormat found = null;
        for (int at = 8; at + 4 <= Math.min(box, n); at += at == 8 ? 8 : 4) { // major, minor version, compatible
            String brand = new String(head, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            switch (brand) {
                case "avif", "avis" -> {
                    return AVIF;
                }
                case "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1" -> found = HEIF;
                default -> { }
            }
        }
        return found;
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
