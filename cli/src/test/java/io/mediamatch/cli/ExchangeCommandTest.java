package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExchangeCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String H1 = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    static final String H2 = "0000000000000000000000000000000000000000000000000000000000000001";

    static CliRun ex(String... args) {
        return CliRun.command("exchange", args);
    }

    @Test
    void sampleIsAddedFetchedAndMatched() throws Exception {
        String db = Fixtures.scratchDir("cli-exchange-sample").resolve("x.db").toString();
        CliRun add = ex("add", "--db", db, "demo", "--api", "sample");
        assertEquals(0, add.exit(), add.err());
        assertEquals("demo\tsample\tenabled\t{}\n", add.out());
        assertEquals(2, ex("add", "--db", db, "demo", "--api", "sample").exit(), "exists");
        CliRun unknown = ex("add", "--db", db, "other", "--api", "gifct");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("known: sample, local_file"), unknown.err());

        CliRun fetch = ex("fetch", "--db", db);
        assertEquals(0, fetch.exit(), fetch.err());
        assertEquals("demo: ok, 4 record(s), full refetch, 0 no longer listed\n", fetch.out());
        assertEquals(0, ex("fetch", "--db", db, "demo").exit());

        CliRun match = CliRun.of("match", "--db", db,
                Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg").toString());
        assertEquals(1, match.exit(), match.err());
        assertTrue(match.out().contains("demo"), match.out());

        CliRun status = ex("status", "--db", db, "--json");
        assertEquals(0, status.exit(), status.err());
        JsonNode st = JSON.readTree(status.out());
        assertEquals("demo", st.get("name").asText());
        assertEquals("sample", st.get("api").asText());
        assertTrue(st.get("last_fetch_succeeded").asBoolean());
        assertTrue(st.get("up_to_date").asBoolean());
        assertEquals(4, st.get("fetched_records").asInt());
        assertTrue(st.get("last_error").isNull());
        assertFalse(st.get("running").asBoolean());
        Instant.parse(st.get("last_fetch_end").asText());
        assertTrue(ex("status", "--db", db).out().startsWith("demo\tok\tup to date\tlast="));
        assertTrue(ex("show", "--db", db, "demo").out().contains("fetched_records: 4\n"));
    }

    @Test
    void localFileIsConfiguredDisabledEnabledFetchedAndRemoved() throws Exception {
        Path dir = Fixtures.scratchDir("cli-exchange-local");
        String db = dir.resolve("x.db").toString();
        Path file = dir.resolve("h.txt");
        Files.writeString(file, H1 + "\n" + H2 + "\n");
        assertEquals(0, ex("add", "--db", db, "loc", "--api", "local_file", "--set", "path=" + file,
                "--disabled").exit());
        assertEquals("loc\tlocal_file\tdisabled\t{\"path\":\"" + file + "\"}\n", ex("list", "--db", db).out());
        assertEquals("", ex("fetch", "--db", db).out(), "disabled exchanges are not fetched by default");
        assertEquals(0, ex("enable", "--db", db, "loc").exit());
        CliRun fetch = ex("fetch", "--db", db);
        assertEquals(0, fetch.exit(), fetch.err());
        assertTrue(fetch.out().startsWith("loc: ok, 2 record(s)"), fetch.out());

        Files.writeString(file, H1 + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));
        fetch = ex("fetch", "--db", db, "loc");
        assertEquals("loc: ok, 1 record(s), full refetch, 1 no longer listed\n", fetch.out());
        CliRun list = CliRun.of("db", "list", "--db", db, "--bank", "loc", "--status", "deleted");
        assertTrue(list.out().contains(H2), list.out() + list.err());

        Files.delete(file);
        fetch = ex("fetch", "--db", db, "loc");
        assertEquals(1, fetch.exit());
        assertTrue(fetch.out().contains("failed after 0 record(s)") && fetch.out().contains("no such file"),
                fetch.out());
        JsonNode st = JSON.readTree(ex("status", "--db", db, "loc", "--json").out());
        assertFalse(st.get("last_fetch_succeeded").asBoolean());
        assertTrue(st.get("last_error").asText().contains("no such file"));

        assertEquals(0, ex("disable", "--db", db, "loc").exit());
        assertEquals(1, ex("show", "--db", db, "nope").exit());
        assertEquals(1, ex("fetch", "--db", db, "nope").exit());
        assertEquals("removed loc (bank loc kept)\n", ex("remove", "--db", db, "loc").out());
        assertEquals(1, ex("remove", "--db", db, "loc").exit());
        assertEquals("", ex("list", "--db", db).out());
        assertEquals(2, ex("list").exit(), "--db is required");
    }
}
