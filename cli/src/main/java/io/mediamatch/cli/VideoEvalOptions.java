package io.mediamatch.cli;

import io.mediamatch.eval.VideoEdit;
import io.mediamatch.preprocess.Preprocess;
import io.mediamatch.video.VpdqHasher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code mediamatch eval --videos} (a mixin of {@link EvalCommand}; run by {@link VideoEval}). */
final class VideoEvalOptions {
    @Option(names = "--videos", paramLabel = "DIR|FILE",
            description = "Video mode: original videos (a directory is searched recursively for video extensions; "
                    + "repeatable). Each is cut to --video-seconds and scaled to --video-size, then edited.")
    List<Path> videos = new ArrayList<>();

    @Option(names = "--synthetic-videos", paramLabel = "N", defaultValue = "0",
            description = "Video mode: add N seeded synthetic clips (pans and zooms over synthetic photos, cuts "
                    + "between scenes) as originals, each with a re-shot near-duplicate as a distractor "
                    + "(default: ${DEFAULT-VALUE}).")
    int syntheticVideos;

    @Option(names = "--video-distractors", paramLabel = "DIR|FILE",
            description = "Video mode: unrelated videos (repeatable); any match with an original is a false positive.")
    List<Path> videoDistractors = new ArrayList<>();

    @Option(names = "--synthetic-video-distractors", paramLabel = "N", defaultValue = "0",
            description = "Video mode: add N unrelated seeded synthetic clips as distractors (default: ${DEFAULT-VALUE}).")
    int syntheticVideoDistractors;

    @Option(names = "--video-edits", paramLabel = "all|NAME[,NAME]", defaultValue = "all",
            description = "Video mode: edits to apply (a+b chains two). Default: all. Names: ${COMPLETION-CANDIDATES}",
            completionCandidates = EditNames.class)
    String edits;

    @Option(names = "--video-seconds", paramLabel = "S", defaultValue = "6",
            description = "Video mode: keep the first S seconds of each source (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--video-size", paramLabel = "PX", defaultValue = "240",
            description = "Video mode: scale sources down to at most PX on the short side (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--vpdq-thresholds", paramLabel = "Q/C[,Q/C]", split = ",", defaultValue = "50/0,80/0,80/80",
            description = "Video mode: vPDQ thresholds to report, as query%%/compared%% (the matcher's default is "
                    + "80/0; default: ${DEFAULT-VALUE}).")
    List<String> vpdqThresholds;

    @Option(names = "--tmk-thresholds", paramLabel = "T[,T]", split = ",", defaultValue = "0.6,0.7,0.8,0.9",
            description = "Video mode: TMK+PDQF level-1/level-2 thresholds to report (the matcher's default is 0.7; "
                    + "default: ${DEFAULT-VALUE}).")
    List<Float> tmkThresholds;

    @Option(names = "--video-preprocess", paramLabel = "NAME", defaultValue = "",
            description = "Video mode: also hash each query through a clean-up and report vPDQ with and without it, "
                    + "measured in the same run: black-bars (cut the black bars all sampled frames share) or an "
                    + "image step applied to each frame (${COMPLETION-CANDIDATES}). Default: none.",
            completionCandidates = EvalCommand.PreprocessNames.class)
    String preprocess;

    @Option(names = "--keep-videos",
            description = "Video mode: keep every edited video under OUT/videos (default: originals only).")
    boolean keepVideos;

    /** True when any video option asks for the video evaluation. */
    boolean active() {
        return !videos.isEmpty() || syntheticVideos > 0;
    }

    /** The name of the video-level clean-up that trims shared black bars. */
    static final String BLACK_BARS = "black-bars";

    /**
     * The query hasher of {@code --video-preprocess}'s clean-up, or null for none. Throws IllegalArgumentException
     * on an unknown or repeated name.
     */
    VpdqHasher viewHasher() {
        String name = preprocess == null ? "" : preprocess.trim();
        if (name.isEmpty() || name.equalsIgnoreCase("none")) {
            return null;
        }
        if (name.equalsIgnoreCase(BLACK_BARS)) {
            return VpdqHasher.builder().trimBlackBars(true).build();
        }
        List<Preprocess> steps = Preprocess.parse(name);
        if (steps.size() != 1) {
            throw new IllegalArgumentException("--video-preprocess takes one name, got " + preprocess);
        }
        return VpdqHasher.builder().frameView(steps.get(0)).build();
    }

    static final class EditNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return VideoEdit.all().stream().map(VideoEdit::name).iterator();
        }
    }
}
