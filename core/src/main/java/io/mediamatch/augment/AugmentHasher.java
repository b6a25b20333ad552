package io.mediamatch.augment;

import io.mediamatch.pdq.PdqHasher;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Hashes the augmented views of an image from one luma plane: a crop is hashed in place as a region of the plane
 * (the same hash as {@code Pdq.hash(view.apply(image))}), a rotation is resampled bilinearly into a reused scratch
 * plane. Not thread-safe: owns its planes and a {@link PdqHasher}, reused across calls; use one per thread.
 */
public final class AugmentHasher {
    /** Scratch planes larger than this many floats (64 MB) are dropped after use rather than kept. */
    private static final int KEEP_FLOATS = 16 << 20;

    private final PdqHasher pdq = new PdqHasher();
    private float[] luma = new float[0];
    private float[] rotated = new float[0];

    /**
     * The hash of each view of {@code image}, in the order given. Views whose hash repeats an earlier one of this
     * call (a flat image) are still returned; callers storing them drop duplicates.
     */
    public List<ViewHash> hash(BufferedImage image, List<Augment> views) {
        List<ViewHash> out = new ArrayList<>(views.size());
        if (views.isEmpty()) {
            return out;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        luma = PdqHasher.luma(image, luma);
        for (Augment view : views) {
            if (view.isRotation()) {
                int[] size = Augment.Rotation.size(w, h, view.degrees(), view.croppedToFrame());
                int n = size[0] * size[1];
                if (rotated.length < n) {
                    rotated = new float[n];
                }
                Augment.Rotation.rotate(luma, w, h, view.degrees(), rotated, size[0], size[1]);
                out.add(new ViewHash(view, pdq.hashLuma(rotated, size[0], 0, 0, size[0], size[1])));
            } else {
                Rectangle r = view.region(w, h);
                out.add(new ViewHash(view, pdq.hashLuma(luma, w, r.x, r.y, r.width, r.height)));
            }
        }
        if (luma.length > KEEP_FLOATS) {
            luma = new float[0];
        }
        if (rotated.length > KEEP_FLOATS) {
            rotated = new float[0];
        }
        return out;
    }
}
