package io.mediamatch.pdq;

import com.google.common.base.Preconditions;
import io.mediamatch.MediaException;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.image.PixelSink;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes PDQ hashes exactly as Meta's reference does at full resolution (float luma, two-pass Jarosz tent
 * blur, 64x64 decimation, 16x16 DCT, median threshold, quality metric).
 *
 * <p>Not thread-safe: an instance owns its scratch buffers (a few dozen rows and a rows x 64 plane, sized for the
 * largest image seen and released when they exceed 16 MB) and reuses them, so a hot loop allocates nothing but the
 * result. Use one per thread, or the static {@link Pdq} conveniences. Images under 5 pixels in either dimension
 * hash to {@link Hash256#ZERO} with quality 0.
 */
public final class PdqHasher {
    static final int MIN_HASHABLE_DIM = 5;
    private static final long KEEP_SCRATCH_FLOATS = 4 << 20;

    private final JaroszBlur blur = new JaroszBlur();
    private final float[] b64 = new float[64 * 64];
    private final float[] row64 = new float[64];
    private final float[] t16x64 = new float[16 * 64];
    private final float[] b16 = new float[256];
    private final float[] aux16 = new float[256];
    private final float[] sortScratch = new float[256];
    private final long[] words = new long[4];

    /** Hash of the image's stored pixel values (grey images by their grey value; alpha ignored). */
    public PdqHash hash(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ensure(w, h);
        return finish(Luma.of(image), w, h);
    }

    /**
     * Decodes the file with {@code decoder} and hashes it, handing native JPEG samples straight to the hash where
     * the decoder can (see {@link ImageDecoder#decode(Path, PixelSink)}): the same hash as
     * {@code hash(decoder.decode(file))}, one pixel copy cheaper.
     *
     * @throws MediaException naming the file when it cannot be read or decoded
     */
    public PdqHash hash(Path file, ImageDecoder decoder) throws MediaException {
        return decoder.decode(file, hashSink);
    }

    /**
     * The 8 dihedral hashes of a file decoded with {@code decoder}; see {@link #hash(Path, ImageDecoder)}.
     *
     * @throws MediaException naming the file when it cannot be read or decoded
     */
    public DihedralHashes hashDihedral(Path file, ImageDecoder decoder) throws MediaException {
        return decoder.decode(file, dihedralSink);
    }

    /**
     * {@link #hash(Path, ImageDecoder)} for an encoded image held in memory (an upload); {@code name} appears in
     * errors only.
     *
     * @throws MediaException naming {@code name} when the bytes cannot be decoded
     */
    public PdqHash hash(byte[] encoded, String name, ImageDecoder decoder) throws MediaException {
        return decoder.decode(encoded, name, hashSink);
    }

    private final PixelSink<PdqHash> hashSink = new PixelSink<>() {
        @Override
        public PdqHash pixels(ByteBuffer samples, int width, int height, int channels) {
            return hash(samples, width, height, channels, width * channels);
        }

        @Override
        public PdqHash image(BufferedImage image) {
            return hash(image);
        }
    };

    private final PixelSink<DihedralHashes> dihedralSink = new PixelSink<>() {
        @Override
        public DihedralHashes pixels(ByteBuffer samples, int width, int height, int channels) {
            return hashDihedral(samples, width, height, channels, width * channels);
        }

        @Override
        public DihedralHashes image(BufferedImage image) {
            return hashDihedral(image);
        }
    };

    /** The 8 dihedral hashes of the image from one pass. */
    public DihedralHashes hashDihedral(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ensure(w, h);
        return finishDihedral(Luma.of(image), w, h);
    }

    /**
     * Hash of packed RGB24 pixels ({@code rgb[y*rowStride + 3*x + c]}, c = R,G,B), e.g. a decoded video frame.
     */
    public PdqHash hashRgb(byte[] rgb, int width, int height, int rowStride) {
        checkPacked(rgb.length, width, height, rowStride, 3);
        ensure(width, height);
        return finish(Luma.ofRgb(rgb, width, rowStride), width, height);
    }

    /**
     * Allocation-free form of {@link #hashRgb(byte[], int, int, int)}: writes the hash's four words (most
     * significant first, see {@link Hash256#fromWords}) to {@code out[offset..offset+4)} and returns the quality.
     */
    public int hashRgb(byte[] rgb, int width, int height, int rowStride, long[] out, int offset) {
        checkPacked(rgb.length, width, height, rowStride, 3);
        ensure(width, height);
        return hashInto(Luma.ofRgb(rgb, width, rowStride), width, height, out, offset);
    }

    /** The 8 dihedral hashes of packed RGB24 pixels. */
    public DihedralHashes hashRgbDihedral(byte[] rgb, int width, int height, int rowStride) {
        checkPacked(rgb.length, width, height, rowStride, 3);
        ensure(width, height);
        return finishDihedral(Luma.ofRgb(rgb, width, rowStride), width, height);
    }

    /**
     * Hash of packed 8-bit pixels in a buffer, heap or direct (such as the native memory a decoder hands to
     * {@link io.mediamatch.image.PixelSink}): {@code channels} 3 for R,G,B or 1 for grey; row y starts at absolute
     * index {@code y*rowStride}. The buffer's position, limit and contents are not changed.
     */
    public PdqHash hash(ByteBuffer pixels, int width, int height, int channels, int rowStride) {
        Luma.Rows src = packed(pixels, width, height, channels, rowStride);
        ensure(width, height);
        return finish(src, width, height);
    }

    /** The 8 dihedral hashes of packed 8-bit pixels in a buffer; see {@link #hash(ByteBuffer, int, int, int, int)}. */
    public DihedralHashes hashDihedral(ByteBuffer pixels, int width, int height, int channels, int rowStride) {
        Luma.Rows src = packed(pixels, width, height, channels, rowStride);
        ensure(width, height);
        return finishDihedral(src, width, height);
    }

    private static Luma.Rows packed(ByteBuffer px, int w, int h, int channels, int stride) {
        Preconditions.checkArgument(channels == 1 || channels == 3, "channels must be 1 or 3, got %s", channels);
        checkPacked(px.limit(), w, h, stride, channels);
        return channels == 3 ? Luma.ofRgb(px, w, stride) : Luma.ofGrey(px, w, stride);
    }

    /** Hash of 8-bit grey pixels ({@code grey[y*rowStride + x]}). */
    public PdqHash hashGrey(byte[] grey, int width, int height, int rowStride) {
        checkPacked(grey.length, width, height, rowStride, 1);
        ensure(width, height);
        return finish(Luma.ofGrey(grey, width, rowStride), width, height);
    }

    /** Hash of a float luma plane ({@code luma[y*width + x]}, values 0..255); the array is not modified. */
    public PdqHash hashLuma(float[] luma, int width, int height) {
        checkLuma(luma, width, height);
        ensure(width, height);
        return finish(Luma.ofFloat(luma, width), width, height);
    }

    /**
     * Hash of the {@code w x h} region at ({@code x}, {@code y}) of a float luma plane with rows of {@code stride}
     * floats ({@code luma[row*stride + col]}): equal to hashing that crop of the image, without copying it.
     */
    public PdqHash hashLuma(float[] luma, int stride, int x, int y, int w, int h) {
        Preconditions.checkArgument(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= stride,
                "region %sx%s at %s,%s outside rows of %s", w, h, x, y, stride);
        Preconditions.checkArgument((long) (y + h - 1) * stride + x + w <= luma.length,
                "region %sx%s at %s,%s outside the %s-float plane", w, h, x, y, luma.length);
        ensure(w, h);
        int base = y * stride + x;
        return finish((row, dst) -> System.arraycopy(luma, base + row * stride, dst, 0, w), w, h);
    }

    /**
     * The float luma of the image's stored pixels, as {@link #hash(BufferedImage)} computes it, row-major in
     * {@code dst[0..width*height)}; {@code dst} itself when large enough, else a new array. Reuse it across calls.
     */
    public static float[] luma(BufferedImage image, float[] dst) {
        int w = image.getWidth();
        int h = image.getHeight();
        Preconditions.checkArgument((long) w * h <= Integer.MAX_VALUE - 8, "image of %sx%s pixels is too large", w, h);
        float[] out = dst != null && dst.length >= w * h ? dst : new float[w * h];
        Luma.Rows rows = Luma.of(image);
        float[] row = new float[w];
        for (int y = 0; y < h; y++) {
            rows.row(y, row);
            System.arraycopy(row, 0, out, y * w, w);
        }
        return out;
    }

    /** The 8 dihedral hashes of a float luma plane; the array is not modified. */
    public DihedralHashes hashLumaDihedral(float[] luma, int width, int height) {
        checkLuma(luma, width, height);
        ensure(width, height);
        return finishDihedral(Luma.ofFloat(luma, width), width, height);
    }

    /**
     * PDQ-float ("PDQF") feature of packed RGB24 pixels: the 256 DCT coefficients before thresholding, row-major
     * 16x16, written to {@code out256}. This is the frame feature TMK+PDQF uses. Returns the quality (0..100).
     * Images under 5 pixels in a dimension give all zeros and quality 0.
     */
    public int pdqFloatRgb(byte[] rgb, int width, int height, int rowStride, float[] out256) {
        checkPacked(rgb.length, width, height, rowStride, 3);
        Preconditions.checkArgument(out256.length >= 256, "out256 needs 256 floats");
        ensure(width, height);
        if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) {
            java.util.Arrays.fill(out256, 0, 256, 0f);
            return 0;
        }
        int q = pdqFloat(Luma.ofRgb(rgb, width, rowStride), width, height, true);
        System.arraycopy(b16, 0, out256, 0, 256);
        release();
        return q;
    }

    private PdqHash finish(Luma.Rows src, int w, int h) {
        int q = hashInto(src, w, h, words, 0);
        return new PdqHash(Hash256.fromWords(words, 0), q);
    }

    private int hashInto(Luma.Rows src, int w, int h, long[] out, int offset) {
        if (w < MIN_HASHABLE_DIM || h < MIN_HASHABLE_DIM) {
            out[offset] = out[offset + 1] = out[offset + 2] = out[offset + 3] = 0;
            return 0;
        }
        int q = pdqFloat(src, w, h, true);
        Dct16.toBits(b16, sortScratch, out, offset);
        release();
        return q;
    }

    private DihedralHashes finishDihedral(Luma.Rows src, int w, int h) {
        List<Hash256> hashes = new ArrayList<>(8);
        if (w < MIN_HASHABLE_DIM || h < MIN_HASHABLE_DIM) {
            for (int i = 0; i < 8; i++) {
                hashes.add(Hash256.ZERO);
            }
            return new DihedralHashes(hashes, 0);
        }
        // The reference's dihedral entry point always blurs, even a 64x64 input.
        int q = pdqFloat(src, w, h, false);
        for (Orientation o : Orientation.values()) {
            Dct16.orient(o, b16, aux16);
            Dct16.toBits(aux16, sortScratch, words, 0);
            hashes.add(Hash256.fromWords(words, 0));
        }
        release();
        return new DihedralHashes(hashes, q);
    }

    /** Leaves the 16x16 coefficients of the luma from {@code src} in b16 and returns the quality. */
    private int pdqFloat(Luma.Rows src, int w, int h, boolean skipBlurAt64) {
        if (skipBlurAt64 && w == 64 && h == 64) {
            for (int y = 0; y < 64; y++) {
                src.row(y, row64);
                System.arraycopy(row64, 0, b64, y * 64, 64);
            }
        } else {
            blur.blurAndDecimate(src, h, w, b64);
        }
        int q = Dct16.quality(b64);
        Dct16.dct64To16(b64, t16x64, b16);
        return q;
    }

    private void ensure(int w, int h) {
        Preconditions.checkArgument(w > 0 && h > 0, "image size %sx%s", w, h);
        long n = (long) w * h;
        Preconditions.checkArgument(n <= Integer.MAX_VALUE - 8, "image of %sx%s pixels is too large to hash", w, h);
    }

    private void release() {
        if (blur.scratchFloats() > KEEP_SCRATCH_FLOATS) {
            blur.release();
        }
    }

    /** Rows of {@code stride} bytes holding {@code w} pixels of {@code channels} bytes fit in {@code length}. */
    private static void checkPacked(int length, int w, int h, int stride, int channels) {
        Preconditions.checkArgument(w > 0 && h > 0, "image size %sx%s", w, h);
        Preconditions.checkArgument(stride >= w * channels, "row stride %s < %s", stride, w * channels);
        Preconditions.checkArgument((long) stride * (h - 1) + (long) w * channels <= length,
                "%s bytes of pixels too small for %sx%s with stride %s", length, w, h, stride);
    }

    private static void checkLuma(float[] luma, int w, int h) {
        Preconditions.checkArgument(w > 0 && h > 0, "image size %sx%s", w, h);
        Preconditions.checkArgument((long) w * h <= luma.length, "luma array too small for %sx%s", w, h);
    }
}
