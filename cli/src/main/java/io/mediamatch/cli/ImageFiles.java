package io.mediamatch.cli;

import io.mediamatch.MediaException;
import io.mediamatch.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reads image files for eval with the reference pixel conventions; throws UncheckedIOException naming the file. */
final class ImageFiles {
    private ImageFiles() {}

    static BufferedImage read(Path file) {
        try {
            return ImageDecoder.defaults().decode(file);
        } catch (MediaException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
