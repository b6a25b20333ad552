package io.mediamatch.server;

import static io.mediamatch.server.ServerHarness.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code url=} fetching against a loopback image server: refused by default, fetched in dev mode, redirects
 * re-checked against the allow-list, the size cap on declared and streamed bodies.
 */
class UrlFetchTest {
    private static final String UNSAFE = "{\"message\":\"Invalid or unsafe URL provided\"}";
    private static HttpServer images;
    private static byte[] jpeg;
    /** Requests that reached the image server under the host name 127.0.0.1 (not localhost). */
    private static final AtomicInteger byAddress = new AtomicInteger();

    @BeforeAll
    static void serveImages() throws IOException {
        jpeg = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg"));
        images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        images.createContext("/", UrlFetchTest::serve);
        images.start();
    }

    @AfterAll
    static void stopImages() {
        images.stop(0);
    }

    private static void serve(HttpExchange x) throws IOException {
        String host = x.getRequestHeaders().getFirst("Host");
        if (host != null && host.startsWith("127.0.0.1")) {
            byAddress.incrementAndGet();
        }
        int port = images.getAddress().getPort();
        switch (x.getRequestURI().getPath()) {
            case "/img.jpg" -> send(x, 200, "image/jpeg", jpeg, false);
            case "/chunked.jpg" -> send(x, 200, "image/jpeg", jpeg, true);
            case "/text" -> send(x, 200, "text/plain", jpeg, false);
            case "/to-address" -> redirect(x, "http://127.0.0.1:" + port + "/img.jpg");
            case "/to-localhost" -> redirect(x, "http://localhost:" + port + "/img.jpg");
            case "/to-metadata" -> redirect(x, "http://169.254.169.254/latest/meta-data/");
            case "/to-file" -> redirect(x, "file:///etc/passwd");
            case "/loop" -> redirect(x, "/loop");
            default -> send(x, 404, "text/plain", "no".getBytes(StandardCharsets.US_ASCII), false);
        }
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().set("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private static void send(HttpExchange x, int status, String type, byte[] body, boolean chunked)
            throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // the client stopped reading (size cap)
        }
    }

    private static String at(String host, String path) {
        return URLEncoder.encode("http://" + host + ":" + images.getAddress().getPort() + path,
                StandardCharsets.UTF_8);
    }


