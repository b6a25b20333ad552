package io.mediamatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mediamatch.fixtures.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FileDigestsTest {
    @Test
    void standardVectors() throws IOException {
        FileDigests d = FileDigests.of(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", d.md5());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", d.sha256());
    }

    @Test
    void streamedFileEqualsWholeFileDigest() throws Exception {
        Path video = Fixtures.reference("video/videos/chair-19-sd-bar.mp4");
        byte[] all = Files.readAllBytes(video);
        FileDigests d = FileDigests.of(video);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(all)), d.md5());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all)), d.sha256());
        assertThrows(IOException.class, () -> FileDigests.of(video.resolveSibling("missing.mp4")));
    }
}
