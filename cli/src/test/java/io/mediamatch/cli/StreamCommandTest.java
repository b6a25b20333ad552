package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.stream.LocalBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StreamCommandTest {
    @Test
    void publishResumesAndRetroScanFindsTheNewSignal() throws Exception {
        Path dir = Fixtures.scratchDir("stream-cli");
        Path db = dir.resolve("db.sqlite");
        Path photo = Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg");
        Path other = Fixtures.reference("pdq/images/misc-images/c.png");
        Path list = Files.writeString(dir.resolve("pdq.txt"),
                "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\n");
        assertEquals(0, CliRun.of("db", "init", "--db", db.toString()).exit());
        CliRun imp = CliRun.of("db", "import", "--db", db.toString(), "--format", "hashlist", "--bank", "b",
                list.toString());
        assertEquals(0, imp.exit(), imp.err());
        try (LocalBroker broker = LocalBroker.start(0, dir.resolve("kafka"))) {
            CliRun first = CliRun.of("db", "publish", "--db", db.toString(), "--bootstrap", broker.bootstrap(),
                    "--topic", "signals");
            assertEquals(0, first.exit(), first.err());
            assertTrue(first.out().startsWith("published 1 signal changes"), first.out());
            CliRun again = CliRun.of("db", "publish", "--db", db.toString(), "--bootstrap", broker.bootstrap(),
                    "--topic", "signals");
            assertTrue(again.out().startsWith("published 0 signal changes"), again.out());
        }
        Path uploads = Files.writeString(dir.resolve("uploads.jsonl"),
                "{\"id\":\"p\",\"path\":\"" + photo + "\"}\n{\"id\":\"o\",\"path\":\"" + other + "\"}\n");
        CliRun scan = CliRun.of("stream", "retro-scan", "--db", db.toString(), "--since", "-1", "--uploads",
                uploads.toString(), "--matched-only");
        assertEquals(0, scan.exit(), scan.err());
        String[] lines = scan.out().strip().split("\n");
        assertEquals(1, lines.length, scan.out());
        assertTrue(lines[0].startsWith("{\"id\":\"p\""), lines[0]);
    }
}
