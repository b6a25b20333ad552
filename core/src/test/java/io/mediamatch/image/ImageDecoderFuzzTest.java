package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mediamatch.MediaException;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import java.awt.image.BufferedImage;

/**
 * Coverage-guided fuzzing (Jazzer) of every still-image path: format sniffing, the structure checks, every decoder
 * and the PDQ hash of what they return. Any input is hashed or refused with a {@link MediaException} naming it;
 * anything else (another exception, an image of impossible size, a hang, running out of memory) is a finding.
 * Seeds: {@code test-fixtures/src/main/resources/io/mediamatch/image/ImageDecoderFuzzTestInputs/decode}, one
 * small file per format and decoder path.
 */
class ImageDecoderFuzzTest {
    private static final DecodeOptions LIMITS = new DecodeOptions(1 << 22, 1 << 22, false);
    private static final ImageDecoder DECODER = new ImageDecoder(LIMITS);

    @FuzzTest(maxDuration = "15s")
    void decode(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** One input: also the entry point of the standalone Jazzer driver for long runs (docs/limits.md). */
    public static void fuzzerTestOneInput(byte[] data) {
        try {
            BufferedImage img = DECODER.decode(data, "fuzz-input");
            assertTrue(img.getWidth() > 0 && img.getHeight() > 0
                    && (long) img.getWidth() * img.getHeight() <= LIMITS.maxPixels(), "impossible size");
            PdqHash h = new PdqHasher().hash(img);
            assertTrue(h.quality() >= 0 && h.quality() <= 100);
        } catch (MediaException e) {
            assertTrue(e.getMessage().startsWith("fuzz-input: ") && e.reason().length() > 3, e.getMessage());
        }
    }
}