    @Test
    void loopbackAndPrivateAddressesAreRefusedByDefault() throws Exception {
        try (ServerHarness h = ServerHarness.start("fetch-default", o -> o.withDev(false)
                .withSignalTypes("pdq,video_md5"))) {
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"B\"}").status());
            int before = byAddress.get();
            expect(400, UNSAFE, h.get("/h/hash?url=" + at("127.0.0.1", "/img.jpg")));
            expect(400, UNSAFE, h.get("/h/hash?url=" + at("localhost", "/img.jpg")));
            expect(400, UNSAFE, h.get("/h/hash?url=" + at("[::1]", "/img.jpg")));
            expect(400, UNSAFE, h.get("/h/hash?url=" + at("127.1.2.3", "/img.jpg")));
            expect(400, UNSAFE, h.get("/h/hash?url=http://169.254.169.254/latest/meta-data/"));
            expect(400, UNSAFE, h.get("/h/hash?url=http://10.0.0.1/a.jpg"));
            expect(400, UNSAFE, h.get("/h/hash?url=http://192.168.1.1/a.jpg"));
            expect(400, UNSAFE, h.get("/h/hash?url=http://0.0.0.0/a.jpg"));
            expect(400, UNSAFE, h.get("/h/hash?url=" + URLEncoder.encode("http://[::ffff:127.0.0.1]/a.jpg",
                    StandardCharsets.UTF_8)));
            expect(400, UNSAFE, h.get("/m/lookup?url=" + at("127.0.0.1", "/img.jpg")));
            expect(400, UNSAFE, h.postJson("/c/bank/B/content?url=" + at("127.0.0.1", "/img.jpg"), "{}"));
            assertEquals(before, byAddress.get(), "the image server was not contacted");
            expect(404, "{\"message\":\"Endpoint POST /dev/factory_reset not found\"}",
                    h.postJson("/dev/factory_reset", ""));
        }
    }

    @Test
    void devModeFetchesFromLoopback() throws Exception {
        String pdq = HashingRoutesTest.PHOTO_PDQ;
        try (ServerHarness h = ServerHarness.start("fetch-dev", o -> o.withSignalTypes("pdq,video_md5"))) {
            expect(200, "{\"pdq\":\"" + pdq + "\"}", h.get("/h/hash?url=" + at("127.0.0.1", "/img.jpg")));
            expect(200, "{\"pdq\":\"" + pdq + "\"}", h.get("/h/hash?url=" + at("127.0.0.1", "/chunked.jpg")));
            expect(200, "{\"pdq\":\"" + pdq + "\"}", h.get("/h/hash?url=" + at("127.0.0.1", "/to-localhost")));
            expect(200, "{\"pdq\":\"" + pdq + "\"}", h.get("/h/hash?content_type=photo&url="
                    + at("127.0.0.1", "/text")));
            expect(400, "{\"message\":\"unsupported url ContentType: 'text/plain', if you know the expected type,"
                    + " provide it with the content_type query param\"}", h.get("/h/hash?url=" + at("127.0.0.1", "/text")));
            expect(400, "{\"message\":\"Failed to fetch URL: 404 response from 127.0.0.1\"}",
                    h.get("/h/hash?url=" + at("127.0.0.1", "/missing")));
            expect(400, UNSAFE, h.get("/h/hash?url=" + at("127.0.0.1", "/to-file")));
            expect(400, "{\"message\":\"Failed to fetch URL: more than " + UrlFetcher.MAX_REDIRECTS + " redirects\"}",
                    h.get("/h/hash?url=" + at("127.0.0.1", "/loop")));
            expect(400, "{\"message\":\"Failed to fetch URL: 404 response from 127.0.0.1\"}",
                    h.get("/h/hash?types=pdq&url=" + at("127.0.0.1", "/missing")));
            expect(400, "{\"message\":\"signal type 'nope' doesn't exist or is disabled\"}",
                    h.get("/h/hash?types=nope&url=" + at("127.0.0.1", "/img.jpg")));

            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"B\"}").status());
            expect(200, "{\"id\":1,\"signals\":{\"pdq\":\"" + pdq + "\"}}", h.postJson("/c/bank/B/content?url="
                    + at("127.0.0.1", "/img.jpg"), "{\"note\": \"fetched\", \"metadata\": {\"content_id\": \"u1\"}}"));
            expect(200, "{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"B\"},\"disable_until_ts\":1,\"id\":1,"
                    + "\"metadata\":{\"collab\":null,\"content_id\":\"u1\",\"content_uri\":null,\"json\":null},"
                    + "\"note\":\"fetched\",\"original_media_uri\":null}", h.get("/c/bank/B/content/1"));
            expect(200, "{\"pdq\":{\"B\":[{\"bank_content_id\":1,\"distance\":\"0\"}]}}",
                    h.get("/m/lookup?url=" + at("127.0.0.1", "/img.jpg")));
            expect(200, "{\"B\":[{\"bank_content_id\":1,\"distance\":\"0\"}]}",
                    h.get("/m/lookup?signal_type=pdq&url=" + at("127.0.0.1", "/img.jpg")));
            expect(200, "{}", h.get("/m/lookup?signal_type=video_md5&url=" + at("127.0.0.1", "/img.jpg")));
        }
    }

    @Test
    void aRedirectIsCheckedAgainstTheAllowList() throws Exception {
        try (ServerHarness h = ServerHarness.start("fetch-allow", o -> o.withDev(false)
                .withFetching(List.of("localhost"), true).withSignalTypes("pdq,video_md5"))) {
            String ok = "{\"pdq\":\"" + HashingRoutesTest.PHOTO_PDQ + "\"}";
            expect(200, ok, h.get("/h/hash?url=" + at("localhost", "/img.jpg")));
            expect(200, ok, h.get("/h/hash?url=" + at("localhost", "/to-localhost")));
            int before = byAddress.get();
            expect(400, UNSAFE, h.get("/h/hash?url=" + at("127.0.0.1", "/img.jpg")));
            expect(400, UNSAFE, h.get("/h/hash?url=" + at("localhost", "/to-address")));
            expect(400, UNSAFE, h.get("/h/hash?url=" + at("localhost", "/to-metadata")));
            assertEquals(before, byAddress.get(), "the refused address was not fetched");
        }
    }

    @Test
    void aBodyOverTheCapIs413() throws Exception {
        try (ServerHarness h = ServerHarness.start("fetch-cap", o -> o.withMaxUploadBytes(1000)
                .withSignalTypes("pdq,video_md5"))) {
            String tooLarge = "{\"message\":\"Content too large\"}";
            expect(413, tooLarge, h.get("/h/hash?url=" + at("127.0.0.1", "/img.jpg")));
            expect(413, tooLarge, h.get("/h/hash?url=" + at("127.0.0.1", "/chunked.jpg")));
            expect(413, tooLarge, h.get("/m/lookup?url=" + at("127.0.0.1", "/chunked.jpg")));
            expect(413, "{\"message\":\"The data value transmitted exceeds the capacity limit.\"}",
                    h.upload("/h/hash", "photo", jpeg));
            assertEquals(201, h.postJson("/c/banks", "{\"name\": \"B\"}").status());
            expect(413, "{\"message\":\"The data value transmitted exceeds the capacity limit.\"}",
                    h.upload("/c/bank/B/content", "photo", jpeg));
            expect(413, "{\"message\":\"The data value transmitted exceeds the capacity limit.\"}",
                    h.upload("/m/lookup", "photo", jpeg));
            expect(413, tooLarge, h.postJson("/c/bank/B/content?url=" + at("127.0.0.1", "/img.jpg"), "{}"));
            // nothing was added
            expect(404, "{\"message\":\"content '1' not found\"}", h.get("/c/bank/B/content/1"));
        }
    }
}
