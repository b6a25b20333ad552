package io.mediamatch.image;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;

/**
 * HEIF/HEIC and AVIF through the system's libheif (Debian's {@code libheif1}), called with JNA, with the pixels of
 * the reference pipeline (ImageMagick 6.9 over libheif 1.15): the primary image (its rotations and mirrors applied)
 * decoded to YCbCr 4:2:0, each pixel taking its 2x2 block's chroma, converted to RGB with ImageMagick's full-range
 * BT.601 matrix and its two roundings (16-bit quantum, then 8 bits). Samples above 8 bits are scaled to 8 with
 * rounding. Loaded on first use; without libheif such files are refused with a reason saying so.
 */
final class HeifDecoder {
    private static final int COLORSPACE_YCBCR = 0;
    private static final int CHROMA_420 = 1;
    private static final int CHANNEL_Y = 0;
    private static final int CHANNEL_CB = 1;
    private static final int CHANNEL_CR = 2;
    /** libheif's heif_error_code values this class tells apart. */
    private static final int ERROR_INVALID_INPUT = 2;
    private static final int ERROR_UNSUPPORTED_FILETYPE = 3;
    private static final int ERROR_UNSUPPORTED_FEATURE = 4;
    private static final int ERROR_MEMORY = 6;
    private static final int SUBERROR_END_OF_DATA = 100;

    private HeifDecoder() {}

