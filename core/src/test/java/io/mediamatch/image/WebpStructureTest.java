package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.MediaException;
import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bad WebPs made from a valid lossy fixture by byte surgery: each is refused with a reason, never hashed. */
class WebpStructureTest {
    private static byte[] valid() throws Exception {
        return Files.readAllBytes(Fixtures.reference("pdq/images/misc-images/modes/F.webp"));
    }

    private static void refused(byte[] data, MediaException.Kind kind, String words) {
        MediaException e = assertThrows(MediaException.class, () -> ImageDecoder.defaults().decode(data, "bad.webp"));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.webp: ") && e.getMessage().contains(words), e.getMessage());
    }

    private static void le32(byte[] d, int pos, long v) {
        for (int i = 0; i < 4; i++) {
            d[pos + i] = (byte) (v >>> 8 * i);
        }
    }

    @Test
    void validFixturePassesAndDecodes() throws Exception {
        WebpStructure.check(valid(), "ok.webp");
        assertEquals(1600, ImageDecoder.defaults().decode(valid(), "ok.webp").getWidth());
    }

    @Test
    void vp8ChunkSizeNearTwoToThe31IsTruncated() throws Exception {
        byte[] d = valid();
        le32(d, 16, 0x7FFFFFF0L);
        refused(d, MediaException.Kind.TRUNCATED, "past the end of the RIFF data");
    }

    @Test
    void vp8ChunkSmallerThanTheFrameHeaderIsRefused() throws Exception {
        byte[] d = valid();
        le32(d, 16, 6);
        refused(d, MediaException.Kind.TRUNCATED, "shorter than the 10-byte frame header");
        byte[] e = valid();
        le32(e, 16, 200); // the header fits, the first partition does not
        refused(e, MediaException.Kind.TRUNCATED, "first partition");
    }

    @Test
    void cutFileAndBadRiffAreRefused() throws Exception {
        refused(Arrays.copyOf(valid(), valid().length / 2), MediaException.Kind.TRUNCATED, "RIFF header claims");
        byte[] d = valid();
        d[12] = 'X'; // first chunk XP8
        refused(d, MediaException.Kind.CORRUPT, "XP8"); // the plug-in may refuse it first, naming the chunk too
        byte[] e = valid();
        e[23] = 0; // start code 9d 01 2a broken
        refused(e, MediaException.Kind.CORRUPT, "start code");
    }

    @Test
    void extendedFileWithoutImageDataIsCorrupt() throws Exception {
        // RIFF/WEBP, a VP8X header for a 16x16 canvas, then only an EXIF chunk: "image data not found".
        byte[] d = new byte[12 + 18 + 12];
        System.arraycopy("RIFF".getBytes(), 0, d, 0, 4);
        le32(d, 4, d.length - 8);
        System.arraycopy("WEBPVP8X".getBytes(), 0, d, 8, 8);
        le32(d, 16, 10);
        d[24] = 15;
        d[27] = 15;
        System.arraycopy("EXIF".getBytes(), 0, d, 30, 4);
        le32(d, 34, 4);
        refused(d, MediaException.Kind.CORRUPT, "no image data");
    }

    /**
     * A still VP8X file whose canvas disagrees with its image data: the pixel limit is checked on the canvas, so a
     * small canvas over a large bitstream (what fuzzing found: 32x20 over 4130x9586) must be refused, as libwebp
     * does; the same wrapper with the right canvas decodes.
     */
    @Test
    void extendedFileWhoseCanvasIsNotItsImageSizeIsCorrupt() throws Exception {
        byte[] simple = valid();
        int w = ((simple[26] & 0xFF) | (simple[27] & 0xFF) << 8) & 0x3FFF; // the VP8 key frame header
        int h = ((simple[28] & 0xFF) | (simple[29] & 0xFF) << 8) & 0x3FFF;
        assertEquals(1600, ImageDecoder.defaults().decode(withCanvas(simple, w, h), "ok.webp").getWidth());
        refused(withCanvas(simple, 32, 20), MediaException.Kind.CORRUPT, "its VP8X canvas 32x20");
    }

    /** The simple lossy file {@code simple} behind a VP8X chunk declaring a w x h canvas. */
    private static byte[] withCanvas(byte[] simple, int w, int h) {
        byte[] d = new byte[simple.length + 18];
        System.arraycopy(simple, 0, d, 0, 12);
        le32(d, 4, d.length - 8);
        System.arraycopy("VP8X".getBytes(), 0, d, 12, 4);
        le32(d, 16, 10);
        for (int i = 0; i < 3; i++) {
            d[24 + i] = (byte) ((w - 1) >>> 8 * i);
            d[27 + i] = (byte) ((h - 1) >>> 8 * i);
        }
        System.arraycopy(simple, 12, d, 30, simple.length - 12);
        return d;
    }
}
