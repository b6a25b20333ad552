package io.mediamatch.pdq;

import com.google.common.base.Preconditions;

/**
 * A PDQ hash with its quality score (0..100; the reference recommends discarding hashes below 50).
 */
public record PdqHash(Hash256 hash, int quality) {
    public PdqHash {
        Preconditions.checkNotNull(hash, "hash");
        Preconditions.checkArgument(quality >= 0 && quality <= 100, "quality %s not in 0..100", quality);
    }

    /** {@code hash,quality} as the reference tools print it (without the path). */
    @Override
    public String toString() {
        return hash.toHex() + "," + quality;
    }
}
