package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.video.VpdqHasher;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HEIC and AVIF decode to exactly the pixels of the reference pipeline: {@code expected.csv} holds the MD5 of
 * ImageMagick 6.9.11's 8-bit RGB export (over libheif 1.15.1, Debian 12) of each file, made with Debian's
 * {@code heif-enc} (odd sizes, alpha, grey). Skipped where libheif is not installed, unless
 * MEDIAMATCH_REQUIRE_LIBHEIF is set (CI sets it).
 */
class HeifDecoderTest {
    private static final Path DIR = Fixtures.dataDir().resolve("heif");

    @BeforeAll
    static void needsTheLibrary() {
        if (System.getenv("MEDIAMATCH_REQUIRE_LIBHEIF") != null) {
            assertTrue(HeifDecoder.available(), "libheif loads (install libheif1)");
        }
        assumeTrue(HeifDecoder.available(), "libheif is not installed");
    }

    @Test
    void everyFileDecodesToTheReferencePipelinesPixels() throws Exception {
        List<String> rows = Files.readAllLines(DIR.resolve("expected.csv"));
        assertEquals(5, rows.size(), "header and four files");
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            Path file = DIR.resolve(f[0]);
            BufferedImage img = ImageDecoder.defaults().decode(file);
            assertEquals(f[1], RgbDigest.md5(img), file + " (" + img.getWidth() + "x" + img.getHeight() + ")");
        }
    }

    @Test
    void aCutFileIsRefusedNamingIt() throws Exception {
        byte[] whole = Files.readAllBytes(DIR.resolve("bridge-161x101.heic"));
        for (int keep : new int[] {40, whole.length / 3, whole.length - 100}) {
            String name = "cut-" + keep + ".heic";
            byte[] cut = Arrays.copyOf(whole, keep);
            MediaException e = assertThrows(MediaException.class, () -> ImageDecoder.defaults().decode(cut, name),
                    name + " was hashed");
            assertTrue(e.kind() == Kind.TRUNCATED || e.kind() == Kind.CORRUPT, e.getMessage());
            assertTrue(e.getMessage().startsWith(name + ": HEIF"), e.getMessage());
        }
    }

    @Test
    void thePixelLimitHoldsBeforeDecoding() throws Exception {
        ImageDecoder small = new ImageDecoder(DecodeOptions.DEFAULTS.withMaxPixels(10_000));
        MediaException e = assertThrows(MediaException.class, () -> small.decode(DIR.resolve("bridge-161x101.avif")));
        assertEquals(Kind.TOO_LARGE, e.kind());
        assertTrue(e.getMessage().contains("AVIF header claims 161x101 = 16261 pixels, above the limit of 10000"),
                e.getMessage());
    }

    @Test
    void stillImagesAreNeverOpenedAsVideos() {
        for (String name : new String[] {"bridge-161x101.heic", "bridge-161x101.avif"}) {
            MediaException e = assertThrows(MediaException.class,
                    () -> VpdqHasher.builder().build().hash(DIR.resolve(name)));
            assertEquals(Kind.UNSUPPORTED_FORMAT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().endsWith(", not a video"), e.getMessage());
        }
    }
}
