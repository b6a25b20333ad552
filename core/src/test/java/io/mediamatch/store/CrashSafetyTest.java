package io.mediamatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Kills a child JVM in the middle of a big import, several times; the store must open with its old contents. */
class CrashSafetyTest {
    @Test
    void killDashNineMidImportKeepsThePreviousContents() throws Exception {
        Path dir = Fixtures.scratchDir("crash");
        Path db = dir.resolve("store.db");
        Path base = dir.resolve("base.txt");
        Path big = dir.resolve("big.txt");
        Random rnd = new Random(42);
        writeHashes(base, 1000, rnd);
        writeHashes(big, 250_000, rnd);
        String before;
        try (SignalStore s = SignalStore.open(db)) {
            s.importFiles(List.of(base), SignalFormat.HASHLIST, ImportOptions.defaults().withBank("base"), null);
            before = SignalStoreTest.export(s, SignalFormat.JSONL);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int killed = 0;
        for (int run = 0; run < 4; run++) {
            Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashImportChild.class.getName(), db.toString(), big.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("importing", line, "child did not start importing");
            Thread.sleep(50 + rnd.nextInt(400));
            if (p.isAlive()) {
                p.destroyForcibly();
                killed++;
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            try (SignalStore s = SignalStore.open(db)) {
                assertEquals(before, SignalStoreTest.export(s, SignalFormat.JSONL), "run " + run);
                assertTrue(s.bank("incoming").isEmpty(), "the bank created by the import must be gone too");
            }
        }
        assertTrue(killed >= 3, "the child finished before it was killed too often: " + killed);
        // The store still takes writes after the crashes.
        try (SignalStore s = SignalStore.open(db)) {
            ImportResult r = s.importFiles(List.of(base), SignalFormat.HASHLIST,
                    ImportOptions.defaults().withBank("base2"), null);
            assertEquals(1000, r.added());
        }
    }

    static void writeHashes(Path file, int n, Random rnd) throws Exception {
        try (Writer w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < n; i++) {
                w.write(String.format("%016x%016x%016x%016x%n", rnd.nextLong(), rnd.nextLong(), rnd.nextLong(),
                        rnd.nextLong()));
            }
        }
    }
}
