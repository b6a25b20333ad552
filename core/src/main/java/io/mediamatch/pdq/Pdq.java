package io.mediamatch.pdq;

import java.awt.image.BufferedImage;

/**
 * Thread-safe static entry points for PDQ hashing; each thread reuses its own {@link PdqHasher}.
 */
public final class Pdq {
    private static final ThreadLocal<PdqHasher> HASHER = ThreadLocal.withInitial(PdqHasher::new);

    private Pdq() {}

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
