package io.mediamatch.image;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;

/**
 * Receives one decoded image from {@link ImageDecoder#decode(byte[], String, PixelSink)}: packed 8-bit samples in
 * memory the decoder owns and reuses (valid only during the call), or, for every other input, a {@link BufferedImage}.
 */
public interface PixelSink<T> {
    /**
     * Rows of {@code width * channels} bytes from absolute index 0: channels 3 = R, G, B, or 1 = grey. The same
     * samples {@link ImageDecoder#decode(byte[], String)} would return; do not keep {@code samples} after returning.
     */
    T pixels(ByteBuffer samples, int width, int height, int channels);

    /** The image as {@link ImageDecoder#decode(byte[], String)} returns it. */
    T image(BufferedImage image);
}
