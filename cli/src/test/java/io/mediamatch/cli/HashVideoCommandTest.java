package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.video.VpdqHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mediamatch hash} on videos: reference lines, -o DIR files, sampling flags, errors. */
class HashVideoCommandTest {
    private static CliRun hash(String... args) {
        return CliRun.command("hash", args);
    }

    private static Path video(String name) {
        return Fixtures.reference("video/videos/" + name + ".mp4");
    }

    @Test
    void outputDirHoldsReferenceFiles() throws Exception {
        Path dir = Fixtures.scratchDir("hash-video-out");
        CliRun r = hash("--every-frame", "-o", dir.toString(), video("test-padded-dimensions").toString(),
                video("doorknob-hd-no-bar").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        for (String name : List.of("test-padded-dimensions", "doorknob-hd-no-bar")) {
            assertEquals(Files.readString(Fixtures.reference("video/vpdq/every-frame/" + name + ".txt")),
                    Files.readString(dir.resolve(name + ".txt")), name);
        }
    }

    @Test
    void stdoutLinesCarryThePathAndParseAsVpdq() throws Exception {
        Path v = video("test-padded-dimensions");
        CliRun r = hash(v.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        assertTrue(lines.stream().allMatch(l -> l.endsWith("," + v)), r.out());
        // Extra fields after the fourth are ignored by the reference reader and ours.
        assertEquals(Files.readString(Fixtures.reference("video/vpdq/one-per-second/test-padded-dimensions.txt")),
                VpdqHash.parse(r.out()).toText());
        CliRun twoSeconds = hash("--seconds-per-hash", "2", v.toString());
        assertEquals(List.of("0", "60", "120"), Arrays.stream(twoSeconds.out().split("\n"))
                .map(l -> l.substring(0, l.indexOf(','))).toList());
        CliRun json = hash("--json", "--downsample", "64", v.toString());
        assertTrue(json.out().startsWith("{\"path\":"), json.out());
        assertTrue(json.out().contains("\"frames\":5,\"vpdq\":[\"0,"), json.out());
    }

    @Test
    void badVideosFailOneByOneAndTheRunGoesOn() throws Exception {
        Path dir = Fixtures.scratchDir("hash-video-bad");
        byte[] all = Files.readAllBytes(video("test-padded-dimensions"));
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(all, all.length / 2));
        Path text = Files.writeString(dir.resolve("notes.mov"), "not a video");
        Path good = video("test-padded-dimensions");
        CliRun r = hash(cut.toString(), text.toString(), good.toString());
        assertEquals(1, r.exit());
        assertEquals(5, r.out().split("\n").length, r.out());
        assertTrue(r.err().contains("cut.mp4"), r.err());
        assertTrue(r.err().contains("notes.mov"), r.err());
        assertTrue(r.err().contains("3 files, 1 hashed, 2 failed"), r.err());
        assertEquals(2, hash("--downsample", "3", good.toString()).exit());
    }
}
