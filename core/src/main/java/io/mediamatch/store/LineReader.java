package io.mediamatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 text line by line with line numbers and a length cap, so that a hostile file (one endless line)
 * costs bounded memory. Strips a leading byte-order mark. Not thread-safe.
 */
public final class LineReader {
    /** Longest line kept; longer lines are reported as too long and skipped. */
    public static final int MAX_LINE = 32 << 20;

    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int lim;
    private long lineNumber;
    private boolean overlong;
    private boolean first = true;
    private final StringBuilder sb = new StringBuilder(256);

    /** Reads {@code in} as UTF-8 (malformed bytes become U+FFFD); the caller closes it. */
    public LineReader(InputStream in) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** Receives one non-blank line, stripped of surrounding white space, with its 1-based number. */
    interface Handler {
        void line(long number, String stripped);
    }

    /**
     * Reads every line of {@code in}: overlong lines become bad rows of {@code ctx}, blank lines are skipped, the
     * rest go to {@code handler}.
     */
    static void forEach(InputStream in, ReadContext ctx, Handler handler) throws IOException {
        LineReader lines = new LineReader(in);
        for (String line = lines.next(); line != null; line = lines.next()) {
            long n = lines.lineNumber();
            if (lines.overlong()) {
                ctx.bad(n, "line longer than " + MAX_LINE + " characters");
                continue;
            }
            String t = line.strip();
            if (!t.isEmpty()) {
                handler.line(n, t);
            }
        }
    }

    /** The 1-based number of the line last returned. */
    public long lineNumber() {
        return lineNumber;
    }

    /** True if the line last returned was cut at {@link #MAX_LINE} (its content is then empty). */
    public boolean overlong() {
        return overlong;
    }

    /** The next line without its terminator, or null at the end. */
    public String next() throws IOException {
        sb.setLength(0);
        overlong = false;
        boolean any = false;
        while (true) {
            if (pos >= lim) {
                lim = in.read(buf, 0, buf.length);
                pos = 0;
                if (lim <= 0) {
                    lim = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
                if (first) {
                    first = false;
                    if (buf[0] == '\uFEFF') {
                        pos = 1;
                    }
                }
            }
            any = true;
            int start = pos;
            while (pos < lim && buf[pos] != '\n') {
                pos++;
            }
            if (!overlong) {
                if (sb.length() + (pos - start) > MAX_LINE) {
                    overlong = true;
                    sb.setLength(0);
                } else {
                    sb.append(buf, start, pos - start);
                }
            }
            if (pos < lim) {
                pos++; // the '\n'
                break;
            }
        }
        lineNumber++;
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
            sb.setLength(n - 1);
        }
        return sb.toString();
    }
}
