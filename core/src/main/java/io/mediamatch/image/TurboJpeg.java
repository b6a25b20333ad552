package io.mediamatch.image;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;

/**
 * Grey and YCbCr JPEGs (baseline or progressive) through the system's libturbojpeg, called with JNA. It is the
 * libjpeg-turbo that Debian's JDK links its ImageIO reader against, used with the same settings (accurate integer
 * IDCT, fancy upsampling), so it gives the JDK reader's samples. It skips ImageIO's per-row copies and callbacks
 * and renders progressive files once instead of once per scan.
 *
 * <p>Only headers whose colour space no reader can read differently are taken ({@link JpegHeader#greyOrPlainYcc}).
 * Any error or libjpeg warning (corrupt or truncated data) returns null, so the caller decodes with the JDK reader,
 * which words the error; TurboJPEG keeps libjpeg's messages to itself. {@link #AVAILABLE} is false when the
 * library is missing (install {@code libturbojpeg0}) or the system property {@code mediamatch.turbojpeg} is
 * {@code false}. Thread-safe: each thread has its own decompressor and native buffers (kept up to 64 MiB).
 */
final class TurboJpeg {
    static final boolean AVAILABLE;
    private static final Api API;

    private static final int TJPF_RGB = 0;
    private static final int TJPF_GRAY = 6;
    private static final int TJCS_YCBCR = 1;
    private static final int TJCS_GRAY = 2;
    private static final int TJFLAG_ACCURATEDCT = 4096;
    /** Native buffers up to this size stay with their thread for the next image. */
    private static final long KEEP_BYTES = 64L << 20;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<Decompressor> DECOMPRESSOR = ThreadLocal.withInitial(Decompressor::new);

    static {
        Api api = null;
        if (!"false".equalsIgnoreCase(System.getProperty("mediamatch.turbojpeg"))) {
            // The soname first: dlopen finds it at once, where a bare name makes JNA run `ldconfig -p` (~10 ms)
            for (String name : new String[] {"libturbojpeg.so.0", "turbojpeg"}) {
                try {
                    api = Native.load(name, Api.class);
                    break;
                } catch (Throwable e) { // not under this name (or no JNA natives): try the next, else other readers decode
                    api = null;
                }
            }
        }
        API = api;
        AVAILABLE = api != null;
    }

    /** The TurboJPEG 2.x functions used (turbojpeg.h). */
    interface Api extends Library {
        Pointer tjInitDecompress();

        int tjDecompressHeader3(Pointer handle, Pointer jpeg, NativeLong size, int[] width, int[] height,
                int[] subsampling, int[] colorspace);

        int tjDecompress2(Pointer handle, Pointer jpeg, NativeLong size, Pointer dst, int width, int pitch,
                int height, int pixelFormat, int flags);

        int tjDestroy(Pointer handle);
    }

    private TurboJpeg() {}

    /**
     * The decoded image (TYPE_BYTE_GRAY, or R, G, B bytes as {@link PixelLayout#rgbImage}), or null when this
     * decoder is unavailable, does not take the header, or libjpeg reports an error or a warning.
     */
    static BufferedImage decode(byte[] data, JpegHeader h) {
        ByteBuffer px = decodeToBuffer(data, h);
        if (px == null) {
            return null;
        }
        try {
            BufferedImage img = h.components == 1 ? new BufferedImage(h.width, h.height, BufferedImage.TYPE_BYTE_GRAY)
                    : PixelLayout.rgbImage(h.width, h.height);
            byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            px.get(0, dst);
            return img;
        } finally {
            done();
        }
    }

    /**
     * Decodes into this thread's native buffer and returns a view of it ({@code h.components} bytes per pixel, rows
     * of {@code h.width} pixels), or null as {@link #decode}. A non-null result must be followed by {@link #done()}
     * on this thread before the next call; a call before that (a nested decode) returns null.
     */
    static ByteBuffer decodeToBuffer(byte[] data, JpegHeader h) {
        if (!AVAILABLE || !h.greyOrPlainYcc()) {
            return null;
        }
        long bytes = (long) h.width * h.height * h.components;
        if (bytes > Integer.MAX_VALUE - 16) {
            return null; // larger than one Java array: the JDK reader refuses it in its own words
        }
        return DECOMPRESSOR.get().decode(data, h, (int) bytes);
    }

    /** Ends the use of the buffer {@link #decodeToBuffer} returned; drops it if it is larger than the keep size. */
    static void done() {
        DECOMPRESSOR.get().done();
    }

    /** One thread's TurboJPEG handle and native buffers. */
    private static final class Decompressor {
        /** The TurboJPEG handle, in an array the cleaner shares: it is replaced after any failed decode. */
        private final Pointer[] handle = new Pointer[1];
        private Memory in;
        private Memory out;
        private boolean busy;

        Decompressor() {
            handle[0] = newHandle();
            Pointer[] h = handle;
            CLEANER.register(this, () -> API.tjDestroy(h[0]));
        }

        private static Pointer newHandle() {
            Pointer p = API.tjInitDecompress();
            if (p == null) {
                throw new OutOfMemoryError("tjInitDecompress failed");
            }
            return p;
        }

        /**
         * A fresh handle after a failure: libturbojpeg 2.x does not reset its decompressor after an error in a
         * header, so every later file on that handle would fail too (a test pins this).
         */
        private void renew() {
            Pointer old = handle[0];
            handle[0] = newHandle();
            API.tjDestroy(old);
        }

        ByteBuffer decode(byte[] data, JpegHeader h, int bytes) {
            if (busy) {
                return null;
            }
            boolean ok = false;
            try {
                in = ensure(in, data.length);
                in.write(0, data, 0, data.length);
                NativeLong size = new NativeLong(data.length);
                int[] w = new int[1];
                int[] ht = new int[1];
                int[] ss = new int[1];
                int[] cs = new int[1];
                if (API.tjDecompressHeader3(handle[0], in, size, w, ht, ss, cs) != 0 || w[0] != h.width
                        || ht[0] != h.height || cs[0] != (h.components == 1 ? TJCS_GRAY : TJCS_YCBCR)) {
                    return null;
                }
                out = ensure(out, bytes);
                int channels = h.components;
                if (API.tjDecompress2(handle[0], in, size, out, h.width, h.width * channels, h.height,
                        channels == 1 ? TJPF_GRAY : TJPF_RGB, TJFLAG_ACCURATEDCT) != 0) {
                    return null; // error or warning
                }
                ok = true;
                busy = true;
                return out.getByteBuffer(0, bytes);
            } catch (OutOfMemoryError e) {
                return null; // no native memory for the buffers: the JDK reader tries, and words it
            } finally {
                if (!ok) {
                    renew();
                    done();
                }
            }
        }

        void done() {
            busy = false;
            in = keep(in);
            out = keep(out);
        }

        private static Memory ensure(Memory m, long size) {
            if (m != null && m.size() >= size) {
                return m;
            }
            if (m != null) {
                m.close();
            }
            return new Memory(Math.max(size, 1 << 16));
        }

        private static Memory keep(Memory m) {
            if (m != null && m.size() > KEEP_BYTES) {
                m.close();
                return null;
            }
            return m;
        }
    }
}
