package io.mediamatch.tmk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TmkHashFormatTest {
    private static Path chair19() {
        return TmkReferenceFiles.dir().resolve("chair-19-sd-bar.tmk");
    }

    @Test
    void everyPublishedFileRoundTripsToTheSameBytes() throws IOException {
        int n = 0;
        for (String name : TmkReferenceFiles.published().keySet()) {
            Path file = TmkReferenceFiles.dir().resolve(name + ".tmk");
            byte[] original = Files.readAllBytes(file);
            TmkHash hash = TmkHash.parse(original, file.toString());
            assertArrayEquals(original, hash.toBytes(), name);
            assertEquals(hash, TmkHash.parse(hash.toBytes(), "again"), name);
            n++;
        }
        assertEquals(8, n);
    }

    @Test
    void publishedHeaderHasTheReferenceParameters() throws IOException {
        TmkHash h = TmkHash.read(chair19());
        assertEquals(15, h.framesPerSecond());
        assertArrayEquals(TmkParameters.periods(), h.periods());
        assertArrayEquals(TmkParameters.fourierCoefficients(), h.fourierCoefficients());
        assertEquals(256, h.featureDimension());
        assertEquals(284, h.frameCount());
    }

    @Test
    void writeThenReadFromDisk() throws IOException {
        TmkHash h = TmkHash.read(chair19());
        Path out = Fixtures.scratchDir("tmk-format").resolve("copy.tmk");
        h.write(out);
        assertArrayEquals(Files.readAllBytes(chair19()), Files.readAllBytes(out));
    }

    @Test
    void rejectsMalformedFilesNamingTheSource() throws IOException {
        byte[] good = Files.readAllBytes(chair19());
        assertRejected(Arrays.copyOf(good, 20), "truncated header");
        assertRejected(Arrays.copyOf(good, good.length - 1), "truncated");
        assertRejected(Arrays.copyOf(good, good.length + 4), "trailing bytes");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertRejected(magic, "project magic");
        byte[] algo = good.clone();
        algo[8] = 'Z';
        assertRejected(algo, "algorithm magic");
        assertRejected(withInt(good, 16, 1_000_000), "period count");
        assertRejected(withInt(good, 20, -3), "Fourier-coefficient count");
        assertRejected(withInt(good, 24, Integer.MAX_VALUE), "feature dimension");
        assertRejected(withInt(good, 28, -1), "negative frame count");
        assertRejected(withInt(good, 32, 0), "period 0");
        byte[] nan = withInt(good, 32 + 16 + 128, Float.floatToRawIntBits(Float.NaN));
        assertRejected(nan, "non-finite");
        assertRejected(new byte[0], "truncated header");
    }

    private static byte[] withInt(byte[] data, int offset, int value) {
        byte[] copy = data.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    private static void assertRejected(byte[] data, String cause) {
        TmkFormatException e = assertThrows(TmkFormatException.class, () -> TmkHash.parse(data, "bad.tmk"));
        assertTrue(e.getMessage().startsWith("bad.tmk: "), e.getMessage());
        assertTrue(e.getMessage().contains(cause), e.getMessage());
    }
}
