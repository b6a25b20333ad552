package io.mediamatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VideoFrameReaderTest {
    static Stream<String> videos() throws Exception {
        try (Stream<Path> s = Files.list(Fixtures.reference("video/videos"))) {
            return s.map(p -> p.getFileName().toString().replace(".mp4", "")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("videos")
    void sampledFramesAndTimestampsMatchReference(String name) throws Exception {
        Path video = Fixtures.reference("video/videos/" + name + ".mp4");
        for (String mode : List.of("every-frame", "one-per-second")) {
            List<String> expected = new ArrayList<>();
            for (String line : Files.readAllLines(Fixtures.reference("video/vpdq/" + mode + "/" + name + ".txt"))) {
                String[] f = line.split(",");
                expected.add(f[0] + "," + f[3]);
            }
            List<String> actual = new ArrayList<>();
            try (VideoFrameReader r = VideoFrameReader.open(video, 0, 1L << 26, false)) {
                long mod = mode.equals("every-frame") ? 1 : Math.max(1, (long) (1.0 * r.frameRate()));
                byte[] buf = new byte[r.frameBytes()];
                long fn;
                while ((fn = r.next(mod, buf)) >= 0) {
                    actual.add(fn + "," + VpdqFeature.formatTimestamp(VpdqFeature.timestampOf(fn, r.frameRate())));
                }
            }
            assertEquals(expected, actual, name + " " + mode);
        }
    }
}
