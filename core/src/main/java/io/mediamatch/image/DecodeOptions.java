package io.mediamatch.image;

/**
 * Limits and conventions for {@link ImageDecoder}: an immutable value.
 *
 * @param maxPixels    refuse images whose header claims more than this many pixels (width x height), before decoding
 * @param maxFileBytes refuse inputs longer than this many bytes, before reading them
 * @param exifOrient   apply the EXIF orientation tag (off by default: the reference hashes stored pixels, and hashes
 *                     in shared databases were computed that way)
 */
public record DecodeOptions(long maxPixels, long maxFileBytes, boolean exifOrient) {
    /** 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** 512 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 512L << 20;
    /** The defaults: 100 megapixels, 512 MiB, stored orientation. */
    public static final DecodeOptions DEFAULTS =
            new DecodeOptions(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FILE_BYTES, false);

    /** @throws IllegalArgumentException if a limit is not positive */
    public DecodeOptions {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
    }

    /** A copy with another pixel limit. */
    public DecodeOptions withMaxPixels(long pixels) {
        return new DecodeOptions(pixels, maxFileBytes, exifOrient);
    }

    /** A copy with another byte limit. */
    public DecodeOptions withMaxFileBytes(long bytes) {
        return new DecodeOptions(maxPixels, bytes, exifOrient);
    }

    /** A copy that applies (true) or ignores (false) the EXIF orientation. */
    public DecodeOptions withExifOrient(boolean apply) {
        return new DecodeOptions(maxPixels, maxFileBytes, apply);
    }
}
