package io.mediamatch.augment;

import io.mediamatch.pdq.PdqHash;
import java.util.Objects;

/**
 * The PDQ hash of one augmented view of an image.
 *
 * @param view the view it is of
 * @param hash its hash and quality
 */
public record ViewHash(Augment view, PdqHash hash) {
    public ViewHash {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(hash, "hash");
    }
}
