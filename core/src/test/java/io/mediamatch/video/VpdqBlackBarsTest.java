package io.mediamatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.eval.SyntheticVideos;
import io.mediamatch.eval.VideoClips;
import io.mediamatch.eval.VideoEdit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VpdqBlackBarsTest {
    private static Path dir;
    private static Path original;
    private static VpdqHash banked;

    @BeforeAll
    static void clip() throws Exception {
        dir = Files.createDirectories(Paths.get("target", "vpdq-black-bars"));
        original = dir.resolve("original.mp4");
        VideoClips.write(SyntheticVideos.clip(21, 192, 108, 90, 30), 30, original);
        banked = VpdqHasher.builder().everyFrame().build().hash(original);
    }

    private static VpdqMatch query(String edit, boolean trim) throws Exception {
        Path file = dir.resolve(edit + ".mp4");
        VideoClips.edit(original, VideoEdit.byName(edit), 1, file);
        VpdqHash q = VpdqHasher.builder().trimBlackBars(trim).build().hash(file);
        return new VpdqMatcher().compare(q, banked);
    }

    @Test
    void sharedBlackBarsAreCutBeforeHashing() throws Exception {
        for (String edit : new String[] {"letterbox", "pillarbox"}) {
            VpdqMatch plain = query(edit, false);
            VpdqMatch trimmed = query(edit, true);
            assertTrue(!plain.isMatch(), edit + " plain: " + plain);
            assertTrue(trimmed.isMatch() && trimmed.queryPercent() == 100.0, edit + " trimmed: " + trimmed);
        }
    }

    @Test
    void aVideoWithoutBarsHashesAsItIs() throws Exception {
        VpdqHash plain = VpdqHasher.builder().build().hash(original);
        VpdqHash trimmed = VpdqHasher.builder().trimBlackBars(true).build().hash(original);
        assertEquals(plain.frames(), trimmed.frames());
    }
}
