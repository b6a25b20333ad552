package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mediamatch.fixtures.Fixtures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Animated images against their references ({@code test-fixtures/data/animated}, see its licence note). The still
 * image is the first frame with the reference pipeline's pixels: {@code expected.csv} holds the MD5 of ImageMagick
 * 6.9.11's 8-bit RGB export of {@code FILE[0]} (APNG: its default image). An animated WebP's frames as a viewer
 * shows them: {@code expected-frames.csv} holds the MD5 of every frame's RGB, in order, as libwebp 1.2.4's
 * {@code WebPAnimDecoder} composites them (read through Pillow 9.4, alpha dropped), for lossy frames blended as
 * sub-rectangles, lossy frames with alpha planes, and mixed lossless/lossy frames.
 */
class AnimatedImagesTest {
    private static final Path DIR = Fixtures.dataDir().resolve("animated");

    @Test
    void theStillImageIsTheFirstFrameWithImageMagicksPixels() throws Exception {
        List<String> rows = Files.readAllLines(DIR.resolve("expected.csv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            BufferedImage img = ImageDecoder.defaults().decode(DIR.resolve(f[0]));
            assertEquals(f[1], RgbDigest.md5(img), f[0]);
        }
    }

    @Test
    void animatedWebpFramesAreLibwebpsComposites() throws Exception {
        List<String> rows = Files.readAllLines(DIR.resolve("expected-frames.csv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            byte[] data = Files.readAllBytes(DIR.resolve(f[0]));
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            int frames = 0;
            try (WebpAnimation w = WebpAnimation.open(data, f[0], DecodeOptions.DEFAULT_MAX_PIXELS)) {
                while (w.next()) {
                    md5.update(w.rgb());
                    frames++;
                }
            }
            assertEquals(Integer.parseInt(f[1]), frames, f[0]);
            assertEquals(f[2], HexFormat.of().formatHex(md5.digest()), f[0]);
        }
    }
}
