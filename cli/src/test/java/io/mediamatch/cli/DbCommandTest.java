package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.fixtures.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DbCommandTest {
    static final String H1 = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    /** Runs the CLI in-process; returns {exit code, stdout, stderr}. */
    static Object[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(System.out, true));
            cl.setErr(new java.io.PrintWriter(System.err, true));
            int code = cl.execute(args);
            return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void importExportStatsBanksAndExitCodes() throws Exception {
        Path dir = Fixtures.scratchDir("cli-db");
        String db = dir.resolve("t.db").toString();
        Path list = dir.resolve("h.txt");
        Files.writeString(list, H1 + ",one\nnot-a-hash\n");
        assertEquals(0, run("db", "init", "--db", db)[0]);

        Object[] strict = run("db", "import", "--db", db, "--format", "hashlist", "--strict", list.toString());
        assertEquals(2, strict[0]);
        assertTrue(((String) strict[2]).contains("h.txt:2:"), (String) strict[2]);

        Object[] lenient = run("db", "import", "--db", db, "--format", "hashlist", "--bank", "b1", "--label", "x",
                list.toString());
        assertEquals(1, lenient[0], "a row was skipped");
        assertTrue(((String) lenient[1]).contains("added 1"), (String) lenient[1]);
        assertTrue(((String) lenient[2]).contains("h.txt:2:"));

        assertEquals(0, run("db", "bank", "set", "--db", db, "b1", "--distance", "12", "--negative")[0]);
        assertEquals(1, run("db", "bank", "disable", "--db", db, "nope")[0]);
        JsonNode stats = new ObjectMapper().readTree((String) run("db", "stats", "--db", db, "--json")[1]);
        assertEquals(1, stats.get("total").asInt());
        JsonNode bank = stats.get("banks").get(0);
        assertEquals("b1", bank.get("name").asText());
        assertEquals(12, bank.get("match_distance").asInt());
        assertTrue(bank.get("negative").asBoolean());

        Path export = dir.resolve("e.jsonl");
        assertEquals(0, run("db", "export", "--db", db, "--format", "jsonl", "-o", export.toString())[0]);
        String db2 = dir.resolve("t2.db").toString();
        assertEquals(0, run("db", "import", "--db", db2, "--format", "jsonl", export.toString())[0]);
        Object[] list2 = run("db", "list", "--db", db2, "--json");
        JsonNode sig = new ObjectMapper().readTree(((String) list2[1]).strip());
        assertEquals(H1, sig.get("value").asText());
        assertEquals("one", sig.get("external_id").asText());
        assertEquals("x", sig.get("labels").get(0).asText());

        assertEquals(0, run("db", "delete", "--db", db, "--type", "pdq", H1)[0]);
        assertEquals(1, run("db", "delete", "--db", db, "--type", "pdq", H1)[0], "already deleted");
        assertEquals(2, run("db", "import", "--db", db, "--format", "nope", list.toString())[0]);
        assertEquals(2, run("db", "import", "--format", "hashlist", list.toString())[0], "--db required");
        assertEquals(2, run("db", "import", "--db", db, "--format", "hashlist", dir.resolve("missing").toString())[0]);
    }

    @Test
    void sampleDatabaseIsBuiltFromTheBundledJsonl() throws Exception {
        Object[] r = run("db", "stats", "--json");
        assertEquals(0, r[0]);
        JsonNode stats = new ObjectMapper().readTree((String) r[1]);
        assertTrue(stats.get("total").asInt() >= 5);
        boolean negative = false;
        for (JsonNode b : stats.get("banks")) {
            negative |= b.get("negative").asBoolean();
        }
        assertTrue(negative, "the sample has a negative bank");
    }
}
