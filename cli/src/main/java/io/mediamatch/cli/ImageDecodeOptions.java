package io.mediamatch.cli;

import io.mediamatch.image.DecodeOptions;
import io.mediamatch.image.ImageDecoder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --exif-orient}, {@code --max-pixels N}, {@code --max-bytes N}: how hash decodes images. */
final class ImageDecodeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--exif-orient", description = "Turn images upright by their EXIF orientation tag before hashing"
            + " (off by default, as in the reference and in shared hash databases).")
    boolean exifOrient;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Refuse images whose header claims more pixels"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "" + DecodeOptions.DEFAULT_MAX_PIXELS)
    long maxPixels;

    @Option(names = "--max-bytes", paramLabel = "N", description = "Refuse files larger than this"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "" + DecodeOptions.DEFAULT_MAX_FILE_BYTES)
    long maxBytes;

    /** A decoder with these limits; bad usage (exit 2) when a limit is not positive. */
    ImageDecoder decoder() {
        if (maxPixels <= 0 || maxBytes <= 0) {
            throw new ParameterException(mixee.commandLine(), "--max-pixels and --max-bytes must be positive");
        }
        return new ImageDecoder(new DecodeOptions(maxPixels, maxBytes, exifOrient));
    }
}
