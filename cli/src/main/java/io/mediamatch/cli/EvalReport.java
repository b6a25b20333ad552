package io.mediamatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mediamatch.eval.Evaluation.Miss;
import io.mediamatch.eval.Evaluation.Original;
import io.mediamatch.eval.Evaluation.TransformResult;
import io.mediamatch.eval.Evaluation;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the outputs of {@code mediamatch eval}: {@code report.json} (all numbers), {@code report.html} (tables,
 * plots, worst misses), {@code roc.png}, {@code histogram.png}, {@code recall.png} and {@code thumbs/}; and prints the
 * compact terminal table. Not thread-safe; use once.
 */
final class EvalReport {
    /** What was run, for the report header and JSON. */
    record Config(List<String> originals, List<String> distractors, int syntheticOriginals, int syntheticDistractors,
                  List<String> transforms, boolean dihedral, List<String> preprocess, long seed, int originalCount, int extraHashCount,
                  int distractorCount, List<String> skipped, double seconds, List<String> augment,
                  int augmentedHashes, int nearDuplicates) {
        String label() {
            List<String> parts = new ArrayList<>();
            if (!augment.isEmpty()) {
                parts.add("bank --augment " + String.join(",", augment));
            }
            if (dihedral) {
                parts.add("--dihedral");
            }
            if (!preprocess.isEmpty()) {
                parts.add("--preprocess " + String.join(",", preprocess));
            }
            return parts.isEmpty() ? "plain PDQ" : String.join(" ", parts);
        }
    }

    /** The reports' style sheet, opening {@code <style>} included (shared with {@link VideoEvalReport}). */
    static final String STYLE = "<style>body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}"
            + "table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #ccc;"
            + "padding:3px 8px;text-align:right}th{background:#f0f0f0}td.name,th.name{text-align:left}"
            + "td.low{background:#fbe3e3}td.mid{background:#fdf3d7}td.ok{background:#e3f5e1}"
            + "img.plot{max-width:100%;border:1px solid #ddd;margin:6px 0}"
            + ".miss{display:inline-block;margin:8px;padding:6px;border:1px solid #ddd;"
            + "vertical-align:top;font-size:12px}.miss img{max-height:160px;margin:2px}"
            + "code{background:#f4f4f4;padding:1px 4px}";
    private static final int ROC_MAX_DISTANCE = 80;
    private static final int THUMB = 220;

    private final Config config;
    private final Evaluation e;
    private final List<Original> originals;
    private final BiFunction<Integer, String, BufferedImage> variantOf;
    private final List<EvalCommand.Item> originalItems;

    /**
     * @param variantOf regenerates the variant of original {@code i} made by a named transform (for thumbnails)
     */
    EvalReport(Config config, Evaluation evaluation, List<Original> originals, List<EvalCommand.Item> originalItems,
               BiFunction<Integer, String, BufferedImage> variantOf) {
        this.config = config;
        this.e = evaluation;
        this.originals = originals;
        this.originalItems = originalItems;
        this.variantOf = variantOf;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeJson(dir.resolve("report.json"));
        writeRoc(dir.resolve("roc.png"));
        writeHistogram(dir.resolve("histogram.png"));
        writeRecallChart(dir.resolve("recall.png"));
        List<String[]> thumbs = writeThumbnails(dir.resolve("thumbs"));
        Files.writeString(dir.resolve("report.html"), html(thumbs), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- JSON

    Map<String, Object> jsonTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("config", config);
        root.put("distances", e.distances());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TransformResult t : e.transforms()) {
            rows.add(row(t));
        }
        root.put("transforms", rows);
        root.put("overall", row(e.overall()));
        Map<String, Object> fp = new LinkedHashMap<>();
        List<Double> rate = new ArrayList<>();
        List<Double> pairRate = new ArrayList<>();
        for (int i = 0; i < e.distances().size(); i++) {
            rate.add(e.falsePositiveRate(i));
            pairRate.add(e.pairFalseMatchRate(i));
        }
        fp.put("queries", e.overall().variants() + e.distractors());
        fp.put("variantsMatchingAnotherOriginal", e.overall().crossMatched());
        fp.put("distractors", e.distractors());
        fp.put("distractorsMatched", e.distractorsMatched());
        fp.put("rate", rate);
        fp.put("impostorPairs", e.impostorPairs());
        fp.put("impostorPairsWithin", e.impostorPairsWithin());
        fp.put("pairRate", pairRate);
        fp.put("closestDistractorDistance", e.closestDistractorDistance());
        fp.put("closestWrongDistance", e.closestWrongDistance());
        root.put("falsePositives", fp);
        Map<String, Object> hist = new LinkedHashMap<>();
        hist.put("ownDistance", e.ownHistogram());
        hist.put("impostorPairDistance", e.impostorHistogram());
        hist.put("closestImpostorDistance", e.closestImpostorHistogram());
        root.put("histograms", hist);
        List<Map<String, Object>> misses = new ArrayList<>();
        for (Miss m : e.worstMisses()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("variant", m.name());
            mm.put("original", originals.get(m.original()).name());
            mm.put("transform", m.transform());
            mm.put("distance", m.distance());
            misses.add(mm);
        }
        root.put("worstMisses", misses);
        List<Map<String, Object>> near = new ArrayList<>();
        for (Miss m : e.closestDistractors()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("distractor", m.name());
            mm.put("original", originals.get(m.original()).name());
            mm.put("distance", m.distance());
            near.add(mm);
        }
        root.put("closestDistractors", near);
        return root;
    }

