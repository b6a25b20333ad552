package io.mediamatch.tmk;

import io.mediamatch.MediaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A TMK+PDQF video hash (Temporal Match Kernel over PDQ-float frame features), as Meta's {@code tmk-hash-video}
 * writes it to a {@code .tmk} file: frame rate, periods, Fourier coefficients, the pure-average frame feature (level 1)
 * and the cosine/sine features per period and coefficient (level 2).
 *
 * <p>Immutable and thread-safe. {@link #parse}/{@link #read} accept exactly the reference's little-endian layout and
 * {@link #toBytes} writes it back byte for byte; malformed input throws {@link TmkFormatException}. Compare two hashes
 * with {@link TmkScores}; bank many with {@link TmkIndex}.
 */
public final class TmkHash {
    /** Length of the fixed header: 3 magics and 5 little-endian int32s. */
    static final int HEADER_BYTES = 32;
    private static final byte[] PROJECT_MAGIC = {'T', 'M', 'K', '1'};
    private static final byte[] FILE_TYPE_MAGIC = {'F', 'V', 'E', 'C'};
    private static final byte[] PDQF_MAGIC = {'P', 'D', 'Q', 'F'};

    // Far above the reference's 4 periods x 32 coefficients x 256 floats; bounds keep hostile headers from
    // allocating before the length check.
    private static final int MAX_PERIODS = 64;
    private static final int MAX_COEFFICIENTS = 1024;
    private static final int MAX_DIMENSION = 4096;
    private static final int MAX_PERIOD = 1 << 20;
    private static final long MAX_FILE_BYTES = 64L << 20;

    private final int framesPerSecond;
    private final int frameCount;
    private final int[] periods;
    private final float[] coefficients;
    private final float[] average;
    // Flat [period][coefficient][dimension] arrays: index (i * coefficients.length + j) * dimension + k.
    private final float[] cos;
    private final float[] sin;

    TmkHash(int framesPerSecond, int frameCount, int[] periods, float[] coefficients, float[] average,
            float[] cos, float[] sin) {
        this.framesPerSecond = framesPerSecond;
        this.frameCount = frameCount;
        this.periods = periods;
        this.coefficients = coefficients;
        this.average = average;
        this.cos = cos;
        this.sin = sin;
    }

    /**
     * Reads a {@code .tmk} file. Throws {@link TmkFormatException} when it is malformed and {@link MediaException}
     * when it cannot be read; both name the file.
     */
    public static TmkHash read(Path file) throws MediaException {
        byte[] data;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new MediaException(file, MediaException.Kind.TOO_LARGE,
                        "file of " + size + " bytes is larger than any TMK hash", null);
            }
            data = Files.readAllBytes(file);
        } catch (MediaException e) {
            throw e;
        } catch (IOException e) {
            throw new MediaException(file, MediaException.Kind.IO, "cannot read: " + e, e);
        }
        return parse(data, file.toString());
    }

    /**
     * Decodes the bytes of a {@code .tmk} file; {@code source} names them in error messages (a path, a store id).
     *
     * @throws TmkFormatException when the bytes are not exactly one well-formed TMK+PDQF feature-vector file
     */
    public static TmkHash parse(byte[] data, String source) throws TmkFormatException {
        if (data.length < HEADER_BYTES) {
            throw new TmkFormatException(source, "truncated header (" + data.length + " of 32 bytes)");
        }
        checkMagic(data, 0, PROJECT_MAGIC, source, "project");
        checkMagic(data, 4, FILE_TYPE_MAGIC, source, "file-type");
        checkMagic(data, 8, PDQF_MAGIC, source, "frame-feature algorithm");
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        in.position(12);
        int fps = in.getInt();
        int numPeriods = in.getInt();
        int numCoefficients = in.getInt();
        int dimension = in.getInt();
        int frameCount = in.getInt();
        if (fps <= 0 || fps > 1000) {
            throw new TmkFormatException(source, "frames per second " + fps + " out of range 1..1000");
        }
        if (numPeriods < 0 || numPeriods > MAX_PERIODS) {
            throw new TmkFormatException(source, "period count " + numPeriods + " out of range 0.." + MAX_PERIODS);
        }
        if (numCoefficients < 0 || numCoefficients > MAX_COEFFICIENTS) {
            throw new TmkFormatException(source,
                    "Fourier-coefficient count " + numCoefficients + " out of range 0.." + MAX_COEFFICIENTS);
        }
        if (dimension <= 0 || dimension > MAX_DIMENSION) {
            throw new TmkFormatException(source, "feature dimension " + dimension + " out of range 1.." + MAX_DIMENSION);
        }
        if (frameCount < 0) {
            throw new TmkFormatException(source, "negative frame count " + frameCount);
        }
        long features = (long) numPeriods * numCoefficients * dimension;
        long expected = HEADER_BYTES + 4L * (numPeriods + numCoefficients + dimension) + 8L * features;
        if (data.length < expected) {
            throw new TmkFormatException(source, "truncated: " + data.length + " bytes, header announces " + expected);
        }
        if (data.length > expected) {
            throw new TmkFormatException(source,
                    (data.length - expected) + " trailing bytes after the " + expected + " the header announces");
        }
        int[] periods = new int[numPeriods];
        for (int i = 0; i < numPeriods; i++) {
            periods[i] = in.getInt();
            if (periods[i] <= 0 || periods[i] > MAX_PERIOD) {
                throw new TmkFormatException(source, "period " + periods[i] + " out of range 1.." + MAX_PERIOD);
            }
        }
        float[] coefficients = readFloats(in, numCoefficients, source, "Fourier coefficients");
        float[] average = readFloats(in, dimension, source, "pure-average feature");
        float[] cos = readFloats(in, (int) features, source, "cosine features");
        float[] sin = readFloats(in, (int) features, source, "sine features");
        return new TmkHash(fps, frameCount, periods, coefficients, average, cos, sin);
    }

    private static void checkMagic(byte[] data, int offset, byte[] magic, String source, String what)
            throws TmkFormatException {
        for (int i = 0; i < 4; i++) {
            if (data[offset + i] != magic[i]) {
                StringBuilder got = new StringBuilder();
                for (int k = 0; k < 4; k++) {
                    int b = data[offset + k] & 0xff;
                    got.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
                }
                throw new TmkFormatException(source, "bad " + what + " magic '" + got + "', expected '"
                        + new String(magic, java.nio.charset.StandardCharsets.US_ASCII) + "'");
            }
        }
    }

    private static float[] readFloats(ByteBuffer in, int n, String source, String what) throws TmkFormatException {
        float[] out = new float[n];
        in.asFloatBuffer().get(out);
        in.position(in.position() + 4 * n);
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(out[i])) {
                throw new TmkFormatException(source, "non-finite value in the " + what);
            }
        }
        return out;
    }

    /** The {@code .tmk} file bytes, identical to what the reference writes for the same values. */
    public byte[] toBytes() {
        int features = cos.length;
        int size = HEADER_BYTES + 4 * (periods.length + coefficients.length + average.length) + 8 * features;
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(PROJECT_MAGIC).put(FILE_TYPE_MAGIC).put(PDQF_MAGIC);
        out.putInt(framesPerSecond).putInt(periods.length).putInt(coefficients.length).putInt(average.length)
                .putInt(frameCount);
        for (int p : periods) {
            out.putInt(p);
        }
        putFloats(out, coefficients);
        putFloats(out, average);
        putFloats(out, cos);
        putFloats(out, sin);
        return out.array();
    }

    private static void putFloats(ByteBuffer out, float[] values) {
        out.asFloatBuffer().put(values);
        out.position(out.position() + 4 * values.length);
    }

    /** Writes {@link #toBytes()} to {@code file}, replacing it. */
    public void write(Path file) throws IOException {
        Files.write(file, toBytes());
    }

    /** Frames per second the video was resampled to before hashing (15 for the reference). */
    public int framesPerSecond() {
        return framesPerSecond;
    }

    /** Number of resampled frames that were hashed (informational). */
    public int frameCount() {
        return frameCount;
    }

    /** Length of each frame feature (256 for PDQF). */
    public int featureDimension() {
        return average.length;
    }

    /** The periods in frames (a copy; the reference uses 2731, 4391, 9767, 14653). */
    public int[] periods() {
        return periods.clone();
    }

    /** The Fourier coefficients (a copy; the reference uses 32 Poullot coefficients). */
    public float[] fourierCoefficients() {
        return coefficients.clone();
    }

    /** The pure-average frame feature, not normalised (a copy). */
    public float[] averageFeature() {
        return average.clone();
    }

    int[] periodsArray() {
        return periods;
    }

    float[] coefficientsArray() {
        return coefficients;
    }

    float[] averageArray() {
        return average;
    }

    float[] cosArray() {
        return cos;
    }

    float[] sinArray() {
        return sin;
    }

    /**
     * Whether two hashes were made with the same parameters (frame rate, periods, coefficients within a relative
     * 1e-6, feature dimension), as the reference requires before scoring them.
     */
    public boolean isCompatibleWith(TmkHash other) {
        if (framesPerSecond != other.framesPerSecond || !Arrays.equals(periods, other.periods)
                || coefficients.length != other.coefficients.length || average.length != other.average.length) {
            return false;
        }
        for (int i = 0; i < coefficients.length; i++) {
            float a = coefficients[i];
            float b = other.coefficients[i];
            float m = Math.max(Math.abs(a), Math.abs(b));
            if (m > 0 && Math.abs((a - b) / m) > 1e-6f) {
                return false;
            }
        }
        return true;
    }

    /** Value equality over every stored number (bitwise for floats). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TmkHash)) {
            return false;
        }
        TmkHash h = (TmkHash) o;
        return framesPerSecond == h.framesPerSecond && frameCount == h.frameCount
                && Arrays.equals(periods, h.periods) && Arrays.equals(coefficients, h.coefficients)
                && Arrays.equals(average, h.average) && Arrays.equals(cos, h.cos) && Arrays.equals(sin, h.sin);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(average) + frameCount;
    }

    @Override
    public String toString() {
        return "TmkHash[PDQF, " + framesPerSecond + " fps, " + frameCount + " frames, " + periods.length
                + " periods x " + coefficients.length + " coefficients x " + average.length + "]";
    }
}
