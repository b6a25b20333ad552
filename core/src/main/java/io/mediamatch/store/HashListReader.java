package io.mediamatch.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads hash lists, the text that {@code mediamatch hash}, Meta's PDQ tools and {@code faiss_bench.py} write: one
 * hash per line, optionally followed by {@code ,metadata}, where metadata of the form {@code quality,name} (an
 * integer, then the rest) also gives a quality. Blank lines and {@code #} comments are skipped; the hash is not
 * checked here (each caller knows its type). UTF-8 as {@link LineReader} reads it. Not thread-safe.
 */
public final class HashListReader {
    /** {@link Entry#quality()} of an entry whose metadata gives none. */
    public static final int NO_QUALITY = Integer.MIN_VALUE;

    private final LineReader lines;

    /** Reads {@code in}, which the caller closes. */
    public HashListReader(InputStream in) {
        this.lines = new LineReader(in);
    }

    /**
     * One line of a hash list; {@code error} is set (and the rest empty) for a line that cannot be read at all.
     *
     * @param line     1-based line number in the file
     * @param hash     the first field, stripped of white space, unchecked
     * @param metadata everything after the first comma, stripped; empty when there is none
     * @param quality  the integer second field when there are three fields, else {@link #NO_QUALITY}
     * @param name     the third field when {@code quality} is given, else {@code metadata}
     * @param error    why the line was not read (it is longer than {@link LineReader#MAX_LINE}), else null
     */
    public record Entry(long line, String hash, String metadata, int quality, String name, String error) {
        /** True when the line gave a quality (of any value: the range is the caller's to check). */
        public boolean hasQuality() {
            return quality != NO_QUALITY;
        }
    }

    /** The next hash line (or unreadable line), or null at the end. */
    public Entry next() throws IOException {
        for (String line = lines.next(); line != null; line = lines.next()) {
            long n = lines.lineNumber();
            if (lines.overlong()) {
                return new Entry(n, "", "", NO_QUALITY, "", "line longer than " + LineReader.MAX_LINE
                        + " characters");
            }
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int comma = t.indexOf(',');
            if (comma < 0) {
                return new Entry(n, t, "", NO_QUALITY, "", null);
            }
            String metadata = t.substring(comma + 1).strip();
            int second = metadata.indexOf(',');
            String q = second < 0 ? "" : metadata.substring(0, second).strip();
            if (isQuality(q)) {
                return new Entry(n, t.substring(0, comma).strip(), metadata, Integer.parseInt(q),
                        metadata.substring(second + 1).strip(), null);
            }
            return new Entry(n, t.substring(0, comma).strip(), metadata, NO_QUALITY, metadata, null);
        }
        return null;
    }

    /** An optional minus and 1 to 9 digits, so that it fits an int. */
    private static boolean isQuality(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        int digits = s.length() - start;
        if (digits < 1 || digits > 9) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
