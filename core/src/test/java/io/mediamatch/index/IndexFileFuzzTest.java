package io.mediamatch.index;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mediamatch.pdq.Hash256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Coverage-guided fuzzing (Jazzer) of the on-disk index ({@link IndexFile}, loaded by {@link HammingIndex#load}).
 * The harness writes the input's correct CRC-32C into its header first, so the fuzzer reaches the structure checks
 * behind the checksum (ids, hash words, multi-index tables); a loaded index must answer a range query with ids it
 * holds. Anything but an {@link IOException} naming the file is a finding. Seeds:
 * {@code test-fixtures/src/main/resources/io/mediamatch/index/IndexFileFuzzTestInputs/load} (a small saved scan
 * and multi-index).
 */
class IndexFileFuzzTest {
    private static final Path FILE = Path.of("target", "scratch", "index-fuzz", "fuzz.idx").toAbsolutePath();

    @FuzzTest(maxDuration = "15s")
    void load(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** One input: also the entry point of the standalone Jazzer driver for long runs (docs/limits.md). */
    public static void fuzzerTestOneInput(byte[] data) {
        byte[] b = data.clone();
        if (b.length >= 32) {
            CRC32C crc = new CRC32C();
            crc.update(b, 8, 16);
            crc.update(b, 32, b.length - 32);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(24, crc.getValue());
        }
        HammingIndex index;
        try {
            Files.createDirectories(FILE.getParent());
            Files.write(FILE, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            index = HammingIndex.load(FILE);
        } catch (IOException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(FILE.getFileName().toString()),
                    e.toString());
            return;
        }
        Set<Long> ids = new HashSet<>();
        for (IndexMatch m : index.nearest(Hash256.ZERO, Math.min(index.size(), 1000))) {
            ids.add(m.id());
        }
        for (IndexMatch m : index.range(Hash256.ZERO, 64)) {
            assertTrue(m.distance() >= 0 && m.distance() <= 64, String.valueOf(m));
        }
        assertTrue(ids.size() <= index.size());
    }
}
