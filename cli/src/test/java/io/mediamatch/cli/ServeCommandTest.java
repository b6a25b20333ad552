package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.store.SignalStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code mediamatch serve} as a real process: it logs its URL, serves, and stops on SIGTERM keeping its writes. */
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final String HASH = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    @Test
    void servesUntilSigtermAndKeepsWhatWasWritten() throws Exception {
        Path dir = Fixtures.scratchDir("serve-process");
        Path db = dir.resolve("serve.db");
        for (String s : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(dir.resolve("serve.db" + s));
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--db", db.toString(), "--port", "0")).redirectErrorStream(true).start();
        // Read the process's log on a thread of its own: destroy() may close the stream under a reader.
        StringBuffer logged = new StringBuffer();
        java.util.concurrent.CompletableFuture<String> url = new java.util.concurrent.CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader log = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = log.readLine()) != null; ) {
                    logged.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (java.io.IOException e) {
                // closed by destroy()
            }
            url.complete(null);
        });
        drain.start();
        try {
            String base = url.get(60, TimeUnit.SECONDS);
            assertTrue(base != null, "no 'listening on' line: " + logged);
            HttpClient client = HttpClient.newHttpClient();
            String status = null;
            for (int i = 0; i < 300 && !"I-AM-ALIVE".equals(status); i++) {
                status = client.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Thread.sleep(20);
            }
            assertEquals("I-AM-ALIVE", status);
            assertEquals(201, post(client, base + "/c/banks", "{\"name\": \"KEPT\"}").statusCode());
            HttpResponse<String> added = post(client, base + "/c/bank/KEPT/signal", "{\"pdq\": \"" + HASH + "\"}");
            assertEquals("{\"id\":1,\"signals\":{\"pdq\":\"" + HASH + "\"}}\n", added.body());

            // SIGTERM through kill(1): Process.destroy() would also close the log stream we read.
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "serve did not stop within 30 s of SIGTERM");
            assertFalse(p.isAlive());
            drain.join(10_000);
            assertTrue(logged.toString().contains("stopped"), logged.toString());
        } finally {
            p.destroyForcibly();
        }
        try (SignalStore s = SignalStore.open(db)) {
            assertEquals(HASH, s.contents().get(1).orElseThrow().signals().values().iterator().next());
        }
    }

    private static HttpResponse<String> post(HttpClient c, String url, String json) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesANonLoopbackAddressWithoutTokens() {
        Path db = Fixtures.scratchDir("serve-refuse").resolve("refuse.db");
        CliRun r = CliRun.command("serve", "--db", db.toString(), "--host", "0.0.0.0", "--port", "0");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("without API tokens") && r.err().contains("--no-auth"), r.err());
    }

    @Test
    void printsANewTokenAndItsLine() {
        CliRun r = CliRun.command("serve", "--new-token", "matcher,hasher");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().strip().matches("[A-Za-z0-9_-]{43}"), r.out());
        assertTrue(r.err().matches("(?s).*[0-9a-f]{64} matcher,hasher token-\\d+\\s*"), r.err());
    }
}