    /** The struct heif_error libheif returns by value. */
    public static final class HeifError extends Structure implements Structure.ByValue {
        public int code;
        public int subcode;
        public String message;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("code", "subcode", "message");
        }
    }

    /** The libheif 1.x functions used (heif.h). */
    interface Api extends Library {
        Pointer heif_context_alloc();

        void heif_context_free(Pointer ctx);

        HeifError heif_context_read_from_memory_without_copy(Pointer ctx, Pointer mem, long size, Pointer options);

        HeifError heif_context_get_primary_image_handle(Pointer ctx, PointerByReference handle);

        int heif_image_handle_get_width(Pointer handle);

        int heif_image_handle_get_height(Pointer handle);

        void heif_image_handle_release(Pointer handle);

        HeifError heif_decode_image(Pointer handle, PointerByReference image, int colorspace, int chroma, Pointer options);

        int heif_image_get_width(Pointer image, int channel);

        int heif_image_get_height(Pointer image, int channel);

        int heif_image_get_bits_per_pixel_range(Pointer image, int channel);

        Pointer heif_image_get_plane_readonly(Pointer image, int channel, IntByReference stride);

        void heif_image_release(Pointer image);
    }

    /** Loaded on first use only: a JPEG-only run never opens libheif. */
    private static final class Lib {
        static final Api API = load();

        private static Api load() {
            if ("false".equalsIgnoreCase(System.getProperty("mediamatch.libheif"))) {
                return null;
            }
            for (String name : new String[] {"libheif.so.1", "heif"}) {
                try {
                    return Native.load(name, Api.class);
                } catch (Throwable e) { // not under this name (or no JNA natives): try the next
                    // fall through
                }
            }
            return null;
        }
    }

    /** True when libheif could be loaded here. */
    static boolean available() {
        return Lib.API != null;
    }

    /** Decodes the primary image of a HEIF or AVIF file; refuses one above {@code maxPixels} before decoding. */
    static BufferedImage decode(byte[] data, String name, String format, long maxPixels) throws MediaException {
        Api api = Lib.API;
        if (api == null) {
            throw new MediaException(name, Kind.UNSUPPORTED_IMAGE, format + ": decoding it needs the system's libheif"
                    + " (Debian/Ubuntu: apt-get install libheif1), which is not installed");
        }
        Pointer ctx = api.heif_context_alloc();
        if (ctx == null) {
            throw new MediaException(name, Kind.TOO_LARGE, "not enough memory to read this " + format);
        }
        Pointer handle = null;
        Pointer image = null;
        try (Memory mem = new Memory(Math.max(1, data.length))) {
            mem.write(0, data, 0, data.length);
            check(api.heif_context_read_from_memory_without_copy(ctx, mem, data.length, null), name, format);
            PointerByReference h = new PointerByReference();
            check(api.heif_context_get_primary_image_handle(ctx, h), name, format);
            handle = h.getValue();
            long w = api.heif_image_handle_get_width(handle);
            long ht = api.heif_image_handle_get_height(handle);
            if (w <= 0 || ht <= 0) {
                throw new MediaException(name, Kind.CORRUPT, format + " with a " + w + "x" + ht + " primary image");
            }
            if (w * ht > maxPixels) {
                throw new MediaException(name, Kind.TOO_LARGE, format + " header claims " + w + "x" + ht + " = "
                        + w * ht + " pixels, above the limit of " + maxPixels + " pixels");
            }
            PointerByReference img = new PointerByReference();
            check(api.heif_decode_image(handle, img, COLORSPACE_YCBCR, CHROMA_420, null), name, format);
            image = img.getValue();
            return toRgb(api, image, name, format);
        } finally {
            if (image != null) {
                api.heif_image_release(image);
            }
            if (handle != null) {
                api.heif_image_handle_release(handle);
            }
            api.heif_context_free(ctx);
        }
    }

    private static BufferedImage toRgb(Api api, Pointer image, String name, String format) throws MediaException {
        int w = api.heif_image_get_width(image, CHANNEL_Y);
        int h = api.heif_image_get_height(image, CHANNEL_Y);
        int cw = api.heif_image_get_width(image, CHANNEL_CB);
        int ch = api.heif_image_get_height(image, CHANNEL_CB);
        if (w <= 0 || h <= 0 || cw < (w + 1) / 2 || ch < (h + 1) / 2
                || api.heif_image_get_width(image, CHANNEL_CR) != cw || api.heif_image_get_height(image, CHANNEL_CR) != ch) {
            throw new MediaException(name, Kind.CORRUPT, format + " decoded to unexpected planes (" + w + "x" + h
                    + " luma, " + cw + "x" + ch + " chroma)");
        }
        byte[] y = plane(api, image, CHANNEL_Y, w, h, name, format);
        byte[] cb = plane(api, image, CHANNEL_CB, cw, ch, name, format);
        byte[] cr = plane(api, image, CHANNEL_CR, cw, ch, name, format);
        BufferedImage out = PixelLayout.rgbImage(w, h);
        byte[] rgb = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int row = 0, o = 0; row < h; row++) {
            int yo = row * w;
            int co = (row >> 1) * cw;
            for (int x = 0; x < w; x++, o += 3) {
                double luma = QUANTUM_SCALE * (257 * (y[yo + x] & 0xFF));
                double pb = QUANTUM_SCALE * (257 * (cb[co + (x >> 1)] & 0xFF)) - 0.5;
                double pr = QUANTUM_SCALE * (257 * (cr[co + (x >> 1)] & 0xFF)) - 0.5;
                rgb[o] = toChar(QUANTUM_RANGE * (0.99999999999914679361 * luma - 1.2188941887145875e-06 * pb
                        + 1.4019995886561440468 * pr));
                rgb[o + 1] = toChar(QUANTUM_RANGE * (0.99999975910502514331 * luma - 0.34413567816504303521 * pb
                        - 0.71413649331646789076 * pr));
                rgb[o + 2] = toChar(QUANTUM_RANGE * (1.00000124040004623180 * luma + 1.77200006607230409200 * pb
                        + 2.1453384174593273e-06 * pr));
            }
        }
        return out;
    }

    private static final double QUANTUM_RANGE = 65535.0;
    private static final double QUANTUM_SCALE = 1.0 / QUANTUM_RANGE;

    /** ImageMagick's ClampToQuantum (16-bit, rounding) then ScaleQuantumToChar. */
    private static byte toChar(double v) {
        int q = v <= 0.0 ? 0 : v >= QUANTUM_RANGE ? 65535 : (int) (v + 0.5);
        return (byte) ((q + 128) / 257);
    }

    /** One plane as w x h 8-bit samples (rows packed); deeper samples scaled to 8 bits with rounding. */
    private static byte[] plane(Api api, Pointer image, int channel, int w, int h, String name, String format)
            throws MediaException {
        IntByReference stride = new IntByReference();
        Pointer p = api.heif_image_get_plane_readonly(image, channel, stride);
        int bits = api.heif_image_get_bits_per_pixel_range(image, channel);
        int bytesPerSample = bits > 8 ? 2 : 1;
        if (p == null || bits < 1 || bits > 16 || stride.getValue() < w * bytesPerSample) {
            throw new MediaException(name, Kind.CORRUPT, format + ": libheif returned no usable plane " + channel);
        }
        byte[] out = new byte[w * h];
        if (bytesPerSample == 1) {
            for (int row = 0; row < h; row++) {
                p.read((long) row * stride.getValue(), out, row * w, w);
            }
            return out;
        }
        int max = (1 << bits) - 1;
        short[] line = new short[w];
        for (int row = 0; row < h; row++) {
            p.read((long) row * stride.getValue(), line, 0, w);
            for (int x = 0; x < w; x++) {
                int v = Math.min(max, line[x] & 0xFFFF);
                out[row * w + x] = (byte) ((v * 255 + max / 2) / max);
            }
        }
        return out;
    }

    private static void check(HeifError e, String name, String format) throws MediaException {
        if (e.code == 0) {
            return;
        }
        String why = e.message == null || e.message.isEmpty() ? "libheif error " + e.code + "/" + e.subcode : e.message;
        Kind kind = switch (e.code) {
            case ERROR_INVALID_INPUT -> e.subcode == SUBERROR_END_OF_DATA ? Kind.TRUNCATED : Kind.CORRUPT;
            case ERROR_UNSUPPORTED_FILETYPE, ERROR_UNSUPPORTED_FEATURE -> Kind.UNSUPPORTED_IMAGE;
            case ERROR_MEMORY -> Kind.TOO_LARGE;
            default -> Kind.CORRUPT;
        };
        throw new MediaException(name, kind, format + " that libheif cannot decode (" + why + ")");
    }
}
