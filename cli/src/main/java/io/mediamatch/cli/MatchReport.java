package io.mediamatch.cli;

import io.mediamatch.match.Match;
import io.mediamatch.match.MatchJson;
import io.mediamatch.match.MatchResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code match} prints outcomes: a short table (or one JSON Lines record) per file on stdout, notes and errors
 * on stderr, and the counts for the summary. Used on the printing thread only.
 */
final class MatchReport {
    /**
     * One file's outcome, or one listed hash's: then {@code line} is its line in {@code file} (else 0) and
     * {@code name} the name the list gives it, if any.
     */
    record Outcome(String file, long line, String name, MatchResult result, String error) {
        Outcome(Path file, MatchResult result, String error) {
            this(file.toString(), 0, "", result, error);
        }

        /** How the human output and messages name it. */
        String label() {
            return line == 0 ? file : file + ":" + line + (name.isEmpty() ? "" : " (" + name + ")");
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean all;
    /**
     * Outcomes checked (matched or not), that matched, that a negative bank matched, that failed (unreadable, or
     * undecodable media that matched no exact hash).
     */
    int checked;
    int matched;
    int suppressed;
    int failed;

    /** Prints to {@code out} and {@code err}; {@code json} for --json, {@code all} to print unmatched files too. */
    MatchReport(PrintWriter out, PrintWriter err, boolean json, boolean all) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.all = all;
    }

    /** Prints one outcome and counts it. */
    void report(Outcome o) {
        if (o.error != null) {
            failed++;
            if (json) {
                Map<String, Object> m = head(o);
                m.put("error", o.error);
                out.println(JsonOut.line(m));
            }
            out.flush();
            err.println("mediamatch match: " + o.error);
            err.flush();
            return;
        }
        MatchResult r = o.result;
        if (!r.matched() && r.undecodable()) {
            failed++; // only exact hashes were checked: a failure, not "no match" (its record and notes still print)
        } else {
            checked++;
        }
        matched += r.matched() ? 1 : 0;
        suppressed += r.negative().isEmpty() ? 0 : 1;
        for (String note : r.notes()) {
            err.println("mediamatch match: " + o.label() + ": " + note);
        }
        if (json) {
            out.println(JsonOut.line(toJson(head(o), r)));
        } else if (r.matched() || !r.negative().isEmpty() || all) {
            out.print(table(o.label(), r));
        }
    }

    /** The JSON fields naming what was matched: file, and for a listed hash its line and name. */
    private static Map<String, Object> head(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", o.file);
        if (o.line > 0) {
            m.put("line", o.line);
            m.put("name", o.name);
        }
        return m;
    }

    /** The human table: the file, then one row per match (bank, distance or score, type, labels). */
    static String table(String label, MatchResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(label).append(r.matched() ? "" : r.negative().isEmpty() ? "  (no match)" : "  (known benign)")
                .append('\n');
        List<Match> rows = new ArrayList<>(r.matches());
        rows.addAll(r.negative());
        rows.addAll(r.suppressed());
        if (rows.isEmpty()) {
            return sb.toString();
        }
        int w = "bank".length();
        int sw = "distance".length();
        for (Match m : rows) {
            w = Math.max(w, m.bank().length() + (m.negative() ? 11 : 0));
            sw = Math.max(sw, score(m).length());
        }
        sb.append(String.format("  %-" + w + "s  %-" + sw + "s  %-8s  %s%n", "bank", "distance", "type", "labels"));
        for (Match m : r.matches()) {
            sb.append(row(m, w, sw, ""));
        }
        for (Match m : r.negative()) {
            sb.append(row(m, w, sw, " (negative)"));
        }
        for (Match m : r.suppressed()) {
            sb.append(row(m, w, sw, "")).setLength(sb.length() - 1);
            sb.append("  [suppressed]\n");
        }
        return sb.toString();
    }

    /** PDQ distance/threshold, vPDQ percentages of the query's and the banked video's frames, TMK scores. */
    static String score(Match m) {
        if (m.vpdq() != null) {
            return String.format(java.util.Locale.ROOT, "query %.1f%% banked %.1f%%", m.vpdq().queryPercent(),
                    m.vpdq().comparedPercent());
        }
        if (m.tmk() != null) {
            return String.format(java.util.Locale.ROOT, "level1 %.3f level2 %.3f", m.tmk().level1(),
                    m.tmk().level2());
        }
        return m.type().wireName().equals("pdq") ? m.distance() + "/" + m.threshold() : "exact";
    }

    private static String row(Match m, int w, int sw, String suffix) {
        String orient = m.orientation().ordinal() == 0 ? "" : " (" + m.orientation().label() + ")";
        return String.format("  %-" + w + "s  %-" + sw + "s  %-8s  %s%s%n", m.bank() + suffix, score(m),
                m.type().wireName(), String.join(",", m.labels()), orient);
    }

    /** {@code head} followed by the result's fields ({@link MatchJson}). */
    static Map<String, Object> toJson(Map<String, Object> head, MatchResult r) {
        return MatchJson.put(head, r);
    }
}
