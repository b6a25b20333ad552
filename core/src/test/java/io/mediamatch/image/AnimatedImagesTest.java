package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mediamatch.fixtures.Fixtures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An animated PNG hashes its default image (the IDAT frame every PNG decoder shows), with the reference pipeline's
 * pixels: {@code animated/expected.csv} holds the MD5 of ImageMagick 6.9.11's 8-bit RGB export of it (a 4-frame
 * APNG written by FFmpeg 5.1 from its {@code testsrc} pattern).
 */
class AnimatedImagesTest {
    @Test
    void anApngHashesItsDefaultImage() throws Exception {
        Path dir = Fixtures.dataDir().resolve("animated");
        List<String> rows = Files.readAllLines(dir.resolve("expected.csv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            BufferedImage img = ImageDecoder.defaults().decode(dir.resolve(f[0]));
            assertEquals(96, img.getWidth());
            assertEquals(f[1], RgbDigest.md5(img), f[0]);
        }
    }
}
