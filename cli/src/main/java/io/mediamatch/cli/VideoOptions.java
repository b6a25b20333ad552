package io.mediamatch.cli;

import picocli.CommandLine.Option;

/**
 * {@code --every-frame} and {@code --seconds-per-hash S}: which video frames vPDQ hashes (match and hash). Help text
 * per command: {@code Options.properties}.
 */
final class VideoOptions {
    @Option(names = "--every-frame", description = "Videos: hash every frame (default: one frame per"
            + " --seconds-per-hash).")
    boolean everyFrame;

    @Option(names = "--seconds-per-hash", paramLabel = "S", description = "Videos: hash one frame every S seconds"
            + " (the reference's frame choice: frame numbers divisible by floor(S x fps); default: ${DEFAULT-VALUE};"
            + " 0 = every frame).", defaultValue = "1")
    double secondsPerHash;

    /** Seconds between hashed frames, 0 for every frame; not checked (the hasher or matcher checks it). */
    double seconds() {
        return everyFrame ? 0 : secondsPerHash;
    }
}
