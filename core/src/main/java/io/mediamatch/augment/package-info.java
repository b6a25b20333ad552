/**
 * Augmented banking: extra PDQ hashes of derived views of media a platform banks itself (crops from the centre,
 * sides and corners, small rotations), stored beside the plain hash on the same content item so that re-uploads
 * that are crops or slight rotations still match. Entry points: {@link io.mediamatch.augment.Augment} (a named
 * view, immutable) and {@link io.mediamatch.augment.AugmentHasher} (hashes views; one per thread).
 */
package io.mediamatch.augment;
