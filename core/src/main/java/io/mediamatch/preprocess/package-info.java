/**
 * Optional clean-ups of a query image (unletterbox, unframe), each an extra view hashed beside the image as it
 * is; they never change the plain hash, which is what shared databases hold. Entry point:
 * {@link io.mediamatch.preprocess.Preprocess} (an enum; thread-safe).
 */
package io.mediamatch.preprocess;
