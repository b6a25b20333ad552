package io.mediamatch.image;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Still-image formats mediamatch recognises but does not decode (JPEG 2000, JPEG XL, SVG, PDF), by their leading
 * bytes, so a refusal names the format instead of "unknown bytes". {@link #refuseAsVideo} keeps every still image
 * (these, and the HEIF, AVIF and ICO files {@link ImageFormat} decodes) away from the video decoder: FFmpeg would
 * read a HEIC's first tile, an ICO or a JPEG 2000 file as a one-frame video.
 */
public enum ForeignImage {
    JPEG_2000("a JPEG 2000 image"),
    JPEG_XL("a JPEG XL image"),
    SVG("an SVG vector image (render it to a bitmap first)"),
    PDF("a PDF document");

    /** How many leading bytes {@link #detect} looks at (SVG may open with an XML declaration and comments). */
    public static final int HEAD_BYTES = 1024;

    private final String description;

    ForeignImage(String description) {
        this.description = description;
    }

    /** How an error names it, e.g. "a HEIF/HEIC image". */
    public String description() {
        return description;
    }

    /** {@link #detect} on the first {@link #HEAD_BYTES} bytes of {@code file}. */
    public static ForeignImage of(Path file) throws IOException {
        byte[] head = new byte[HEAD_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return detect(head, n);
    }

    /**
     * Refuses {@code file} as a video ({@code UNSUPPORTED_FORMAT}: not a video format) when it starts like a still
     * image, one of these or an {@link ImageFormat}; called before FFmpeg opens a file, which would read a HEIC's
     * first tile, an ICO or a PNG as a one-frame video.
     */
    public static void refuseAsVideo(Path file) throws MediaException {
        byte[] head = new byte[HEAD_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new MediaException(file, Kind.IO, "cannot read: " + e.getMessage(), e);
        }
        ForeignImage still = detect(head, n);
        ImageFormat image = ImageFormat.detect(head, n);
        if (still != null || image != null) {
            throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, (still != null ? still.description()
                    : ("AEIOU".indexOf(image.name().charAt(0)) >= 0 ? "an " : "a ") + image + " image")
                    + ", not a video", null);
        }
    }

    /** The format {@code head} (the first {@code length} bytes of a file) starts like, or null for none of these. */
    public static ForeignImage detect(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (n >= 12 && u32(head, 0) == 12 && ascii(head, 4, "jP  ")) {
            return JPEG_2000;
        }
        if (n >= 4 && u(head, 0) == 0xFF && u(head, 1) == 0x4F && u(head, 2) == 0xFF && u(head, 3) == 0x51) {
            return JPEG_2000; // a bare codestream (.j2k)
        }
        if ((n >= 2 && u(head, 0) == 0xFF && u(head, 1) == 0x0A)
                || (n >= 12 && u32(head, 0) == 12 && ascii(head, 4, "JXL "))) {
            return JPEG_XL;
        }
        if (n >= 5 && ascii(head, 0, "%PDF-")) {
            return PDF;
        }
        return looksLikeSvg(head, n) ? SVG : null;
    }

    /** Text that opens (after a BOM, XML declaration, comments or a doctype) with an {@code <svg} element. */
    private static boolean looksLikeSvg(byte[] head, int n) {
        String text = new String(head, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (text.startsWith("\u00ef\u00bb\u00bf")) {
            text = text.substring(3);
        }
        text = text.stripLeading();
        if (!text.startsWith("<")) {
            return false;
        }
        int svg = text.indexOf("<svg");
        if (svg < 0) {
            return false;
        }
        // Everything before the element must be XML prolog, not the body of some other document.
        String prolog = text.substring(0, svg);
        return !prolog.contains("<html") && !prolog.contains("<body");
    }

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long u32(byte[] b, int at) {
        return ((long) u(b, at) << 24) | (u(b, at + 1) << 16) | (u(b, at + 2) << 8) | u(b, at + 3);
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
