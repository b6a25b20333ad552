package io.mediamatch.tmk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.MediaException;
import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TmkHasherTest {
    private static Map<String, TmkHash> ours;

    /** Our hash of every shared video that has a published .tmk, computed once per JVM. */
    static synchronized Map<String, TmkHash> ours() throws IOException {
        if (ours == null) {
            Map<String, TmkHash> m = new TreeMap<>();
            TmkHasher hasher = new TmkHasher();
            for (String name : TmkReferenceFiles.published().keySet()) {
                m.put(name, hasher.hash(Fixtures.reference("video/videos/" + name + ".mp4")));
            }
            ours = m;
        }
        return ours;
    }

    @Test
    void matchesThePublishedHashOfEverySharedVideo() throws IOException {
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, TmkHash> e : ours().entrySet()) {
            TmkHash published = TmkReferenceFiles.published().get(e.getKey());
            TmkHash mine = e.getValue();
            float l1 = TmkScores.level1(mine, published);
            float l2 = TmkScores.level2(mine, published);
            report.append(String.format("%s frames %d/%d level1 %.7f level2 %.7f%n", e.getKey(), mine.frameCount(),
                    published.frameCount(), l1, l2));
            assertEquals(published.frameCount(), mine.frameCount(), e.getKey());
            report.append(String.format("  max |diff| average %.3g cos %.3g sin %.3g, identical bytes: %s%n",
                    maxDiff(mine.averageArray(), published.averageArray()),
                    maxDiff(mine.cosArray(), published.cosArray()), maxDiff(mine.sinArray(), published.sinArray()),
                    java.util.Arrays.equals(mine.toBytes(), published.toBytes())));
            assertTrue(l1 >= 0.999f && l2 >= 0.999f, report.toString());
            // With the pinned FFmpeg build the frames are pixel-identical to the reference tool's, so is the hash.
            assertArrayEquals(published.toBytes(), mine.toBytes(), report.toString());
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void failsClearlyOnFilesThatAreNotVideos() throws IOException {
        Path dir = Fixtures.scratchDir("tmk-hasher");
        Path junk = dir.resolve("junk.mp4");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        MediaException e = assertThrows(MediaException.class, () -> new TmkHasher().hash(junk));
        assertTrue(e.getMessage().startsWith(junk + ": "), e.getMessage());
        assertEquals(MediaException.Kind.UNSUPPORTED_FORMAT, e.kind());
        Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        assertEquals(MediaException.Kind.EMPTY,
                assertThrows(MediaException.class, () -> new TmkHasher().hash(empty)).kind());
        MediaException missing = assertThrows(MediaException.class, () -> new TmkHasher().hash(dir.resolve("no.mp4")));
        assertTrue(missing.getMessage().contains("no.mp4"), missing.getMessage());
        // A video cut in half still hashes (the frames before the cut), as with the reference's ffmpeg.
        byte[] video = Files.readAllBytes(Fixtures.reference("video/videos/doorknob-hd-no-bar.mp4"));
        Path cut = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(video, video.length / 2));
        try {
            TmkHash h = new TmkHasher().hash(cut);
            assertTrue(h.frameCount() < 62, "frames " + h.frameCount());
        } catch (MediaException expected) {
            assertTrue(expected.getMessage().startsWith(cut + ": "), expected.getMessage());
        }
        Path image = Fixtures.reference("pdq/synthetic").resolve("plasma-64x64.png");
        // A still image is refused as a video (FFmpeg would read it as one frame), as vPDQ refuses it.
        MediaException still = assertThrows(MediaException.class, () -> new TmkHasher().hash(image));
        assertEquals(MediaException.Kind.UNSUPPORTED_FORMAT, still.kind());
        assertEquals(image + ": a PNG image, not a video", still.getMessage());
    }
}
