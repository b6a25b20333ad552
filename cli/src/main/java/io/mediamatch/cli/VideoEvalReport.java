package io.mediamatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mediamatch.eval.VideoEvaluation;
import io.mediamatch.eval.VideoEvaluation.Closest;
import io.mediamatch.eval.VideoEvaluation.Original;
import io.mediamatch.eval.VideoEvaluation.Row;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Writes the outputs of {@code mediamatch eval --videos}: {@code report.json} (all numbers), {@code report.html}
 * (vPDQ and TMK+PDQF tables per edit, false positives, plots), {@code vpdq.png} and {@code tmk.png}, with the image
 * report's style and chart writer ({@link EvalReport}); and prints the terminal table. Not thread-safe; use once.
 */
final class VideoEvalReport {
    /** What was run, for the report header and JSON. */
    record Config(List<String> videos, List<String> distractors, int syntheticVideos, int syntheticDistractors,
                  List<String> edits, String preprocess, long seed, double clipSeconds, int clipShortSide,
                  double querySecondsPerHash, int originalCount, int distractorCount, List<String> skipped,
                  double seconds) {}

    private final Config config;
    private final VideoEvaluation e;
    private final List<Original> originals;

    VideoEvalReport(Config config, VideoEvaluation evaluation, List<Original> originals) {
        this.config = config;
        this.e = evaluation;
        this.originals = originals;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(),
                jsonTree());
        writeChart(dir.resolve("vpdq.png"), "vPDQ match rate per edit", true);
        writeChart(dir.resolve("tmk.png"), "TMK+PDQF match rate per edit (level 1 and level 2 >= t)", false);
        Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- JSON

