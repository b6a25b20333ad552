package io.mediamatch.cli;

import io.mediamatch.video.VpdqHasher;
import picocli.CommandLine.Option;

/**
 * {@code --every-frame} and {@code --seconds-per-hash S}: which video frames vPDQ hashes; {@code --frames}: animated
 * images' frames too (match and hash). Help text per command: {@code Options.properties}.
 */
final class VideoOptions {
    @Option(names = "--every-frame", description = "Videos: hash every frame (default: one frame per"
            + " --seconds-per-hash).")
    boolean everyFrame;

    @Option(names = "--seconds-per-hash", paramLabel = "S", description = "Videos: hash one frame every S seconds"
            + " (the reference's frame choice: frame numbers divisible by floor(S x fps); default: ${DEFAULT-VALUE};"
            + " 0 = every frame).", defaultValue = "1")
    double secondsPerHash;

    @Option(names = "--frames", description = "Animated GIF, APNG and WebP: after the still PDQ line (the first frame,"
            + " what shared databases hold), also print every frame's vPDQ record like a video's, timestamps from the"
            + " frame delays (with -o DIR: DIR/NAME.txt). At most " + VpdqHasher.DEFAULT_MAX_ANIMATION_FRAMES
            + " frames and " + VpdqHasher.MAX_ANIMATION_PIXELS + " pixels in all.")
    boolean frames;

    /** Seconds between hashed frames, 0 for every frame; not checked (the hasher or matcher checks it). */
    double seconds() {
        return everyFrame ? 0 : secondsPerHash;
    }
}
