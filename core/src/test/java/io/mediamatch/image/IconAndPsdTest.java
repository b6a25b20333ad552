package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.video.VpdqHasher;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ICO/CUR (the largest image) and PSD (the flattened composite) decode to the reference pipeline's pixels:
 * {@code icons/expected.csv} holds, per file, the index of its largest image and the MD5 of ImageMagick 6.9.11's
 * 8-bit RGB export of that image (files written by ImageMagick and FFmpeg: BMP and PNG icon entries, alpha, PSD with
 * and without alpha).
 */
class IconAndPsdTest {
    private static final Path DIR = Fixtures.dataDir().resolve("icons");

    @Test
    void everyFileDecodesToTheReferencePipelinesPixels() throws Exception {
        List<String> rows = Files.readAllLines(DIR.resolve("expected.csv"));
        assertEquals(6, rows.size(), "header and five files");
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            Path file = DIR.resolve(f[0]);
            BufferedImage img = ImageDecoder.defaults().decode(file);
            assertEquals(f[2], RgbDigest.md5(img), file + " (" + img.getWidth() + "x" + img.getHeight() + ")");
        }
    }

    @Test
    void theLargestIconIsTakenWhereverItSits() throws Exception {
        // 16, 48 and 32 pixels in that order: the 48 is the second entry
        assertEquals(48, ImageDecoder.defaults().decode(DIR.resolve("bridge-48-32-16.ico")).getWidth());
        assertEquals(256, ImageDecoder.defaults().decode(DIR.resolve("alpha-256-32.ico")).getWidth());
    }

    @Test
    void cutFilesAreRefusedNamingThem() throws Exception {
        for (String file : new String[] {"bridge-48-32-16.ico", "bridge-120x80.psd"}) {
            byte[] whole = Files.readAllBytes(DIR.resolve(file));
            for (int keep : new int[] {30, whole.length / 2, whole.length - 50}) {
                String name = "cut-" + keep + "-" + file;
                byte[] cut = Arrays.copyOf(whole, keep);
                MediaException e = assertThrows(MediaException.class,
                        () -> ImageDecoder.defaults().decode(cut, name), name + " was hashed");
                assertTrue(e.kind() == Kind.TRUNCATED || e.kind() == Kind.CORRUPT, e.getMessage());
                assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
            }
        }
    }

    @Test
    void iconsAreNeverOpenedAsVideos() {
        // FFmpeg reads an ICO as a one-frame video: hashed so, it would be matched against video banks
        MediaException e = assertThrows(MediaException.class,
                () -> VpdqHasher.builder().build().hash(DIR.resolve("testsrc.ico")));
        assertEquals(Kind.UNSUPPORTED_FORMAT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().endsWith("an ICO image, not a video"), e.getMessage());
    }
}