    Map<String, Object> jsonTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("config", config);
        Map<String, Object> vpdq = new LinkedHashMap<>();
        vpdq.put("qualityThreshold", e.options().qualityThreshold());
        vpdq.put("frameDistance", e.options().maxDistance());
        vpdq.put("thresholds", e.vpdqThresholds().stream().map(VideoEvaluation.VpdqThreshold::label).toList());
        root.put("vpdq", vpdq);
        root.put("tmkThresholds", e.tmkThresholds());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : e.edits()) {
            rows.add(row(r));
        }
        root.put("edits", rows);
        root.put("overall", row(e.overall()));
        Map<String, Object> fp = new LinkedHashMap<>();
        List<Map<String, Object>> kinds = new ArrayList<>();
        for (Row r : e.falsePositives()) {
            kinds.add(row(r));
        }
        fp.put("distractors", kinds);
        fp.put("allQueries", row(e.falsePositivesAll()));
        fp.put("closestVpdq", e.closestVpdq());
        fp.put("closestTmk", e.closestTmk());
        root.put("falsePositives", fp);
        return root;
    }

    private Map<String, Object> row(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("queries", r.queries());
        m.put("vpdqMatched", r.vpdq());
        m.put("vpdqRate", rates(r, r.vpdq()));
        if (e.hasViews()) {
            m.put("vpdqWithViewMatched", r.vpdqView());
            m.put("vpdqWithViewRate", rates(r, r.vpdqView()));
        }
        m.put("tmkLevel1Passed", r.level1());
        m.put("tmkMatched", r.tmk());
        m.put("tmkRate", rates(r, r.tmk()));
        m.put("meanQueryPercent", r.meanQueryPercent());
        m.put("meanComparedPercent", r.meanComparedPercent());
        m.put("meanLevel1", r.meanLevel1());
        m.put("meanLevel2", r.meanLevel2());
        return m;
    }

    private static List<Double> rates(Row r, List<Integer> counts) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            out.add(r.rate(counts, i));
        }
        return out;
    }

    // ---------------------------------------------------------------- charts

    private void writeChart(Path file, String title, boolean vpdq) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(460).title(title).xAxisTitle("edit")
                .yAxisTitle("match rate").build();
        List<String> names = e.edits().stream().map(Row::name).toList();
        if (names.isEmpty()) {
            names = List.of("(none)");
        }
        int n = vpdq ? e.vpdqThresholds().size() : e.tmkThresholds().size();
        for (int i = 0; i < n; i++) {
            List<Double> y = new ArrayList<>();
            for (Row r : e.edits()) {
                y.add(r.rate(vpdq ? r.vpdq() : r.tmk(), i));
            }
            if (y.isEmpty()) {
                y.add(0.0);
            }
            String label = vpdq ? "P_q/P_c " + e.vpdqThresholds().get(i).label() : "t = " + e.tmkThresholds().get(i);
            chart.addSeries(label, names, y);
        }
        if (vpdq && e.hasViews()) {
            int d = defaultVpdq();
            List<Double> y = new ArrayList<>();
            for (Row r : e.edits()) {
                y.add(r.rate(r.vpdqView(), d));
            }
            if (!y.isEmpty()) {
                chart.addSeries(e.vpdqThresholds().get(d).label() + " + " + config.preprocess(), names, y);
            }
        }
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        EvalReport.save(chart, file);
    }

    /** Index of the matcher's own vPDQ rule (80/0) among the thresholds, else the first. */
    private int defaultVpdq() {
        for (int i = 0; i < e.vpdqThresholds().size(); i++) {
            VideoEvaluation.VpdqThreshold t = e.vpdqThresholds().get(i);
            if (t.queryPercent() == e.options().queryPercent() && t.comparedPercent() == e.options().comparedPercent()) {
                return i;
            }
        }
        return 0;
    }

    /** Index of the matcher's TMK threshold (0.7) among the thresholds, else the first. */
    private int defaultTmk() {
        for (int i = 0; i < e.tmkThresholds().size(); i++) {
            if (Math.abs(e.tmkThresholds().get(i) - 0.7f) < 1e-6) {
                return i;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- HTML

    String html() {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>mediamatch eval --videos</title>\n").append(EvalReport.STYLE)
                .append("</style>\n</head><body>\n<h1>mediamatch eval --videos</h1>\n");
        h.append("<p>").append(config.originalCount()).append(" originals (banked: every-frame vPDQ and TMK+PDQF of "
                + "the first ").append(fmt(config.clipSeconds())).append(" s, at most ").append(config.clipShortSide())
                .append(" px on the short side), ").append(e.overall().queries()).append(" edited variants and ")
                .append(config.distractorCount()).append(" distractors as queries (vPDQ one frame every ")
                .append(fmt(config.querySecondsPerHash())).append(" s, as the matcher hashes uploads")
                .append(config.preprocess() == null ? "" : "; also through <code>" + EvalReport.esc(config.preprocess())
                        + "</code> per frame").append("); ").append(config.edits().size()).append(" edits, seed ")
                .append(config.seed()).append(". vPDQ frames: quality &ge; ").append(e.options().qualityThreshold())
                .append(", distance &le; ").append(e.options().maxDistance()).append(". ")
                .append(String.format(Locale.ROOT, "%.1f s.", config.seconds())).append("</p>\n");
        if (!config.skipped().isEmpty()) {
            h.append("<p><b>Skipped inputs:</b></p><ul>");
            for (String s : config.skipped()) {
                h.append("<li>").append(EvalReport.esc(s)).append("</li>");
            }
            h.append("</ul>\n");
        }
        h.append("<h2 id=\"vpdq\">vPDQ match rate per edit</h2>\n<p>A variant matches its original at P_q/P_c when at "
                + "least P_q % of its frames and P_c % of the original's frames have a match on the other side (the "
                + "matcher's rule is ").append(e.options().queryPercent() == Math.rint(e.options().queryPercent())
                ? (long) e.options().queryPercent() : e.options().queryPercent()).append("/")
                .append((long) e.options().comparedPercent()).append(").</p>\n");
        h.append("<table id=\"vpdq-table\"><tr><th class=\"name\">edit</th><th>variants</th>");
        for (VideoEvaluation.VpdqThreshold t : e.vpdqThresholds()) {
            h.append("<th>").append(t.label()).append("</th>");
        }
        if (e.hasViews()) {
            for (VideoEvaluation.VpdqThreshold t : e.vpdqThresholds()) {
                h.append("<th>").append(t.label()).append(" + ").append(EvalReport.esc(config.preprocess()))
                        .append("</th>");
            }
        }
        h.append("<th>mean query %</th><th>mean compared %</th></tr>\n");
        for (Row r : e.edits()) {
            vpdqRow(h, r, false);
        }
        vpdqRow(h, e.overall(), true);
        h.append("</table>\n");

        h.append("<h2 id=\"tmk\">TMK+PDQF match rate per edit</h2>\n<p>level 1 &ge; t, and both levels &ge; t (the "
                + "TMK index's rule; the matcher uses 0.7/0.7).</p>\n");
        h.append("<table id=\"tmk-table\"><tr><th class=\"name\">edit</th><th>variants</th>");
        for (float t : e.tmkThresholds()) {
            h.append("<th>level 1 &ge; ").append(t).append("</th>");
        }
        for (float t : e.tmkThresholds()) {
            h.append("<th>both &ge; ").append(t).append("</th>");
        }
        h.append("<th>mean level 1</th><th>mean level 2</th></tr>\n");
        for (Row r : e.edits()) {
            tmkRow(h, r, false);
        }
        tmkRow(h, e.overall(), true);
        h.append("</table>\n");

        h.append("<h2 id=\"false-positives\">False positives</h2>\n<p>Queries matching an original that is not "
                + "their own (distractors: any original).</p>\n<table id=\"fp-table\"><tr><th class=\"name\">"
                + "queries</th><th>n</th>");
        for (VideoEvaluation.VpdqThreshold t : e.vpdqThresholds()) {
            h.append("<th>vPDQ ").append(t.label()).append("</th>");
        }
        if (e.hasViews()) {
            h.append("<th>vPDQ ").append(e.vpdqThresholds().get(defaultVpdq()).label()).append(" + ")
                    .append(EvalReport.esc(config.preprocess())).append("</th>");
        }
        for (float t : e.tmkThresholds()) {
            h.append("<th>TMK &ge; ").append(t).append("</th>");
        }
        h.append("</tr>\n");
        for (Row r : e.falsePositives()) {
            fpRow(h, r);
        }
        fpRow(h, e.falsePositivesAll());
        h.append("</table>\n");
        Closest cv = e.closestVpdq();
        Closest ct = e.closestTmk();
        h.append("<p>Closest wrong pair, vPDQ: ").append(cv == null ? "none (no query frame within the distance of a wrong original's frame)" : EvalReport.esc(cv.query()) + " vs "
                + EvalReport.esc(cv.original()) + String.format(Locale.ROOT, ", query %.1f %%, compared %.1f %%",
                cv.score(), cv.other())).append(". TMK: ").append(ct == null ? "none" : EvalReport.esc(ct.query())
                + " vs " + EvalReport.esc(ct.original()) + String.format(Locale.ROOT, ", level 1 %.3f, level 2 %.3f",
                ct.score(), ct.other())).append(".</p>\n");
        h.append("<h2 id=\"plots\">Plots</h2>\n<img class=\"plot\" src=\"vpdq.png\" alt=\"vPDQ match rate per edit\"><br>\n"
                + "<img class=\"plot\" src=\"tmk.png\" alt=\"TMK+PDQF match rate per edit\">\n");
        h.append("<p style=\"margin-top:24px;font-size:12px;color:#666\">Numbers also in "
                + "<a href=\"report.json\">report.json</a>; originals under <code>videos/</code>.</p>\n</body></html>\n");
        return h.toString();
    }

    private void vpdqRow(StringBuilder h, Row r, boolean total) {
        open(h, r, total);
        for (int i = 0; i < r.vpdq().size(); i++) {
            cell(h, r.rate(r.vpdq(), i));
        }
        if (e.hasViews()) {
            for (int i = 0; i < r.vpdqView().size(); i++) {
                cell(h, r.rate(r.vpdqView(), i));
            }
        }
        h.append("<td>").append(fmt(r.meanQueryPercent())).append("</td><td>").append(fmt(r.meanComparedPercent()))
                .append("</td></tr>\n");
    }

    private void tmkRow(StringBuilder h, Row r, boolean total) {
        open(h, r, total);
        for (int i = 0; i < r.level1().size(); i++) {
            cell(h, r.rate(r.level1(), i));
        }
        for (int i = 0; i < r.tmk().size(); i++) {
            cell(h, r.rate(r.tmk(), i));
        }
        h.append("<td>").append(String.format(Locale.ROOT, "%.3f", r.meanLevel1())).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.3f", r.meanLevel2())).append("</td></tr>\n");
    }

    private void fpRow(StringBuilder h, Row r) {
        h.append("<tr><td class=\"name\">").append(EvalReport.esc(r.name())).append("</td><td>").append(r.queries())
                .append("</td>");
        for (int i = 0; i < r.vpdq().size(); i++) {
            h.append("<td>").append(r.vpdq().get(i)).append("</td>");
        }
        if (e.hasViews()) {
            h.append("<td>").append(r.vpdqView().get(defaultVpdq())).append("</td>");
        }
        for (int i = 0; i < r.tmk().size(); i++) {
            h.append("<td>").append(r.tmk().get(i)).append("</td>");
        }
        h.append("</tr>\n");
    }

    private static void open(StringBuilder h, Row r, boolean total) {
        h.append("<tr><td class=\"name\">").append(total ? "<b>" : "").append(EvalReport.esc(r.name()))
                .append(total ? "</b>" : "").append("</td><td>").append(r.queries()).append("</td>");
    }

    private static void cell(StringBuilder h, double rate) {
        String cls = rate >= 0.95 ? "ok" : rate >= 0.7 ? "mid" : "low";
        h.append("<td class=\"").append(cls).append("\">").append(EvalReport.pct(rate)).append("</td>");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    // ---------------------------------------------------------------- terminal

    void printTable(PrintWriter out) {
        int dv = defaultVpdq();
        int dt = defaultTmk();
        String v = "vpdq " + e.vpdqThresholds().get(dv).label();
        String t = "tmk " + e.tmkThresholds().get(dt);
        out.println("mediamatch eval --videos: " + originals.size() + " originals, " + e.overall().queries()
                + " variants, " + config.distractorCount() + " distractors");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-28s %4s %10s", "edit", "n", v));
        if (e.hasViews()) {
            head.append(String.format(Locale.ROOT, " %18s", "+" + config.preprocess()));
        }
        head.append(String.format(Locale.ROOT, " %9s %7s %7s", t, "q%", "l2"));
        out.println(head);
        List<Row> rows = new ArrayList<>(e.edits());
        rows.add(e.overall());
        for (Row r : rows) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-28s %4d %10s", r.name(), r.queries(),
                    EvalReport.pct(r.rate(r.vpdq(), dv))));
            if (e.hasViews()) {
                s.append(String.format(Locale.ROOT, " %18s", EvalReport.pct(r.rate(r.vpdqView(), dv))));
            }
            s.append(String.format(Locale.ROOT, " %9s %7.1f %7.3f", EvalReport.pct(r.rate(r.tmk(), dt)),
                    r.meanQueryPercent(), r.meanLevel2()));
            out.println(s);
        }
        Row fp = e.falsePositivesAll();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-28s %4d %10d", "false positives",
                fp.queries(), fp.vpdq().get(dv)));
        if (e.hasViews()) {
            s.append(String.format(Locale.ROOT, " %18d", fp.vpdqView().get(dv)));
        }
        s.append(String.format(Locale.ROOT, " %9d", fp.tmk().get(dt)));
        out.println(s);
    }
}
