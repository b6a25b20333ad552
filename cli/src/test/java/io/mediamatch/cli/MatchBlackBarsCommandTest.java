package io.mediamatch.cli;

import static io.mediamatch.cli.MatchCommandTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.eval.SyntheticVideos;
import io.mediamatch.eval.VideoClips;
import io.mediamatch.eval.VideoEdit;
import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code match --trim-black-bars}: a letterboxed re-upload of a banked video matches only with the option. */
class MatchBlackBarsCommandTest {
    @Test
    void aLetterboxedReuploadMatchesWhenItsBarsAreTrimmed() throws Exception {
        Path dir = Fixtures.scratchDir("cli-match-black-bars");
        Path original = dir.resolve("original.mp4");
        VideoClips.write(SyntheticVideos.clip(33, 192, 108, 90, 30), 30, original);
        Path hashes = dir.resolve("hashes");
        assertEquals(0, CliRun.of("hash", "--every-frame", "-o", hashes.toString(), original.toString()).exit());
        String db = dir.resolve("v.db").toString();
        CliRun imp = CliRun.of("db", "import", "--db", db, "--format", "vpdq", "--bank", "videos",
                hashes.resolve("original.txt").toString());
        assertEquals(0, imp.exit(), imp.err());
        Path upload = dir.resolve("letterboxed.mp4");
        VideoClips.edit(original, VideoEdit.byName("letterbox"), 1, upload);

        CliRun plain = CliRun.of("match", "--db", db, "--json", upload.toString());
        List<JsonNode> p = lines(plain.out());
        assertEquals(0, p.get(0).get("matches").size(), plain.out());
        CliRun trimmed = CliRun.of("match", "--db", db, "--json", "--trim-black-bars", upload.toString());
        List<JsonNode> t = lines(trimmed.out());
        assertEquals(1, t.get(0).get("matches").size(), trimmed.out());
        assertEquals(100.0, t.get(0).get("matches").get(0).get("vpdq_query_pct").asDouble(), 1e-9, trimmed.out());
    }
}
