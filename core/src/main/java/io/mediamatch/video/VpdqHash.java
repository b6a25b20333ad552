package io.mediamatch.video;

import com.google.common.base.Preconditions;
import io.mediamatch.pdq.Hash256;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A vPDQ video hash: the hashed frames in frame order. Immutable. Reads and writes the reference text format,
 * one line per frame: {@code frameNumber,quality,pdqHex,timestampSeconds} (timestamp with 3 decimals), so files
 * interoperate with Meta's {@code vpdq-hash-video} and its matchers.
 */
public final class VpdqHash {
    private final List<VpdqFeature> frames;

    private VpdqHash(List<VpdqFeature> frames) {
        this.frames = frames;
    }

    /** A hash of these frames (copied; may be empty). */
    public static VpdqHash of(List<VpdqFeature> frames) {
        Preconditions.checkNotNull(frames, "frames");
        return new VpdqHash(List.copyOf(frames));
    }

    /** The frames, in the order they were hashed or read. */
    public List<VpdqFeature> frames() {
        return frames;
    }

    /** Number of frames. */
    public int size() {
        return frames.size();
    }

    /**
     * The frames left after pruning: a frame is dropped when its hash is within {@code maxDistance} of the last
     * kept frame (the vPDQ README's optional D_prune), the first frame is always kept. Shrinks banked hashes of
     * static scenes; timestamps and frame numbers of kept frames are unchanged.
     */
    public VpdqHash pruned(int maxDistance) {
        Preconditions.checkArgument(maxDistance >= 0, "prune distance %s < 0", maxDistance);
        List<VpdqFeature> kept = new ArrayList<>();
        Hash256 last = null;
        for (VpdqFeature f : frames) {
            if (last == null || f.hash().distance(last) > maxDistance) {
                kept.add(f);
                last = f.hash();
            }
        }
        return new VpdqHash(List.copyOf(kept));
    }

    /**
     * Parses the reference text format. Blank lines are skipped; fields after the fourth are ignored, as the
     * reference reader does.
     *
     * @param source names the input in error messages (a file name, for instance)
     * @throws IllegalArgumentException naming the source and line number when a line is malformed
     */
    public static VpdqHash parse(Reader in, String source) throws IOException {
        BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<VpdqFeature> frames = new ArrayList<>();
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                frames.add(parseLine(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": " + e.getMessage()
                        + " in vPDQ line '" + abbreviate(text) + "'", e);
            }
        }
        return new VpdqHash(List.copyOf(frames));
    }

    /** Parses the reference text format held in a string. */
    public static VpdqHash parse(String text) {
        try {
            return parse(new StringReader(text), "<text>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a vPDQ signal as hash exchanges carry it: either the reference text format (one frame per line) or
     * python-threatexchange's JSON signal string, a list of {@code "pdqHex,quality,timestamp"} strings (frame
     * numbers are not carried there: frames get their list position).
     *
     * @throws IllegalArgumentException naming the line or list element that is malformed
     */
    public static VpdqHash parseSignal(String text) {
        Preconditions.checkNotNull(text, "text");
        String t = text.strip();
        if (!t.startsWith("[")) {
            return parse(t);
        }
        String[] items;
        try {
            items = JSON.readValue(t, String[].class);
        } catch (IOException e) {
            throw new IllegalArgumentException("vPDQ signal is not a JSON list of strings: " + e.getMessage(), e);
        }
        List<VpdqFeature> frames = new ArrayList<>(items.length);
        for (int i = 0; i < items.length; i++) {
            String item = items[i] == null ? "" : items[i].strip();
            String[] f = item.split(",", -1);
            try {
                if (f.length != 3) {
                    throw new IllegalArgumentException("expected 'pdqHex,quality,timestamp'");
                }
                frames.add(parseLine(i + "," + f[1] + "," + f[0] + "," + f[2]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("vPDQ signal element " + i + ": " + e.getMessage() + " in '"
                        + abbreviate(item) + "'", e);
            }
        }
        return new VpdqHash(List.copyOf(frames));
    }

    /**
     * python-threatexchange's JSON signal string: {@code ["pdqHex,quality,timestamp", ...]}. Timestamps are
     * written with 3 decimals (python-threatexchange writes 3 significant digits; either reads back, and matching
     * ignores them); frame numbers are dropped by that format.
     */
    public String toSignalJson() {
        StringBuilder sb = new StringBuilder(frames.size() * 80 + 2).append('[');
        for (int i = 0; i < frames.size(); i++) {
            VpdqFeature f = frames.get(i);
            sb.append(i == 0 ? "\"" : ", \"").append(f.hash().toHex()).append(',').append(f.quality()).append(',')
                    .append(VpdqFeature.formatTimestamp(f.timestampSeconds())).append('"');
        }
        return sb.append(']').toString();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Reads a reference-format file (UTF-8 / ASCII). */
    public static VpdqHash read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        }
    }

    private static VpdqFeature parseLine(String text) {
        String[] f = text.split(",", -1);
        if (f.length < 4) {
            throw new IllegalArgumentException("expected 4 comma-separated fields, got " + f.length);
        }
        int frameNumber = parseInt(f[0].strip(), "frame number");
        int quality = parseInt(f[1].strip(), "quality");
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("quality " + quality + " outside 0..100");
        }
        if (frameNumber < 0) {
            throw new IllegalArgumentException("negative frame number " + frameNumber);
        }
        String hex = f[2].strip();
        if (!Hash256.isHex(hex)) {
            throw new IllegalArgumentException("PDQ hash is not 64 hex digits: '" + abbreviate(hex) + "'");
        }
        double ts;
        try {
            ts = Double.parseDouble(f[3].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timestamp is not a number: '" + abbreviate(f[3]) + "'");
        }
        if (!(ts >= 0) || Double.isInfinite(ts)) {
            throw new IllegalArgumentException("timestamp " + f[3].strip() + " is not a finite number >= 0");
        }
        return new VpdqFeature(frameNumber, quality, Hash256.fromHex(hex), ts);
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not an integer: '" + abbreviate(s) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    /** Writes the reference text format, one {@code \n}-terminated line per frame. */
    public void write(Writer out) throws IOException {
        for (VpdqFeature f : frames) {
            out.write(f.toLine());
            out.write('\n');
        }
    }

    /** Writes the reference text format to {@code file} (replacing it). */
    public void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out);
        }
    }

    /** The reference text format as a string. */
    public String toText() {
        StringBuilder sb = new StringBuilder(frames.size() * 80);
        for (VpdqFeature f : frames) {
            sb.append(f.toLine()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VpdqHash other && frames.equals(other.frames);
    }

    @Override
    public int hashCode() {
        return frames.hashCode();
    }

    @Override
    public String toString() {
        return "VpdqHash[" + frames.size() + " frames]";
    }
}
