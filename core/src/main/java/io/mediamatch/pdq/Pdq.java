package io.mediamatch.pdq;

import io.mediamatch.MediaException;
import io.mediamatch.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Thread-safe static entry points for PDQ hashing; each thread reuses its own {@link PdqHasher}.
 */
public final class Pdq {
    private static final ThreadLocal<PdqHasher> HASHER = ThreadLocal.withInitial(PdqHasher::new);

    private Pdq() {}

    /**
     * Decodes an image file with {@link ImageDecoder#defaults()} (stored orientation, 100-megapixel limit) and hashes
     * it, as the reference tools do.
     *
     * @throws MediaException naming the file when it cannot be read or decoded
     */
    public static PdqHash hash(Path file) throws MediaException {
        return HASHER.get().hash(file, ImageDecoder.defaults());
    }

    /**
     * Decodes an encoded image (JPEG, PNG, GIF, BMP, WebP, TIFF bytes) and hashes it.
     *
     * @throws MediaException when the bytes cannot be decoded (the name in the message is {@code "<bytes>"})
     */
    public static PdqHash hash(byte[] encoded) throws MediaException {
        return HASHER.get().hash(encoded, "<bytes>", ImageDecoder.defaults());
    }

    /**
     * The 8 dihedral hashes of an image file decoded with {@link ImageDecoder#defaults()}.
     *
     * @throws MediaException naming the file when it cannot be read or decoded
     */
    public static DihedralHashes hashDihedral(Path file) throws MediaException {
        return HASHER.get().hashDihedral(file, ImageDecoder.defaults());
    }

    /** PDQ hash and quality of the image's stored pixel values. */
    public static PdqHash hash(BufferedImage image) {
        return HASHER.get().hash(image);
    }

    /** The 8 dihedral hashes of the image. */
    public static DihedralHashes hashDihedral(BufferedImage image) {
        return HASHER.get().hashDihedral(image);
    }

    /** PDQ hash of packed RGB24 pixels; see {@link PdqHasher#hashRgb(byte[], int, int, int)}. */
    public static PdqHash hashRgb(byte[] rgb, int width, int height, int rowStride) {
        return HASHER.get().hashRgb(rgb, width, height, rowStride);
    }
}
