package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.primitives.Bytes;
import io.mediamatch.MediaException;
import io.mediamatch.fixtures.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bad PNGs made from a valid fixture by byte surgery: each is refused with a reason, never hashed. */
class PngStructureTest {
    private static byte[] valid() throws Exception {
        return Files.readAllBytes(Fixtures.reference("pdq/synthetic/plasma-64x64.png"));
    }

    private static void refused(byte[] data, MediaException.Kind kind, String words) {
        MediaException e = assertThrows(MediaException.class, () -> ImageDecoder.defaults().decode(data, "bad.png"));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.png: ") && e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void validFixturePasses() throws Exception {
        PngStructure.check(valid(), "ok.png");
    }

    @Test
    void idatAfterIendIsCorrupt() throws Exception {
        byte[] d = valid();
        int idat = find(d, "IDAT") - 4;
        int iend = find(d, "IEND") - 4;
        byte[] moved = new byte[d.length];
        System.arraycopy(d, 0, moved, 0, idat);
        System.arraycopy(d, iend, moved, idat, d.length - iend);
        System.arraycopy(d, idat, moved, idat + d.length - iend, iend - idat);
        refused(moved, MediaException.Kind.CORRUPT, "no IDAT");
    }

    @Test
    void brokenCrcIsCorrupt() throws Exception {
        byte[] d = valid();
        d[find(d, "IDAT") + 8] ^= 0x55;
        refused(d, MediaException.Kind.CORRUPT, "CRC");
    }

    @Test
    void chunkLongerThanTheFileIsTruncated() throws Exception {
        byte[] d = valid();
        int len = find(d, "IDAT") - 4;
        d[len] = 0x7F;
        refused(d, MediaException.Kind.TRUNCATED, "past the end");
        refused(Arrays.copyOf(valid(), valid().length - 20), MediaException.Kind.TRUNCATED, "past the end");
    }

    /** Where the chunk type first occurs (its 4 bytes follow the chunk's length). */
    private static int find(byte[] d, String type) {
        int at = Bytes.indexOf(d, type.getBytes(StandardCharsets.US_ASCII));
        assertTrue(at >= 8, type + " not found");
        return at;
    }
}
