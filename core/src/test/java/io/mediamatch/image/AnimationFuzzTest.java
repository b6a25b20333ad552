package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mediamatch.MediaException;
import io.mediamatch.pdq.PdqHasher;

/**
 * Coverage-guided fuzzing (Jazzer) of the animation structure walk ({@link AnimatedImage}: GIF blocks, APNG chunks,
 * WebP chunks) and of {@link WebpAnimation}'s frame compositing, each frame PDQ-hashed. FFmpeg's GIF and APNG
 * decoders are native (not instrumented): {@code MutatedFilesTest} mutates those. Any input is read or refused with
 * a {@link MediaException}; anything else is a finding. Seeds:
 * {@code test-fixtures/src/main/resources/io/mediamatch/image/AnimationFuzzTestInputs/frames}.
 */
class AnimationFuzzTest {
    private static final long MAX_PIXELS = 1 << 20;

    @FuzzTest(maxDuration = "15s")
    void frames(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** One input: also the entry point of the standalone Jazzer driver for long runs (docs/limits.md). */
    public static void fuzzerTestOneInput(byte[] data) {
        try {
            AnimatedImage a = AnimatedImage.of(data, "fuzz-input");
            if (a == null || a.format() != ImageFormat.WEBP) {
                return;
            }
            try (WebpAnimation w = WebpAnimation.open(data, "fuzz-input", MAX_PIXELS)) {
                assertEquals(a.frames(), w.frames());
                assertTrue((long) w.width() * w.height() <= MAX_PIXELS);
                PdqHasher pdq = new PdqHasher();
                int n = 0;
                while (n < 64 && w.next()) {
                    assertTrue(w.timestampSeconds() >= 0);
                    pdq.hashRgb(w.rgb(), w.width(), w.height(), 3 * w.width());
                    n++;
                }
            }
        } catch (MediaException e) {
            assertTrue(e.getMessage().startsWith("fuzz-input: ") && e.reason().length() > 3, e.getMessage());
        }
    }
}
