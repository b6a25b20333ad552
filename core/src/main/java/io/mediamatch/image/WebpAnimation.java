package io.mediamatch.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The frames of an animated WebP as a viewer shows them, one after the other, equal to libwebp's
 * {@code WebPAnimDecoder}: each ANMF frame decoded (lossy colours by {@code WebpLossyDecoder}, as libwebp; alpha
 * planes and lossless frames by TwelveMonkeys' reader), placed at its offset on the canvas, alpha-blended over it or
 * copied as its blending bit says, and its rectangle cleared to transparent afterwards when its disposal bit says so
 * (the background colour is ignored, as libwebp does by default). Alpha is then dropped, as for still images. Not
 * thread-safe; {@link #next} reuses one canvas.
 */
public final class WebpAnimation implements AutoCloseable {
    private static final int ANMF = 0x414E4D46;
    private static final int VP8 = 0x56503820;
    private static final int VP8L = 0x5650384C;
    private static final int ALPH = 0x414C5048;

    private final String name;
    private final int width;
    private final int height;
    private final int[] chunks;
    private final byte[] data;
    private final int[] canvas;
    private final byte[] rgb;
    private final ImageReader reader;
    private final ImageInputStream in;
    private int index = -1;
    private long startMillis;
    private long nextStartMillis;
    private int[] dispose; // x, y, w, h of the last frame when it is disposed to background, else null

    private WebpAnimation(byte[] data, String name, int width, int height, int[] chunks) throws IOException {
        this.data = data;
        this.name = name;
        this.width = width;
        this.height = height;
        this.chunks = chunks;
        this.canvas = new int[width * height];
        this.rgb = new byte[3 * width * height];
        this.reader = ImageDecoder.Readers.WEBP.createReaderInstance();
        this.in = new ByteArrayImageInputStream(data);
        reader.setInput(in, false, true);
    }

    /**
     * Opens an animated WebP held in memory.
     *
     * @throws MediaException (naming {@code name}) when it is not an animated WebP, its structure is broken, or its
     *     canvas is above {@code maxPixels}
     */
    public static WebpAnimation open(byte[] data, String name, long maxPixels) throws MediaException {
        WebpStructure.check(data, name);
        if (!(data.length >= 30 && WebpStructure.isAnimated(data))) {
            throw new MediaException(name, Kind.UNSUPPORTED_FORMAT, "not an animated WebP");
        }
        int w = WebpStructure.le24(data, 24) + 1;
        int h = WebpStructure.le24(data, 27) + 1;
        if ((long) w * h > maxPixels) {
            throw new MediaException(name, Kind.TOO_LARGE, "WebP animation canvas " + w + "x" + h + " = "
                    + (long) w * h + " pixels, above the limit of " + maxPixels + " pixels");
        }
        int[] chunks = frameChunks(data);
        if (chunks.length == 0) {
            throw new MediaException(name, Kind.CORRUPT, "WebP animation holds no ANMF frame");
        }
        for (int i = 0; i < chunks.length; i++) {
            int b = chunks[i];
            long x = 2L * WebpStructure.le24(data, b);
            long y = 2L * WebpStructure.le24(data, b + 3);
            long fw = WebpStructure.le24(data, b + 6) + 1L;
            long fh = WebpStructure.le24(data, b + 9) + 1L;
            if (x + fw > w || y + fh > h) {
                throw new MediaException(name, Kind.CORRUPT, "WebP animation frame " + (i + 1) + " (" + fw + "x" + fh
                        + " at " + x + "," + y + ") lies outside the " + w + "x" + h + " canvas");
            }
        }
        try {
            return new WebpAnimation(data, name, w, h, chunks);
        } catch (OutOfMemoryError e) {
            throw new MediaException(name, Kind.TOO_LARGE, "not enough memory for a " + w + "x" + h + " canvas");
        } catch (IOException e) {
            throw new MediaException(name, Kind.CORRUPT, "WebP animation does not open: " + e.getMessage(), e);
        }
    }

    /** Body offsets of the ANMF chunks of a WebP whose RIFF structure has been checked, in file order. */
    static int[] frameChunks(byte[] d) {
        int end = (int) Math.min(d.length, WebpStructure.le32(d, 4) + 8);
        int[] out = new int[16];
        int n = 0;
        for (int pos = 12; pos + 8 <= end; ) {
            long size = WebpStructure.le32(d, pos + 4);
            if (WebpStructure.be32(d, pos) == ANMF && size >= 16) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = pos + 8;
            }
            long next = pos + 8 + size + (size & 1);
            if (next > end) {
                break; // a chunk running past its container: nothing after it to read
            }
            pos = (int) next;
        }
        return Arrays.copyOf(out, n);
    }

    /** Canvas width. */
    public int width() {
        return width;
    }

    /** Canvas height. */
    public int height() {
        return height;
    }

    /** Frames the file holds. */
    public int frames() {
        return chunks.length;
    }

    /**
     * Composites the next frame onto the canvas; false after the last.
     *
     * @throws MediaException when a frame does not decode or does not have the size its header gives
     */
    public boolean next() throws MediaException {
        if (index + 1 >= chunks.length) {
            return false;
        }
        index++;
        if (dispose != null) {
            for (int y = dispose[1]; y < dispose[1] + dispose[3]; y++) {
                Arrays.fill(canvas, y * width + dispose[0], y * width + dispose[0] + dispose[2], 0);
            }
            dispose = null;
        }
        int b = chunks[index];
        int x0 = 2 * WebpStructure.le24(data, b);
        int y0 = 2 * WebpStructure.le24(data, b + 3);
        int fw = WebpStructure.le24(data, b + 6) + 1;
        int fh = WebpStructure.le24(data, b + 9) + 1;
        int flags = data[b + 15];
        boolean blend = (flags & 0x02) == 0;
        // a lossy frame's colours as libwebp decodes them (WebpLossyDecoder); its ALPH plane, and lossless frames
        // whole, from TwelveMonkeys
        byte[] lossy = lossyFrame(data, b, name, index); // its size checked before any decoder allocates for it
        BufferedImage colours = lossy == null ? null : WebpLossyDecoder.decode(lossy);
        BufferedImage frame = colours != null && !hasAlpha(data, b) ? null : read(index);
        checkSize(colours != null ? colours : frame, fw, fh);
        if (colours != null && frame != null) {
            checkSize(frame, fw, fh);
        }
        int[] row = new int[fw];
        int[] alpha = frame != null && colours != null ? new int[fw] : null;
        for (int y = 0; y < fh; y++) {
            if (colours == null) {
                frame.getRGB(0, y, fw, 1, row, 0, fw);
            } else {
                colours.getRGB(0, y, fw, 1, row, 0, fw);
                if (alpha != null) {
                    frame.getRGB(0, y, fw, 1, alpha, 0, fw);
                }
                for (int x = 0; x < fw; x++) {
                    row[x] = (alpha == null ? 0xFF000000 : alpha[x] & 0xFF000000) | (row[x] & 0xFFFFFF);
                }
            }
            int at = (y0 + y) * width + x0;
            for (int x = 0; x < fw; x++) {
                canvas[at + x] = blend ? over(row[x], canvas[at + x]) : row[x];
            }
        }
        if ((flags & 0x01) != 0) {
            dispose = new int[] {x0, y0, fw, fh};
        }
        startMillis = nextStartMillis;
        nextStartMillis += WebpStructure.le24(data, b + 12);
        return true;
    }

    private BufferedImage read(int i) throws MediaException {
        try {
            return reader.read(i);
        } catch (IOException | RuntimeException e) {
            throw new MediaException(name, Kind.CORRUPT, "WebP animation frame " + (i + 1) + " does not decode ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    private void checkSize(BufferedImage frame, int fw, int fh) throws MediaException {
        if (frame.getWidth() != fw || frame.getHeight() != fh) {
            throw new MediaException(name, Kind.CORRUPT, "WebP animation frame " + (index + 1) + " decodes to "
                    + frame.getWidth() + "x" + frame.getHeight() + ", its header says " + fw + "x" + fh);
        }
    }

    /**
     * The lossy frame of the ANMF chunk whose body starts at {@code b}, as a simple WebP file (its VP8 chunk in a
     * RIFF header), or null when that frame is lossless or holds no VP8 chunk. First the frame's VP8 or VP8L data
     * must give the size its ANMF header gives (a size within the checked canvas): a decoder would otherwise
     * allocate for the bitstream's own size, up to 16384 x 16384.
     *
     * @throws MediaException (naming {@code name} and the frame, counted from 0 in {@code frame}) CORRUPT for another
     *     size, TRUNCATED when the data ends inside its header
     */
    static byte[] lossyFrame(byte[] d, int b, String name, int frame) throws MediaException {
        int end = (int) Math.min(d.length, b + WebpStructure.le32(d, b - 4));
        for (int pos = b + 16; pos + 8 <= end; ) {
            long size = WebpStructure.le32(d, pos + 4);
            int type = WebpStructure.be32(d, pos);
            int at = pos + 8;
            if (type == VP8 || type == VP8L) {
                boolean lossless = type == VP8L;
                if (size < (lossless ? 5 : 10) || at + (lossless ? 5 : 10) > end) {
                    throw new MediaException(name, Kind.TRUNCATED, "WebP animation frame " + (frame + 1)
                            + " ends inside its bitstream header");
                }
                long dims = lossless ? WebpStructure.vp8lSize(d, at) : WebpStructure.vp8Size(d, at);
                int fw = WebpStructure.le24(d, b + 6) + 1;
                int fh = WebpStructure.le24(d, b + 9) + 1;
                if (dims != ((long) fw << 32 | fh)) {
                    throw new MediaException(name, Kind.CORRUPT, "WebP animation frame " + (frame + 1) + " holds "
                            + (dims >>> 32) + "x" + (dims & 0xFFFFFFFFL) + " image data, its frame header says " + fw
                            + "x" + fh);
                }
                if (lossless || at + size > end) {
                    return null;
                }
                int n = (int) size + (int) (size & 1);
                byte[] out = new byte[12 + 8 + n];
                System.arraycopy("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, out, 0, 4);
                putLe32(out, 4, out.length - 8);
                System.arraycopy("WEBP".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, out, 8, 4);
                System.arraycopy(d, pos, out, 12, (int) Math.min(8 + n, end - pos));
                return out;
            }
            long next = pos + 8 + size + (size & 1);
            if (next > end) {
                break; // a chunk running past its container: nothing after it to read
            }
            pos = (int) next;
        }
        return null;
    }

    /** True when the ANMF chunk at body {@code b} holds an ALPH chunk (its lossy frame has an alpha plane). */
    private static boolean hasAlpha(byte[] d, int b) {
        return b + 20 <= d.length && WebpStructure.be32(d, b + 16) == ALPH;
    }

    private static void putLe32(byte[] d, int p, int v) {
        d[p] = (byte) v;
        d[p + 1] = (byte) (v >>> 8);
        d[p + 2] = (byte) (v >>> 16);
        d[p + 3] = (byte) (v >>> 24);
    }

    /** When the current frame is shown, in seconds from the start (the sum of the earlier frames' durations). */
    public double timestampSeconds() {
        return startMillis / 1000.0;
    }

    /** The canvas after {@link #next}, alpha dropped: packed R, G, B bytes, {@code 3 * width()} per row. */
    public byte[] rgb() {
        for (int i = 0, o = 0; i < canvas.length; i++, o += 3) {
            int p = canvas[i];
            rgb[o] = (byte) (p >>> 16);
            rgb[o + 1] = (byte) (p >>> 8);
            rgb[o + 2] = (byte) p;
        }
        return rgb;
    }

    /** Non-premultiplied ARGB {@code src} over {@code dst}, in libwebp's integer arithmetic. */
    private static int over(int src, int dst) {
        int sa = src >>> 24;
        if (sa == 255) {
            return src;
        }
        if (sa == 0) {
            return dst;
        }
        int da = (dst >>> 24) * (256 - sa) >> 8;
        int a = sa + da;
        int scale = (1 << 24) / a;
        int r = blend(src >>> 16 & 255, sa, dst >>> 16 & 255, da, scale);
        int g = blend(src >>> 8 & 255, sa, dst >>> 8 & 255, da, scale);
        int bl = blend(src & 255, sa, dst & 255, da, scale);
        return a << 24 | r << 16 | g << 8 | bl;
    }

    private static int blend(int s, int sa, int d, int da, int scale) {
        return (int) ((long) (s * sa + d * da) * scale >>> 24);
    }

    @Override
    public void close() {
        reader.dispose();
        try {
            in.close();
        } catch (IOException e) {
            // a byte array: nothing to release
        }
    }
}
