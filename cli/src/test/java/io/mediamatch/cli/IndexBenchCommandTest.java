package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.pdq.Hash256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexBenchCommandTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Hash256 random(Random r) {
        return Hash256.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }

    @Test
    void jsonLinesReportExactCountsOnGeneratedFiles() throws IOException {
        Path dir = Fixtures.scratchDir("bench-index");
        Random r = new Random(1);
        List<Hash256> db = new ArrayList<>();
        List<String> dbLines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Hash256 h = random(r);
            db.add(h);
            dbLines.add(i % 3 == 0 ? h.toHex() + ",label=" + i : h.toHex());
        }
        dbLines.add("not a hash");
        List<Hash256> qs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // half near a database hash, half unrelated
            Hash256 near = db.get(r.nextInt(db.size())).xor(Hash256.of(0xFFFFL << (i % 40), 0, 0, 1L));
            Hash256 q = i % 2 == 0 ? near : random(r);
            qs.add(q);
        }
        Path dbFile = Files.write(dir.resolve("db.hex"), dbLines);
        Path qFile = Files.write(dir.resolve("queries.hex"), qs.stream().map(Hash256::toHex).toList());
        long want = 0;
        long wantKnn = 0;
        for (Hash256 q : qs) {
            int best = 257;
            for (Hash256 h : db) {
                int d = h.distance(q);
                want += d <= 31 ? 1 : 0;
                best = Math.min(best, d);
            }
            wantKnn += best <= 31 ? 1 : 0;
        }
        assertTrue(want > 0);
        for (String engine : new String[] {"auto", "scan", "mih"}) {
            CliRun res = run("bench", "index", "--db", dbFile.toString(), "--queries", qFile.toString(),
                    "--engine", engine, "--json", "--threads", "2", "--warmup", "0");
            assertEquals(0, res.exit(), res.err());
            assertTrue(res.err().contains("skipped 1 lines"), res.err());
            String[] lines = res.out().trim().split("\n");
            assertEquals(4, lines.length, res.out());
            for (String line : lines) {
                JsonNode o = new ObjectMapper().readTree(line);
                for (String f : new String[] {"method", "n", "queries_per_s", "ms_per_query", "build_s", "index_mib",
                    "found"}) {
                    assertTrue(o.has(f), f + " missing in " + line);
                }
                assertEquals(3000, o.get("n").asInt());
                assertTrue(o.get("queries_per_s").asDouble() > 0);
                String method = o.get("method").asText();
                assertTrue(method.startsWith(engine + " "), method);
                long expected = method.contains("range") ? want : wantKnn;
                assertEquals(expected, o.get("found").asLong(), method);
            }
        }
    }

    @Test
    void generatesRandomDataAndPrintsText() {
        CliRun res = run("bench", "index", "--size", "20000", "--queries-size", "50", "--flips", "15", "--k", "2",
                "--warmup", "0.05");
        assertEquals(0, res.exit(), res.err());
        String[] lines = res.out().trim().split("\n");
        assertEquals(5, lines.length, res.out());
        assertTrue(lines[0].startsWith("# mediamatch auto, n=20000"), lines[0]);
        // every query is 15 bits from a database hash, so range d<=31 finds at least one hash per query
        String range = lines[1];
        assertTrue(range.startsWith("auto range d<=31"), range);
        long found = Long.parseLong(range.substring(range.lastIndexOf(' ') + 1));
        assertTrue(found >= 50, range);
        assertTrue(lines[2].contains("kNN k=2"), lines[2]);
    }

    @Test
    void largeBatchRowsFindWhatSingleQueriesFind() {
        // 1,000 queries per call at 60,000 hashes: the multi-index walks its tables once per batch
        CliRun res = run("bench", "index", "--size", "60000", "--queries-size", "2000", "--flips", "20",
                "--engine", "mih", "--batch", "1000", "--warmup", "0.05");
        assertEquals(0, res.exit(), res.err());
        String[] lines = res.out().trim().split("\n");
        assertTrue(lines[3].startsWith("mih range d<=31 batch1000"), lines[3]);
        String single = lines[1].substring(lines[1].lastIndexOf(' ') + 1);
        assertTrue(Long.parseLong(single) >= 2000, lines[1]);
        assertEquals(single, lines[3].substring(lines[3].lastIndexOf(' ') + 1), res.out());
        assertEquals(2, run("bench", "index", "--size", "10", "--batch", "0").exit());
    }

    @Test
    void kZeroSkipsTheKnnRows() {
        CliRun res = run("bench", "index", "--size", "20000", "--queries-size", "20", "--k", "0", "--warmup", "0");
        assertEquals(0, res.exit(), res.err());
        assertFalse(res.out().contains("kNN"), res.out());
        assertTrue(res.out().contains("range d<=31 batch8"), res.out());
    }

    @Test
    void badInputAndOptionsHaveDocumentedExitCodes() {
        Path missing = Fixtures.scratchDir("bench-index-missing").resolve("nope.hex");
        CliRun r1 = run("bench", "index", "--db", missing.toString(), "--queries", missing.toString());
        assertEquals(1, r1.exit());
        assertTrue(r1.err().contains("nope.hex"), r1.err());
        assertEquals(2, run("bench", "index").exit());
        assertEquals(2, run("bench", "index", "--size", "10", "--engine", "fast").exit());
        assertEquals(2, run("bench", "index", "--size", "10", "--distance", "-1").exit());
        assertEquals(2, run("bench").exit());
    }
}
