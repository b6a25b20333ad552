package io.mediamatch.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads image files for the CLI; throws UncheckedIOException naming the file and the cause. */
final class ImageFiles {
    private ImageFiles() {}

    static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException(file + ": not a supported image format");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(file + ": cannot decode: " + e, new IOException(e));
        }
    }
}
