package io.mediamatch.server;

import static io.mediamatch.server.ServerHarness.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mediamatch.fixtures.Fixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /h/hash} by upload with HMA's signal types ({@code --signal-types pdq,video_md5}) and with all of them. */
class HashingRoutesTest {
    static final String PHOTO_PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final Path PHOTO = Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg");
    private static final Path VIDEO = Fixtures.reference("video/videos/test-padded-dimensions.mp4");
    private static ServerHarness hma;
    private static ServerHarness all;

    @BeforeAll
    static void start() throws Exception {
        hma = ServerHarness.start("hashing-hma", o -> o.withSignalTypes("pdq,video_md5"));
        all = ServerHarness.start("hashing-all");
    }

    @AfterAll
    static void stop() {
        hma.close();
        all.close();
    }


    static String digest(String algorithm, Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
    }

    @Test
    void hmaTypesAreExactlyPdqAndVideoMd5() throws Exception {
        expect(200, "[{\"enabled_ratio\":1.0,\"name\":\"pdq\"},{\"enabled_ratio\":1.0,\"name\":\"video_md5\"}]",
                hma.get("/c/signal_type"));
        expect(200, "{\"pdq\":\"" + PHOTO_PDQ + "\"}", hma.upload("/h/hash", "photo", PHOTO));
        expect(200, "{\"pdq\":\"" + PHOTO_PDQ + "\"}", hma.upload("/h/hash?types=pdq", "photo", PHOTO));
    }

    @Test
    void aVideoIsMd5HashedWithoutDecoding() throws Exception {
        expect(200, "{\"video_md5\":\"" + digest("MD5", VIDEO) + "\"}", hma.upload("/h/hash", "video", VIDEO));
        byte[] notAVideo = "any bytes at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        expect(200, "{\"video_md5\":\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(notAVideo))
                + "\"}", hma.upload("/h/hash", "video", notAVideo));
    }

    @Test
    void everyTypeOfAPhotoWithoutTheRestriction() throws Exception {
        expect(200, "{\"md5\":\"" + digest("MD5", PHOTO) + "\",\"pdq\":\"" + PHOTO_PDQ + "\",\"sha256\":\""
                + digest("SHA-256", PHOTO) + "\"}", all.upload("/h/hash", "photo", PHOTO));
        expect(200, "{\"sha256\":\"" + digest("SHA-256", PHOTO) + "\"}", all.upload("/h/hash?types=sha256,", "photo",
                PHOTO));
        ServerHarness.Reply types = all.get("/c/signal_type");
        assertEquals("[{\"enabled_ratio\":1.0,\"name\":\"pdq\"},{\"enabled_ratio\":1.0,\"name\":\"video_md5\"},"
                + "{\"enabled_ratio\":1.0,\"name\":\"md5\"},{\"enabled_ratio\":1.0,\"name\":\"sha256\"},"
                + "{\"enabled_ratio\":1.0,\"name\":\"vpdq\"},{\"enabled_ratio\":1.0,\"name\":\"video_tmk_pdqf\"}]\n",
                types.body());
    }

    @Test
    void aLowQualityPhotoHashesToTheEmptyString() throws Exception {
        BufferedImage flat = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(flat, "png", png);
        expect(200, "{\"pdq\":\"\"}", hma.upload("/h/hash", "photo", png.toByteArray()));
        assertEquals(201, hma.postJson("/c/banks", "{\"name\": \"FLAT\"}").status());
        expect(400, "{\"message\":\"Invalid pdq signal: invalid PDQ hash\"}",
                hma.upload("/c/bank/FLAT/content", "photo", png.toByteArray()));
        expect(200, "{\"pdq\":{}}", hma.upload("/m/lookup", "photo", png.toByteArray()));
    }

    @Test
    void uploadErrors() throws Exception {
        expect(400, "{\"message\":\"Missing multipart/form-data file upload\"}", hma.upload("/h/hash", null, new byte[0],
                "note", "no file"));
        expect(400, "{\"message\":\"Missing multipart/form-data file upload\"}", hma.postJson("/h/hash", "{}"));
        byte[] photo = Files.readAllBytes(PHOTO);
        expect(400, "{\"message\":\"Only one file allowed per request\"}", hma.uploadFiles("/h/hash",
                new String[] {"photo", "photo"}, new byte[][] {photo, photo}));
        expect(400, "{\"message\":\"Only one file allowed per request\"}", hma.uploadFiles("/h/hash",
                new String[] {"photo", "video"}, new byte[][] {photo, photo}));
        expect(400, "{\"message\":\"no such content_type: 'file'\"}", hma.upload("/h/hash", "file", photo));
        expect(400, "{\"message\":\"signal type 'foo' doesn't exist or is disabled\"}",
                hma.upload("/h/hash?types=foo", "photo", photo));
        expect(400, "{\"message\":\"signal type 'sha256' doesn't exist or is disabled\"}",
                hma.upload("/h/hash?types=sha256", "photo", photo));
        expect(400, "{\"message\":\"empty signal type selection\"}", hma.upload("/h/hash?types=video_md5", "photo", photo));
        expect(400, "{\"message\":\"empty signal type selection\"}", hma.upload("/h/hash?types=,", "photo", photo));
    }

    @Test
    void hashByUrlNeedsTheUrl() throws Exception {
        ServerHarness.Reply r = hma.get("/h/hash");
        assertEquals(422, r.status());
        assertEquals("application/json", r.contentType());
        assertEquals("url", r.json().get(0).get("loc").get(0).asText(), r.body());
        expect(400, "{\"message\":\"Invalid or unsafe URL provided\"}", hma.get("/h/hash?url=ftp://example.com/a.jpg"));
        expect(400, "{\"message\":\"Invalid or unsafe URL provided\"}", hma.get("/h/hash?url=not%20a%20url"));
        expect(400, "{\"message\":\"no such content_type: 'x'\"}",
                hma.get("/h/hash?content_type=x&url=http://127.0.0.1:1/a.jpg"));
    }
}
