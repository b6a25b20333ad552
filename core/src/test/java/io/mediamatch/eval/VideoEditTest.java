package io.mediamatch.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.MediaException;
import io.mediamatch.pdq.Pdq;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VideoEditTest {
    private static final int W = 160;
    private static final int H = 90;
    private static final int FRAMES = 60;
    private static final double FPS = 30;
    private static Path dir;
    private static Path original;

    /** Expected {width, height} per single edit of a 160x90 clip (odd sizes lose their last row or column). */
    private static final Map<String, int[]> SIZE = Map.ofEntries(
            Map.entry("reencode", new int[] {160, 90}), Map.entry("reencode-low", new int[] {160, 90}),
            Map.entry("downscale-50", new int[] {80, 44}), Map.entry("downscale-240p", new int[] {426, 240}),
            Map.entry("letterbox", new int[] {160, 120}), Map.entry("pillarbox", new int[] {212, 90}),
            Map.entry("crop-10", new int[] {128, 72}), Map.entry("logo", new int[] {160, 90}),
            Map.entry("watermark", new int[] {160, 90}), Map.entry("mirror", new int[] {160, 90}),
            Map.entry("greyscale", new int[] {160, 90}), Map.entry("brightness", new int[] {160, 90}),
            Map.entry("fps-half", new int[] {160, 90}), Map.entry("speed-1.25", new int[] {160, 90}),
            Map.entry("trim-50", new int[] {160, 90}), Map.entry("embed", new int[] {160, 90}));
    /** Expected {frames, fps} per timing edit of a 60-frame 30 fps clip. */
    private static final Map<String, double[]> TIME = Map.of(
            "fps-half", new double[] {30, 15}, "speed-1.25", new double[] {48, 30},
            "trim-50", new double[] {30, 30}, "embed", new double[] {120, 30});

    @BeforeAll
    static void writeOriginal() throws Exception {
        dir = Files.createDirectories(Paths.get("target", "video-edit-test"));
        original = dir.resolve("original.mp4");
        VideoClips.write(SyntheticVideos.clip(5, W, H, FRAMES, FPS), FPS, original);
    }

    @Test
    void everyEditWritesADecodableVideoOfTheExpectedGeometryAndTiming() throws Exception {
        for (VideoEdit e : VideoEdit.all()) {
            Path out = dir.resolve(e.name() + ".mp4");
            VideoClips.edit(original, e, 11, out);
            VideoClips.Info info = VideoClips.probe(out);
            if (e.name().contains("+")) {
                assertEquals(e.frames(FRAMES), info.frames(), e.name());
                assertEquals(e.fps(FPS), info.fps(), 1e-6, e.name());
                continue;
            }
            int[] size = SIZE.get(e.name());
            assertTrue(size != null, "no expectation for " + e.name());
            assertEquals(size[0], info.width(), e.name() + " width");
            assertEquals(size[1], info.height(), e.name() + " height");
            double[] time = TIME.getOrDefault(e.name(), new double[] {FRAMES, FPS});
            assertEquals((int) time[0], info.frames(), e.name() + " frames");
            assertEquals(time[1], info.fps(), 1e-6, e.name() + " fps");
        }
    }

    @Test
    void combinationsChainTimingAndPixels() throws Exception {
        VideoEdit mirrorHalf = VideoEdit.byName("mirror+fps-half");
        assertEquals(30, mirrorHalf.frames(60));
        assertEquals(15.0, mirrorHalf.fps(30), 1e-9);
        VideoEdit trimSpeed = VideoEdit.parse("trim-50+speed-1.25").get(0);
        assertEquals(24, trimSpeed.frames(60));
        assertEquals(List.of("crop-10", "letterbox+logo"),
                VideoEdit.parse("crop-10,letterbox+logo").stream().map(VideoEdit::name).toList());
        assertThrows(IllegalArgumentException.class, () -> VideoEdit.parse("crop-10,nope"));
    }

    @Test
    void editsAreReproducibleAndTheBaselineKeepsThePictures() throws Exception {
        Path a = dir.resolve("logo-a.mp4");
        Path b = dir.resolve("logo-b.mp4");
        VideoClips.edit(original, VideoEdit.byName("logo"), 3, a);
        VideoClips.edit(original, VideoEdit.byName("logo"), 3, b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        // The re-encoded baseline shows the synthetic frames themselves: frame hashes within a few bits.
        Path re = dir.resolve("reencode.mp4");
        VideoClips.edit(original, VideoEdit.byName("reencode"), 3, re);
        try (VideoCodec.Reader in = new VideoCodec.Reader(re)) {
            SyntheticVideos clip = SyntheticVideos.clip(5, W, H, FRAMES, FPS);
            for (int i = 0; i < FRAMES; i++) {
                int d = Pdq.hash(in.next()).hash().distance(Pdq.hash(clip.frame(i)).hash());
                assertTrue(d <= 16, "frame " + i + " is " + d + " bits from its source");
            }
        }
    }

    @Test
    void aReshotSceneIsNotTheSameClip() {
        SyntheticVideos clip = SyntheticVideos.clip(5, W, H, FRAMES, FPS);
        SyntheticVideos again = SyntheticVideos.reshot(5, 1, W, H, FRAMES, FPS);
        int far = 0;
        for (int i = 0; i < FRAMES; i += 5) {
            if (Pdq.hash(clip.frame(i)).hash().distance(Pdq.hash(again.frame(i)).hash()) > 31) {
                far++;
            }
        }
        assertTrue(far >= 10, "only " + far + " of 12 sampled frames differ");
    }

    @Test
    void aMissingSourceIsNamed() {
        MediaException e = assertThrows(MediaException.class,
                () -> VideoClips.probe(dir.resolve("missing.mp4")));
        assertTrue(e.getMessage().contains("missing.mp4"), e.getMessage());
    }
}
