package io.mediamatch.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of every import format into a real SQLite store: hash lists, pytx CSV and files,
 * the ThreatExchange cache, TAT and StopNCII JSON, JSON Lines, vPDQ text and {@code .tmk} (the first input byte picks
 * the format, the rest is the file). Each input is imported (bad rows counted with their line) or refused with an
 * {@link IOException} naming why, and the store still answers; anything else is a finding. Seeds:
 * {@code test-fixtures/src/main/resources/io/mediamatch/store/ImportFuzzTestInputs/imports} (a store's own export
 * in each format, a reference vPDQ file, a small .tmk), each prefixed with its format's ordinal.
 */
class ImportFuzzTest {
    private static final SignalFormat[] FORMATS = SignalFormat.values();
    private static final Path DIR = Path.of("target", "scratch", "import-fuzz").toAbsolutePath();
    private static SignalStore store;

    @FuzzTest(maxDuration = "15s")
    void imports(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** One input: also the entry point of the standalone Jazzer driver for long runs (docs/limits.md). */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        SignalFormat format = FORMATS[(data[0] & 0xFF) % FORMATS.length];
        try {
            // te-cache reads the signal type from the file name
            Path file = Files.write(Files.createDirectories(DIR).resolve(format == SignalFormat.TE_CACHE
                    ? "simple.HASH_PDQ.te" : "input." + format.cliName()), Arrays.copyOfRange(data, 1, data.length));
            try {
                ImportResult r = store().importFiles(List.of(file), format, null, null);
                for (RowError e : r.errors()) {
                    assertTrue(e.line() >= 0 && !String.valueOf(e).isBlank(), String.valueOf(e));
                }
            } catch (IOException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), e.toString());
            }
            store().stats(); // still answers
        } catch (IOException e) {
            throw new UncheckedIOException("the harness's own files or the store failed", e);
        }
    }

    private static synchronized SignalStore store() throws IOException {
        if (store == null) {
            Files.createDirectories(DIR);
            Files.deleteIfExists(DIR.resolve("fuzz.db"));
            store = SignalStore.open(DIR.resolve("fuzz.db"));
        }
        return store;
    }
}
