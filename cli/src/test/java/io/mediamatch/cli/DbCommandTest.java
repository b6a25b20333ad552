package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DbCommandTest {
    static final String H1 = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    @Test
    void importExportStatsBanksAndExitCodes() throws Exception {
        Path dir = Fixtures.scratchDir("cli-db");
        String db = dir.resolve("t.db").toString();
        Path list = dir.resolve("h.txt");
        Files.writeString(list, H1 + ",one\nnot-a-hash\n");
        assertEquals(0, CliRun.of("db", "init", "--db", db).exit());

        CliRun strict = CliRun.of("db", "import", "--db", db, "--format", "hashlist", "--strict", list.toString());
        assertEquals(2, strict.exit());
        assertTrue(strict.err().contains("h.txt:2:"), strict.err());

        CliRun lenient = CliRun.of("db", "import", "--db", db, "--format", "hashlist", "--bank", "b1", "--label", "x",
                list.toString());
        assertEquals(1, lenient.exit(), "a row was skipped");
        assertTrue(lenient.out().contains("added 1"), lenient.out());
        assertTrue(lenient.err().contains("h.txt:2:"));

        assertEquals(0, CliRun.of("db", "bank", "set", "--db", db, "b1", "--distance", "12", "--negative").exit());
        assertEquals(1, CliRun.of("db", "bank", "disable", "--db", db, "nope").exit());
        JsonNode stats = new ObjectMapper().readTree(CliRun.of("db", "stats", "--db", db, "--json").out());
        assertEquals(1, stats.get("total").asInt());
        JsonNode bank = stats.get("banks").get(0);
        assertEquals("b1", bank.get("name").asText());
        assertEquals(12, bank.get("match_distance").asInt());
        assertTrue(bank.get("negative").asBoolean());

        Path export = dir.resolve("e.jsonl");
        assertEquals(0, CliRun.of("db", "export", "--db", db, "--format", "jsonl", "-o", export.toString()).exit());
        String db2 = dir.resolve("t2.db").toString();
        assertEquals(0, CliRun.of("db", "import", "--db", db2, "--format", "jsonl", export.toString()).exit());
        CliRun list2 = CliRun.of("db", "list", "--db", db2, "--json");
        JsonNode sig = new ObjectMapper().readTree(list2.out().strip());
        assertEquals(H1, sig.get("value").asText());
        assertEquals("one", sig.get("external_id").asText());
        assertEquals("x", sig.get("labels").get(0).asText());

        assertEquals(0, CliRun.of("db", "delete", "--db", db, "--type", "pdq", H1).exit());
        assertEquals(1, CliRun.of("db", "delete", "--db", db, "--type", "pdq", H1).exit(), "already deleted");
        assertEquals(2, CliRun.of("db", "import", "--db", db, "--format", "nope", list.toString()).exit());
        assertEquals(2, CliRun.of("db", "import", "--format", "hashlist", list.toString()).exit(), "--db required");
        assertEquals(2, CliRun.of("db", "import", "--db", db, "--format", "hashlist",
                dir.resolve("missing").toString()).exit());
    }

    @Test
    void aMissingDatabaseIsRefusedByTheCommandsThatReadAndNotCreated() throws Exception {
        Path missing = Fixtures.scratchDir("cli-db-missing").resolve("typo.db");
        for (String[] args : new String[][] {
                {"db", "list", "--db", missing.toString()},
                {"db", "stats", "--db", missing.toString()},
                {"db", "export", "--db", missing.toString()},
                {"match", "--db", missing.toString(), Fixtures.reference("pdq/images/pen-and-coaster.png").toString()}}) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(missing.toString()) && r.err().contains("no such database"), r.err());
            assertFalse(Files.exists(missing), String.join(" ", args) + " created " + missing);
        }
    }

    @Test
    void sampleDatabaseIsBuiltFromTheBundledJsonl() throws Exception {
        CliRun r = CliRun.of("db", "stats", "--json");
        assertEquals(0, r.exit());
        JsonNode stats = new ObjectMapper().readTree(r.out());
        assertTrue(stats.get("total").asInt() >= 5);
        boolean negative = false;
        for (JsonNode b : stats.get("banks")) {
            negative |= b.get("negative").asBoolean();
        }
        assertTrue(negative, "the sample has a negative bank");
    }
}