    private static Map<String, Object> row(TransformResult t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transform", t.transform());
        m.put("variants", t.variants());
        m.put("recalled", t.recalled());
        List<Double> recall = new ArrayList<>();
        for (int i = 0; i < t.recalled().size(); i++) {
            recall.add(t.recall(i));
        }
        m.put("recall", recall);
        m.put("matchingAnotherOriginal", t.crossMatched());
        m.put("meanDistance", t.meanDistance());
        m.put("medianDistance", t.medianDistance());
        m.put("maxDistance", t.maxDistance());
        return m;
    }

    private void writeJson(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.writeValue(file.toFile(), jsonTree());
    }

    // ---------------------------------------------------------------- charts

    private void writeRoc(Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(760).height(480)
                .title("Recall vs false-positive rate, d = 0.." + ROC_MAX_DISTANCE + " (" + config.label() + ")")
                .xAxisTitle("false-positive rate (queries matching another original)").yAxisTitle("recall").build();
        int n = ROC_MAX_DISTANCE + 1;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int d = 0; d < n; d++) {
            x[d] = e.falsePositiveRateAt(d);
            y[d] = e.recallAt(d);
        }
        XYSeries curve = chart.addSeries("all edits", x, y);
        curve.setMarker(SeriesMarkers.NONE);
        for (int i = 0; i < e.distances().size(); i++) {
            int d = e.distances().get(i);
            XYSeries p = chart.addSeries("d <= " + d, new double[] {x[d]}, new double[] {y[d]});
            p.setMarker(SeriesMarkers.CIRCLE);
        }
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        save(chart, file);
    }

    private void writeHistogram(Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(760).height(420).title("Distance distribution")
                .xAxisTitle("Hamming distance").yAxisTitle("fraction").build();
        int n = Evaluation.HISTOGRAM_BINS;
        double[] x = new double[n];
        for (int d = 0; d < n; d++) {
            x[d] = d;
        }
        chart.addSeries("variant to its own original", x, normalise(e.ownHistogram())).setMarker(SeriesMarkers.NONE);
        chart.addSeries("query to another original (all pairs)", x, normalise(e.impostorHistogram()))
                .setMarker(SeriesMarkers.NONE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(256.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        save(chart, file);
    }

    private void writeRecallChart(Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(460)
                .title("Recall per edit (" + config.label() + ")").xAxisTitle("edit").yAxisTitle("recall").build();
        List<String> names = e.transforms().stream().map(TransformResult::transform).toList();
        for (int i = 0; i < e.distances().size(); i++) {
            List<Double> r = new ArrayList<>();
            for (TransformResult t : e.transforms()) {
                r.add(t.recall(i));
            }
            chart.addSeries("d <= " + e.distances().get(i), names, r);
        }
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        save(chart, file);
    }

    private static double[] normalise(List<Long> h) {
        long total = h.stream().mapToLong(Long::longValue).sum();
        double[] out = new double[h.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = total == 0 ? 0 : (double) h.get(i) / total;
        }
        return out;
    }

    /** Writes {@code chart} as a PNG (shared with {@link VideoEvalReport}). */
    static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    // ---------------------------------------------------------------- thumbnails

    /** Returns per miss {original thumb, variant thumb} relative paths (null entries when regeneration failed). */
    private List<String[]> writeThumbnails(Path dir) throws IOException {
        List<String[]> out = new ArrayList<>();
        if (e.worstMisses().isEmpty()) {
            return out;
        }
        Files.createDirectories(dir);
        int k = 0;
        for (Miss m : e.worstMisses()) {
            String[] pair = new String[2];
            try {
                BufferedImage orig = originalItems.get(m.original()).image().get();
                BufferedImage variant = variantOf.apply(m.original(), m.transform());
                pair[0] = "thumbs/miss-" + k + "-original.png";
                pair[1] = "thumbs/miss-" + k + "-variant.png";
                ImageIO.write(thumbnail(orig), "png", dir.resolve("miss-" + k + "-original.png").toFile());
                ImageIO.write(thumbnail(variant), "png", dir.resolve("miss-" + k + "-variant.png").toFile());
            } catch (RuntimeException ex) {
                pair[0] = null;
                pair[1] = null;
            }
            out.add(pair);
            k++;
        }
        return out;
    }

    private static BufferedImage thumbnail(BufferedImage img) {
        BufferedImage rgb = io.mediamatch.eval.Transform.toRgb(img);
        double s = Math.min(1.0, (double) THUMB / Math.max(rgb.getWidth(), rgb.getHeight()));
        int w = Math.max(1, (int) Math.round(rgb.getWidth() * s));
        int h = Math.max(1, (int) Math.round(rgb.getHeight() * s));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(rgb.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return out;
    }

    // ---------------------------------------------------------------- HTML

    String html(List<String[]> thumbs) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>mediamatch eval: ").append(esc(config.label())).append("</title>\n")
                .append(STYLE).append("</style>\n</head><body>\n");
        h.append("<h1>mediamatch eval: ").append(esc(config.label())).append("</h1>\n");
        h.append("<p>").append(config.originalCount()).append(" originals (database, plain PDQ)");
        if (config.augmentedHashes() > 0) {
            h.append(" plus ").append(config.augmentedHashes()).append(" hashes of their augmented views (")
                    .append(String.format(Locale.ROOT, "%.2f", 1 + (double) config.augmentedHashes()
                            / config.originalCount())).append(" hashes per banked item)");
        }
        if (config.extraHashCount() > 0) {
            h.append(" plus ").append(config.extraHashCount()).append(" unrelated database hashes");
        }
        h.append(", ")
                .append(e.overall().variants()).append(" edited variants and ").append(e.distractors())
                .append(" distractors as queries; ").append(config.transforms().size()).append(" edits, seed ")
                .append(config.seed()).append(". Query hashing: <code>").append(esc(config.label()))
                .append("</code>. ").append(String.format(Locale.ROOT, "%.1f s.", config.seconds())).append("</p>\n");
        if (!config.skipped().isEmpty()) {
            h.append("<p><b>Skipped inputs:</b> ").append(config.skipped().size()).append("</p><ul>");
            for (String s : config.skipped()) {
                h.append("<li>").append(esc(s)).append("</li>");
            }
            h.append("</ul>\n");
        }

        h.append("<h2 id=\"recall\">Recall per edit</h2>\n<p>Fraction of variants within d bits of their own "
                + "original; <i>other</i>: variants within d of a different original (false positives).</p>\n");
        h.append("<table id=\"recall-table\"><tr><th class=\"name\">edit</th><th>variants</th>");
        for (int d : e.distances()) {
            h.append("<th>d&le;").append(d).append("</th>");
        }
        h.append("<th>median d</th><th>mean d</th><th>max d</th><th>other at d&le;")
                .append(e.distances().get(e.distances().size() - 1)).append("</th></tr>\n");
        for (TransformResult t : e.transforms()) {
            htmlRow(h, t, false);
        }
        htmlRow(h, e.overall(), true);
        h.append("</table>\n");

        h.append("<h2 id=\"false-positives\">False positives</h2>\n<table id=\"fp-table\"><tr><th class=\"name\">"
                + "distance</th><th>queries</th><th>variants matching another original</th>"
                + "<th>distractors matched</th><th>false-positive rate</th><th>impostor pairs within d</th>"
                + "<th>per-pair rate</th><th>recall (all edits)</th></tr>\n");
        int queries = e.overall().variants() + e.distractors();
        for (int i = 0; i < e.distances().size(); i++) {
            h.append("<tr><td class=\"name\">d&le;").append(e.distances().get(i)).append("</td><td>").append(queries)
                    .append("</td><td>").append(e.overall().crossMatched().get(i)).append("</td><td>")
                    .append(e.distractorsMatched().get(i)).append(" / ").append(e.distractors()).append("</td><td>")
                    .append(pct(e.falsePositiveRate(i))).append("</td><td>").append(e.impostorPairsWithin().get(i))
                    .append(" / ").append(e.impostorPairs()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2e", e.pairFalseMatchRate(i))).append("</td><td>")
                    .append(pct(e.overall().recall(i))).append("</td></tr>\n");
        }
        h.append("</table>\n<p>Closest wrong distance (any query to an original of another family): ")
                .append(e.closestWrongDistance()).append("; closest distractor: ")
                .append(e.closestDistractorDistance()).append(".</p>\n");
        if (!e.closestDistractors().isEmpty()) {
            h.append("<table id=\"closest-distractors\"><tr><th class=\"name\">closest distractors</th>"
                    + "<th class=\"name\">database hash</th><th>distance</th></tr>\n");
            for (Miss m : e.closestDistractors()) {
                h.append("<tr><td class=\"name\">").append(esc(m.name())).append("</td><td class=\"name\">")
                        .append(esc(originals.get(m.original()).name())).append("</td><td>").append(m.distance())
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2 id=\"plots\">Plots</h2>\n")
                .append("<img class=\"plot\" src=\"roc.png\" alt=\"recall versus false-positive rate\"><br>\n")
                .append("<img class=\"plot\" src=\"recall.png\" alt=\"recall per edit\"><br>\n")
                .append("<img class=\"plot\" src=\"histogram.png\" alt=\"distance histogram\">\n");

        h.append("<h2 id=\"worst\">Worst misses</h2>\n<p>Variants furthest from their own original "
                + "(original left, variant as queried before preprocessing right).</p>\n");
        for (int k = 0; k < e.worstMisses().size(); k++) {
            Miss m = e.worstMisses().get(k);
            String[] t = k < thumbs.size() ? thumbs.get(k) : new String[2];
            h.append("<div class=\"miss\"><b>").append(esc(m.transform())).append("</b>, d = ").append(m.distance())
                    .append("<br>");
            if (t[0] != null) {
                h.append("<img src=\"").append(t[0]).append("\" alt=\"original\">")
                        .append("<img src=\"").append(t[1]).append("\" alt=\"variant\">");
            }
            h.append("<br>").append(esc(originals.get(m.original()).name())).append("</div>\n");
        }
        h.append("<p style=\"margin-top:24px;font-size:12px;color:#666\">Numbers also in "
                + "<a href=\"report.json\">report.json</a>.</p>\n</body></html>\n");
        return h.toString();
    }

    private void htmlRow(StringBuilder h, TransformResult t, boolean total) {
        String open = total ? "<b>" : "";
        String close = total ? "</b>" : "";
        h.append("<tr><td class=\"name\">").append(open).append(esc(t.transform())).append(close).append("</td><td>")
                .append(t.variants()).append("</td>");
        for (int i = 0; i < t.recalled().size(); i++) {
            double r = t.recall(i);
            String cls = r >= 0.95 ? "ok" : r >= 0.7 ? "mid" : "low";
            h.append("<td class=\"").append(cls).append("\">").append(pct(r)).append("</td>");
        }
        h.append("<td>").append(t.medianDistance()).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.1f", t.meanDistance())).append("</td><td>")
                .append(t.maxDistance()).append("</td><td>")
                .append(t.crossMatched().get(t.crossMatched().size() - 1)).append("</td></tr>\n");
    }

    // ---------------------------------------------------------------- terminal

    void printTable(PrintWriter out) {
        out.println("mediamatch eval: " + config.label() + "; " + config.originalCount() + " originals"
                + (config.augmentedHashes() > 0 ? String.format(Locale.ROOT, " (%.2f hashes each)",
                        1 + (double) config.augmentedHashes() / config.originalCount()) : "")
                + (config.extraHashCount() > 0 ? " + " + config.extraHashCount() + " extra database hashes" : "") + ", "
                + e.overall().variants() + " variants, " + e.distractors() + " distractors");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-26s %5s", "edit", "n"));
        for (int d : e.distances()) {
            head.append(String.format(Locale.ROOT, " %7s", "d<=" + d));
        }
        head.append(String.format(Locale.ROOT, " %6s", "median"));
        out.println(head);
        for (TransformResult t : e.transforms()) {
            out.println(tableRow(t));
        }
        out.println(tableRow(e.overall()));
        StringBuilder fp = new StringBuilder(String.format(Locale.ROOT, "%-26s %5d", "false-positive rate",
                e.overall().variants() + e.distractors()));
        for (int i = 0; i < e.distances().size(); i++) {
            fp.append(String.format(Locale.ROOT, " %7s", pct(e.falsePositiveRate(i))));
        }
        out.println(fp);
        out.println("closest wrong distance: " + e.closestWrongDistance() + " (distractors: "
                + e.closestDistractorDistance() + ")");
    }

    private static String tableRow(TransformResult t) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-26s %5d", t.transform(), t.variants()));
        for (int i = 0; i < t.recalled().size(); i++) {
            s.append(String.format(Locale.ROOT, " %7s", pct(t.recall(i))));
        }
        s.append(String.format(Locale.ROOT, " %6d", t.medianDistance()));
        return s.toString();
    }

    static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f%%", f * 100);
    }

    /** HTML-escapes text and attribute values. */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
