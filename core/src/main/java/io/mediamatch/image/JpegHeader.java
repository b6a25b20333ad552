package io.mediamatch.image;

import java.io.ByteArrayOutputStream;

/**
 * What {@link ImageDecoder} needs from a JPEG's marker segments before decoding: frame size and components (for the
 * pixel limit), the Adobe colour transform (CMYK vs YCCK), and where ICC profile segments sit (so they can be
 * dropped: the reference hashes the stored values, never colour-managed ones).
 */
final class JpegHeader {
    int width = -1;
    int height = -1;
    int components = -1;
    int precision = 8;
    boolean progressive;
    /** Component identifiers from the frame header, in frame order (empty if it was too short). */
    int[] componentIds = new int[0];
    /** Arithmetic-coded or lossless/hierarchical-only processes, which libjpeg 6b (the JDK's) cannot decode. */
    String unsupportedProcess;
    /** Adobe APP14 transform flag (0 none, 1 YCbCr, 2 YCCK), or -1 without an Adobe segment. */
    int adobeTransform = -1;
    boolean jfif;
    /** Offset of the first SOS marker, or -1 if the header ended before one. */
    int firstScan = -1;
    /** Components in the first scan, or -1. */
    int firstScanComponents = -1;
    /** Start offsets (of the 0xFF) and total lengths of APP2 ICC_PROFILE segments. */
    private int[] iccStart = new int[0];
    private int[] iccLength = new int[0];

    /** Scans markers up to the first SOS; returns null if no frame header was found before the data ended. */
    static JpegHeader parse(byte[] d, int length) {
        JpegHeader h = new JpegHeader();
        int i = 2;
        while (i < length) {
            if ((d[i] & 0xFF) != 0xFF) {
                i++; // garbage between segments: libjpeg skips it with a warning
                continue;
            }
            while (i < length && (d[i] & 0xFF) == 0xFF) {
                i++;
            }
            if (i >= length) {
                break;
            }
            int marker = d[i] & 0xFF;
            i++;
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (marker == 0xD9 || i + 2 > length) {
                break;
            }
            int segLen = ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
            int payload = i + 2;
            int end = i + segLen;
            if (segLen < 2 || end > length) {
                break;
            }
            int payloadLen = segLen - 2;
            if (isSof(marker) && payloadLen >= 6) {
                h.precision = d[payload] & 0xFF;
                h.height = ((d[payload + 1] & 0xFF) << 8) | (d[payload + 2] & 0xFF);
                h.width = ((d[payload + 3] & 0xFF) << 8) | (d[payload + 4] & 0xFF);
                h.components = d[payload + 5] & 0xFF;
                if (payloadLen >= 6 + 3 * h.components) {
                    h.componentIds = new int[h.components];
                    for (int c = 0; c < h.components; c++) {
                        h.componentIds[c] = d[payload + 6 + 3 * c] & 0xFF;
                    }
                }
                h.progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
                if (marker >= 0xC9) {
                    h.unsupportedProcess = "arithmetic-coded JPEG";
                } else if (marker == 0xC3 || marker == 0xC7) {
                    h.unsupportedProcess = "lossless JPEG";
                } else if (marker >= 0xC5) {
                    h.unsupportedProcess = "hierarchical JPEG";
                }
            } else if (marker == 0xEE && payloadLen >= 12 && startsWith(d, payload, "Adobe")) {
                h.adobeTransform = d[payload + 11] & 0xFF;
            } else if (marker == 0xE0 && payloadLen >= 5 && startsWith(d, payload, "JFIF\0")) {
                h.jfif = true;
            } else if (marker == 0xE2 && payloadLen >= 12 && startsWith(d, payload, "ICC_PROFILE\0")) {
                int n = h.iccStart.length;
                h.iccStart = java.util.Arrays.copyOf(h.iccStart, n + 1);
                h.iccLength = java.util.Arrays.copyOf(h.iccLength, n + 1);
                h.iccStart[n] = i - 2;
                h.iccLength[n] = segLen + 2;
            } else if (marker == 0xDA) {
                h.firstScan = i - 2;
                h.firstScanComponents = payloadLen >= 1 ? d[payload] & 0xFF : -1;
                break;
            }
            i = end;
        }
        return h.width < 0 ? null : h;
    }

    /**
     * Grey, or three components that every reader takes for YCbCr (JFIF, Adobe transform 1, or ids 1, 2, 3 without
     * an Adobe segment saying otherwise): the cases where libjpeg's colour-space guess cannot differ from the JDK
     * reader's, so libjpeg-turbo used directly gives the JDK reader's samples.
     */
    boolean greyOrPlainYcc() {
        if (components == 1) {
            return true;
        }
        if (components != 3 || adobeTransform == 0 || adobeTransform > 1) {
            return false;
        }
        boolean ids123 = componentIds.length == 3 && componentIds[0] == 1 && componentIds[1] == 2
                && componentIds[2] == 3;
        return jfif || adobeTransform == 1 || ids123;
    }

    /**
     * A sequential JPEG whose first scan holds every component: libjpeg decodes it in one pass and fails on any
     * further scan ("Didn't expect more than one scan"), so its scans need no counting.
     */
    boolean singleScan() {
        return !progressive && firstScanComponents == components;
    }

    /**
     * SOS markers from the first scan on, counting stops once it passes {@code limit}. Entropy-coded data never
     * holds 0xFF 0xDA (a 0xFF there is followed by 0x00 or a restart marker), so this is the number of scans.
     */
    static int scans(byte[] d, int firstScan, int limit) {
        int n = 0;
        for (int i = Math.max(0, firstScan), end = d.length - 1; i < end; i++) {
            if (d[i] == (byte) 0xFF && d[i + 1] == (byte) 0xDA && ++n > limit) {
                break;
            }
        }
        return n;
    }

    boolean hasIcc() {
        return iccStart.length > 0;
    }

    /** The file without its ICC_PROFILE segments (so no reader colour-manages it). */
    byte[] withoutIcc(byte[] d, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        int pos = 0;
        for (int k = 0; k < iccStart.length; k++) {
            out.write(d, pos, iccStart[k] - pos);
            pos = iccStart[k] + iccLength[k];
        }
        out.write(d, pos, length - pos);
        return out.toByteArray();
    }

    private static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    private static boolean startsWith(byte[] d, int off, String s) {
        if (off + s.length() > d.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (d[off + k] != (byte) s.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
