package io.mediamatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV as Python's {@code csv} module writes it: comma-separated, fields with commas, quotes or newlines
 * in double quotes, quotes doubled. A quoted field may span lines. Not thread-safe.
 */
final class CsvReader {
    private final LineReader lines;
    private long recordLine;
    private String problem;

    CsvReader(InputStream in) {
        this.lines = new LineReader(in);
    }

    /** Receives one non-blank record and the line it starts on. */
    interface Handler {
        void record(long line, List<String> fields);
    }

    /**
     * Reads every record of {@code in}: broken ones (unclosed quote, overlong line) become bad rows of {@code ctx},
     * blank ones are skipped, the rest go to {@code handler}.
     */
    static void forEach(InputStream in, ReadContext ctx, Handler handler) throws IOException {
        CsvReader csv = new CsvReader(in);
        for (List<String> row = csv.next(); row != null; row = csv.next()) {
            if (csv.problem() != null) {
                ctx.bad(csv.line(), csv.problem());
            } else if (!row.isEmpty() && !(row.size() == 1 && row.get(0).isBlank())) {
                handler.record(csv.line(), row);
            }
        }
    }

    /** The line where the record last returned starts. */
    long line() {
        return recordLine;
    }

    /** Why the record last returned is broken (null if it is fine); its fields are then partial. */
    String problem() {
        return problem;
    }

    /** The next record's fields, or null at the end. A blank line is an empty list. */
    List<String> next() throws IOException {
        problem = null;
        String line = lines.next();
        if (line == null) {
            return null;
        }
        recordLine = lines.lineNumber();
        if (lines.overlong()) {
            problem = "line longer than " + LineReader.MAX_LINE + " characters";
            return List.of();
        }
        List<String> fields = new ArrayList<>();
        if (line.isEmpty()) {
            return fields;
        }
        StringBuilder f = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (i >= line.length()) {
                if (quoted) {
                    String more = lines.next();
                    if (more == null) {
                        problem = "unterminated quoted field";
                        fields.add(f.toString());
                        return fields;
                    }
                    if (f.length() + more.length() > LineReader.MAX_LINE) {
                        problem = "quoted field longer than " + LineReader.MAX_LINE + " characters";
                        fields.add("");
                        return fields;
                    }
                    f.append('\n');
                    line = more;
                    i = 0;
                    continue;
                }
                fields.add(f.toString());
                return fields;
            }
            char ch = line.charAt(i++);
            if (quoted) {
                if (ch == '"') {
                    if (i < line.length() && line.charAt(i) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(ch);
                }
            } else if (ch == ',') {
                fields.add(f.toString());
                f.setLength(0);
                wasQuoted = false;
            } else if (ch == '"' && f.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else {
                f.append(ch);
            }
        }
    }

    /** Writes one record, quoting fields that need it, ending with CRLF-free {@code \n}. */
    static void writeRecord(Writer out, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String v = fields[i];
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                out.write('"');
                out.write(v.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(v);
            }
        }
        out.write('\n');
    }
}
