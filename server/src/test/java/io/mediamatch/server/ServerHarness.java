package io.mediamatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.fixtures.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A real {@link MatchServer} on a loopback port over a fresh store file under {@code target/}, and a JDK HTTP
 * client that talks to it (JSON, multipart uploads, bearer tokens). Close it to stop the server.
 */
final class ServerHarness implements AutoCloseable {
    final MatchServer server;
    final Path db;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String token;

    /** A response: status, headers' content type, body text. */
    record Reply(int status, String contentType, String body, HttpResponse<String> raw) {
        JsonNode json() {
            return Json.parse(body);
        }
    }

    /** Asserts a JSON reply: this status and exactly this body (plus Flask's trailing newline). */
    static void expect(int status, String body, Reply r) {
        org.junit.jupiter.api.Assertions.assertEquals(status, r.status(), r.body());
        org.junit.jupiter.api.Assertions.assertEquals(body + "\n", r.body());
        org.junit.jupiter.api.Assertions.assertEquals("application/json", r.contentType());
    }

    private ServerHarness(MatchServer server, Path db) {
        this.server = server;
        this.db = db;
    }

    static ServerHarness start(String name) throws Exception {
        return start(name, o -> o);
    }

    /** Starts over a fresh store {@code target/scratch/<name>/store.db}, options adjusted, indexes loaded. */
    static ServerHarness start(String name, UnaryOperator<ServeOptions> adjust) throws Exception {
        Path dir = Fixtures.scratchDir("server-" + name);
        Path db = dir.resolve("store.db");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(dir.resolve("store.db" + suffix));
        }
        return over(db, adjust);
    }

    /** Starts over an existing store file, indexes loaded. */
    static ServerHarness over(Path db, UnaryOperator<ServeOptions> adjust) throws Exception {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        Path probe = Files.createTempFile("harness-", ".probe");
        Files.delete(probe);
        if (!probe.startsWith(Path.of("target").toAbsolutePath())) {
            throw new IllegalStateException("temporary files go to " + probe.getParent() + ", not under target/");
        }
        ServeOptions o = adjust.apply(ServeOptions.defaults(db).withPort(0).withDev(true));
        MatchServer s = MatchServer.start(o);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!s.ready()) {
            if (System.nanoTime() > until) {
                s.close();
                throw new IllegalStateException("indexes did not load within 30 s");
            }
            Thread.sleep(10);
        }
        return new ServerHarness(s, db);
    }

    String url(String path) {
        return server.url() + path;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    Reply send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body(), r);
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    Reply postJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply putJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Any method with a body of this content type (null: no Content-Type header). */
    Reply send(String method, String path, String contentType, String body) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = request(path).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    /** A GET with this bearer token (null: none), whatever the harness's own token. */
    Reply getAs(String bearer, String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.GET().build());
    }

    /** POSTs one file as a multipart part named {@code field}, plus text fields given as name, value pairs. */
    Reply upload(String path, String field, Path file, String... textFields) throws IOException,
            InterruptedException {
        return upload(path, field, Files.readAllBytes(file), textFields);
    }

    Reply upload(String path, String field, byte[] content, String... textFields) throws IOException,
            InterruptedException {
        return field == null ? uploadFiles(path, new String[0], new byte[0][], textFields)
                : uploadFiles(path, new String[] {field}, new byte[][] {content}, textFields);
    }

    /** POSTs several files as multipart parts, {@code fields[i]} holding {@code contents[i]}, plus text fields. */
    Reply uploadFiles(String path, String[] fields, byte[][] contents, String... textFields) throws IOException,
            InterruptedException {
        String boundary = "mm" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < textFields.length; i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + textFields[i]
                    + "\"\r\n\r\n" + textFields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < fields.length; i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i]
                    + "\"; filename=\"upload" + i + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(contents[i]);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** A random PDQ hash as lower-case hex, the same for the same seed. */
    static String randomHash(long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        return io.mediamatch.pdq.Hash256.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()).toHex();
    }

    /** {@code hex} with its first {@code bits} bits flipped (Hamming distance {@code bits}, at most 64). */
    static String flipBits(String hex, int bits) {
        char[] c = hex.toCharArray();
        for (int i = 0; i < bits; i++) {
            int nibble = i / 4;
            int v = Character.digit(c[nibble], 16) ^ (8 >> (i % 4));
            c[nibble] = Character.forDigit(v, 16);
        }
        return new String(c);
    }

    @Override
    public void close() {
        server.close();
    }
}
