package io.mediamatch.server;

import static io.mediamatch.server.ServerHarness.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Malformed JSON, wrong content types, a 1 GB declared body, hostile images, unknown routes. */
class BadInputTest {
    private static final String JSON_415 = "{\"message\":\"Did not attempt to load JSON data because the request"
            + " Content-Type was not 'application/json'.\"}";
    private static ServerHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ServerHarness.start("bad-input", o -> o.withSignalTypes("pdq,video_md5"));
        assertEquals(201, h.postJson("/c/banks", "{\"name\": \"B\"}").status());
    }

    @AfterAll
    static void stop() {
        h.close();
    }


    private static void expectMessageStarting(int status, String prefix, ServerHarness.Reply r) {
        assertEquals(status, r.status(), r.body());
        assertEquals("application/json", r.contentType());
        assertTrue(r.json().get("message").asText().startsWith(prefix), r.body());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        expectMessageStarting(400, "Failed to decode JSON object: ", h.postJson("/c/bank/B/signal", "{\"pdq\": "));
        expectMessageStarting(400, "Failed to decode JSON object: ", h.postJson("/c/bank/B/signal", ""));
        expectMessageStarting(400, "Failed to decode JSON object: ", h.putJson("/c/bank/B/content/1", "nope"));
        expectMessageStarting(400, "Failed to decode JSON object: ", h.putJson("/c/signal_type/pdq", "{1: 2}"));
    }

    @Test
    void nonJsonContentTypesAre415() throws Exception {
        expect(415, JSON_415, h.send("POST", "/c/bank/B/signal", "text/plain", "{\"pdq\": \"x\"}"));
        expect(415, JSON_415, h.send("POST", "/c/bank/B/signal", null, "{\"pdq\": \"x\"}"));
        expect(415, JSON_415, h.send("PUT", "/c/signal_type/pdq", "application/x-www-form-urlencoded",
                "enabled_ratio=1"));
        expect(415, JSON_415, h.send("POST", "/m/compare", "multipart/form-data; boundary=x", "--x--\r\n"));
    }

    @Test
    void aGigabyteDeclaredBodyIsRefusedBeforeItIsSent() throws Exception {
        for (String path : new String[] {"/h/hash", "/c/bank/B/content", "/c/banks"}) {
            long t0 = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", h.server.port()), 2000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: multipart/form-data; boundary=xyz\r\n"
                        + "Content-Length: 1073741824\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                String statusLine = in.readLine();
                assertEquals("HTTP/1.1 413 Payload Too Large", statusLine, path);
                StringBuilder rest = new StringBuilder();
                for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                    rest.append(line).append('\n');
                }
                assertTrue(rest.toString().toLowerCase().contains("content-type: application/json"), rest.toString());
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, path + " took " + ms + " ms");
        }
        // the server still serves
        assertEquals(200, h.get("/status").status());
    }

    @Test
    void aTruncatedJpegIs400NamingTheCause() throws Exception {
        byte[] jpeg = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg"));
        ServerHarness.Reply r = h.upload("/h/hash", "photo", Arrays.copyOf(jpeg, 600));
        assertEquals(400, r.status(), r.body());
        assertEquals("application/json", r.contentType());
        assertEquals("{\"message\":\"corrupt JPEG data (Bogus Huffman table definition)\"}\n", r.body());
    }

    @Test
    void aPngClaimingTenGigapixelsIs400BeforeDecoding() throws Exception {
        ServerHarness.Reply r = h.upload("/h/hash", "photo", png(100_000, 100_000));
        assertEquals(400, r.status(), r.body());
        assertEquals("application/json", r.contentType());
        // the cause, without the service's spool file name
        assertEquals("{\"message\":\"PNG header claims 100000x100000 = 10000000000 pixels, above the limit of"
                + " 100000000 pixels\"}\n", r.body());
        ServerHarness.Reply lookup = h.upload("/m/lookup", "photo", png(100_000, 100_000));
        assertEquals(400, lookup.status(), lookup.body());
        assertTrue(lookup.json().get("message").asText().contains("100000x100000"), lookup.body());
    }

    @Test
    void bytesThatAreNoImageAre400() throws Exception {
        ServerHarness.Reply r = h.upload("/h/hash", "photo", "hello, not an image".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status(), r.body());
        assertTrue(r.json().get("message").asText().contains("not a supported image"), r.body());
        ServerHarness.Reply empty = h.upload("/h/hash", "photo", new byte[0]);
        assertEquals(400, empty.status(), empty.body());
        assertTrue(empty.json().get("message").asText().contains("empty"), empty.body());
    }

    @Test
    void unknownRoutesAre404Json() throws Exception {
        expect(404, "{\"message\":\"Endpoint GET /nope not found\"}", h.get("/nope"));
        expect(404, "{\"message\":\"Endpoint GET /c/nope not found\"}", h.get("/c/nope"));
        expect(404, "{\"message\":\"Endpoint POST /m/lookup/more not found\"}", h.postJson("/m/lookup/more", "{}"));
        expect(404, "{\"message\":\"not found: GET /c/bank/B/content/1x\"}", h.get("/c/bank/B/content/1x"));
    }

    /** A PNG signature and an IHDR chunk claiming {@code w x h} RGB pixels, then a tiny IDAT and IEND. */
    static byte[] png(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
