package io.mediamatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mediamatch.fixtures.Fixtures;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Downsampled hashing (-s 128) against the C++ reference tool's output, byte for byte. */
class VpdqDownsampleTest {
    @ParameterizedTest
    @ValueSource(strings = {"doorknob-hd-no-bar", "test-padded-dimensions"})
    void matchesReferenceToolAt128(String name) throws Exception {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("cpp-downsample-128/" + name + ".txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        VpdqHash ours = VpdqHasher.builder().everyFrame().downsample(128).threads(2).build()
                .hash(Fixtures.reference("video/videos/" + name + ".mp4"));
        assertEquals(expected, ours.toText());
    }
}
