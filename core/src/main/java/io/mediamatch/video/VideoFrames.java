package io.mediamatch.video;

import io.mediamatch.MediaException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.file.Path;

/**
 * Every decoded frame of a video's first stream, in order, as {@code TYPE_INT_RGB} images at the stream's size,
 * decoded and converted exactly as the vPDQ hasher sees them ({@link VpdqHasher}). For tools that edit or inspect
 * frames (the evaluation); hashing does not go through here. Not thread-safe; owns native memory until closed.
 */
public final class VideoFrames implements AutoCloseable {
    private final VideoFrameReader reader;
    private final byte[] rgb;

    private VideoFrames(VideoFrameReader reader) {
        this.reader = reader;
        this.rgb = new byte[reader.frameBytes()];
    }

    /**
     * Opens {@code file}.
     *
     * @throws MediaException naming the file when it is missing, not a video, or its frames exceed 8K UHD
     */
    public static VideoFrames open(Path file) throws MediaException {
        return new VideoFrames(VideoFrameReader.open(file, 0, VpdqHasher.DEFAULT_MAX_FRAME_PIXELS, false));
    }

    public int width() {
        return reader.width();
    }

    public int height() {
        return reader.height();
    }

    /** Frames per second as the vPDQ reference reads it. */
    public double frameRate() {
        return reader.frameRate();
    }

    /**
     * The next frame as a new image, or null after the last.
     *
     * @throws MediaException when the stream is damaged
     */
    public BufferedImage next() throws MediaException {
        if (reader.next(1, rgb) < 0) {
            return null;
        }
        int w = reader.width();
        int h = reader.height();
        int stride = reader.stride();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            int s = y * stride;
            int d = y * w;
            for (int x = 0; x < w; x++, s += 3) {
                px[d + x] = ((rgb[s] & 255) << 16) | ((rgb[s + 1] & 255) << 8) | (rgb[s + 2] & 255);
            }
        }
        return out;
    }

    @Override
    public void close() {
        reader.close();
    }
}
