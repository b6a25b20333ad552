package io.mediamatch.pdq;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The eight PDQ hashes of one image, one per {@link Orientation}, sharing one quality score. Immutable.
 */
public final class DihedralHashes {
    private final List<Hash256> hashes;
    private final int quality;

    /** @param hashes exactly 8 hashes in {@link Orientation} order */
    public DihedralHashes(List<Hash256> hashes, int quality) {
        Preconditions.checkArgument(hashes.size() == 8, "need 8 hashes, got %s", hashes.size());
        Preconditions.checkArgument(quality >= 0 && quality <= 100, "quality %s not in 0..100", quality);
        this.hashes = List.copyOf(hashes);
        this.quality = quality;
    }

    public Hash256 get(Orientation o) {
        return hashes.get(o.ordinal());
    }

    /** All 8 hashes in {@link Orientation} order. */
    public List<Hash256> all() {
        return hashes;
    }

    public int quality() {
        return quality;
    }

    /** The hash of the image as stored, with the quality. */
    public PdqHash original() {
        return new PdqHash(hashes.get(0), quality);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DihedralHashes d && d.quality == quality && d.hashes.equals(hashes);
    }

    @Override
    public int hashCode() {
        return hashes.hashCode() * 31 + quality;
    }

    @Override
    public String toString() {
        return "DihedralHashes" + hashes + ",q=" + quality;
    }
}
