package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.tmk.TmkHasher;
import io.mediamatch.video.VpdqHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Image formats we do not decode are named when refused, and never reach the video decoder. */
class ForeignImageTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @CsvSource({"testsrc.jp2, JPEG_2000", "testsrc.jxl, JPEG_XL"})
    void realFilesAreRecognisedRefusedAsImagesAndAsVideos(String name, ForeignImage format) throws Exception {
        Path file = Fixtures.dataDir().resolve("foreign").resolve(name);
        assertEquals(format, ForeignImage.of(file));
        MediaException image = assertThrows(MediaException.class, () -> ImageDecoder.defaults().decode(file));
        assertEquals(Kind.UNSUPPORTED_IMAGE, image.kind());
        assertTrue(image.getMessage().startsWith(file + ": " + format.description() + ", which mediamatch does not"
                + " decode"), image.getMessage());
        // FFmpeg opens a JPEG 2000 file; hashed as a one-frame video it would be matched against video banks.
        MediaException video = assertThrows(MediaException.class, () -> VpdqHasher.builder().build().hash(file));
        assertEquals(Kind.UNSUPPORTED_FORMAT, video.kind(), video.getMessage());
        assertTrue(video.getMessage().endsWith(format.description() + ", not a video"), video.getMessage());
        MediaException tmk = assertThrows(MediaException.class, () -> new TmkHasher().hash(file));
        assertEquals(Kind.UNSUPPORTED_FORMAT, tmk.kind(), tmk.getMessage());
    }

    @Test
    void headersAreRecognisedByTheirBrandsAndMagic() {
        assertEquals(ImageFormat.HEIF, ImageFormat.detect(ascii("\0\0\0\u0018ftypheic\0\0\0\0mif1heic"), 24));
        assertEquals(ImageFormat.HEIF, ImageFormat.detect(ascii("\0\0\0\u0018ftypmif1\0\0\0\0mif1heix"), 24));
        assertEquals(ImageFormat.AVIF, ImageFormat.detect(ascii("\0\0\0\u001cftypavis\0\0\0\0avismsf1miaf"), 28));
        assertNull(ForeignImage.detect(ascii("\0\0\0\u0018ftypheic\0\0\0\0mif1heic"), 24));
        assertEquals(ImageFormat.PSD, ImageFormat.detect(ascii("8BPS\0\u0001\0\0\0\0\0\0"), 12));
        assertNull(ForeignImage.detect(ascii("8BPS\0\u0001\0\0\0\0\0\0"), 12));
        assertEquals(ForeignImage.PDF, ForeignImage.detect(ascii("%PDF-1.7\n"), 9));
        assertEquals(ForeignImage.SVG, ForeignImage.detect(ascii("\u00ef\u00bb\u00bf<?xml version=\"1.0\"?>\n"
                + "<!-- drawn by hand -->\n<!DOCTYPE svg>\n<SVG xmlns=\"http://www.w3.org/2000/svg\">"), 200));
        assertEquals(ForeignImage.SVG, ForeignImage.detect(ascii("  <svg width=\"1\" height=\"1\"/>"), 30));
    }

    @Test
    void videosAndOtherFilesAreNotTakenForThem() throws Exception {
        Path mp4 = Fixtures.reference("video/videos/chair-19-sd-bar.mp4");
        assertNull(ForeignImage.of(mp4));
        assertNull(ForeignImage.detect(ascii("\0\0\0\u0018ftypisom\0\0\u0002\0isomiso2"), 24)); // an MP4
        assertNull(ImageFormat.detect(ascii("\0\0\0\u0018ftypisom\0\0\u0002\0isomiso2"), 24));
        assertNull(ImageFormat.detect(ascii("\0\0\0\u0014ftypqt  \0\0\0\0qt  "), 20)); // a QuickTime movie
        assertNull(ForeignImage.detect(ascii("<html><body><svg></svg></body></html>"), 38));
        assertNull(ForeignImage.detect(ascii("just some text mentioning <svg"), 30));
        assertNull(ForeignImage.detect(new byte[] {0, 0, 1, (byte) 0xBA, 0x44, 0, 4, 0, 4, 1}, 10)); // MPEG-PS
        assertNull(ForeignImage.detect(new byte[0], 0));
        Path empty = Files.createTempFile(Fixtures.scratchDir("foreign"), "empty", ".bin");
        assertNull(ForeignImage.of(empty));
    }
}
