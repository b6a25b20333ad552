package io.mediamatch.eval;

import io.mediamatch.tmk.TmkHash;
import io.mediamatch.tmk.TmkScores;
import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqMatch;
import io.mediamatch.video.VpdqMatchOptions;
import io.mediamatch.video.VpdqMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The counts of a video robustness evaluation ({@code mediamatch eval --videos}): every query (an edited variant of
 * an original, or a distractor) compared with every banked original by the vPDQ reference comparison
 * ({@link VpdqMatcher}: quality F and frame distance D of the options, then the P_q/P_c thresholds, as the matcher
 * decides a match) and by TMK+PDQF level 1 and level 2 ({@link TmkScores}). A variant is found at a threshold when it
 * matches its own original; any match with an original of another family, or of a distractor with any original, is
 * a false positive. Immutable; {@link #of} is the only computation.
 */
public final class VideoEvaluation {
    /** A banked original: every-frame vPDQ and TMK+PDQF of the prepared clip; same family = not a false positive. */
    public record Original(String name, String family, VpdqHash vpdq, TmkHash tmk) {
        public Original {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(vpdq, "vpdq");
            Objects.requireNonNull(tmk, "tmk");
        }
    }

    /**
     * A query video as the matcher hashes it: {@code vpdq} plain, {@code vpdqView} the same frames through a clean-up
     * (null when none); {@code original} its original's index, or -1 for a distractor whose kind is {@code edit}.
     */
    public record Query(String name, int original, String edit, VpdqHash vpdq, VpdqHash vpdqView, TmkHash tmk) {
        public Query {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(edit, "edit");
            Objects.requireNonNull(vpdq, "vpdq");
            Objects.requireNonNull(tmk, "tmk");
        }

        public boolean isDistractor() {
            return original < 0;
        }
    }

    /** A vPDQ decision rule: at least {@code queryPercent} of the query's and {@code comparedPercent} of the banked frames. */
    public record VpdqThreshold(double queryPercent, double comparedPercent) {
        /** As {@code 80/0}. */
        public String label() {
            return trim(queryPercent) + "/" + trim(comparedPercent);
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }

        /** Parses {@code Q/C}, each 0..100. Throws IllegalArgumentException naming the text. */
        public static VpdqThreshold parse(String text) {
            String[] p = text.trim().split("/");
            try {
                if (p.length == 2) {
                    double q = Double.parseDouble(p[0]);
                    double c = Double.parseDouble(p[1]);
                    if (q >= 0 && q <= 100 && c >= 0 && c <= 100) {
                        return new VpdqThreshold(q, c);
                    }
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("not a vPDQ threshold QUERY%/COMPARED% with both in 0..100: '" + text + "'");
        }
    }

    /**
     * Counts for one edit (or one distractor kind, or all edits): {@code vpdq[i]} queries matched at vPDQ threshold i
     * plainly, {@code vpdqView[i]} plain or through the view; {@code level1[j]} with level 1 >= t_j,
     * {@code tmk[j]} with both levels >= t_j (the TMK index's rule); means of the scores against the own original
     * (0 for distractors).
     */
    public record Row(String name, int queries, List<Integer> vpdq, List<Integer> vpdqView, List<Integer> level1,
                      List<Integer> tmk, double meanQueryPercent, double meanComparedPercent, double meanLevel1,
                      double meanLevel2) {
        public double rate(List<Integer> counts, int i) {
            return queries == 0 ? 0 : (double) counts.get(i) / queries;
        }
    }

    /**
     * The closest wrong pair by one score: query, original, the score and the other side's (vPDQ: query and compared
     * percent; TMK+PDQF: level 1 and level 2).
     */
    public record Closest(String query, String original, double score, double other) {}

    private final VpdqMatchOptions options;
    private final List<VpdqThreshold> vpdqThresholds;
    private final List<Float> tmkThresholds;
    private final boolean views;
    private final List<Row> edits;
    private final Row overall;
    private final List<Row> falsePositives;
    private final Row falsePositivesAll;
    private final Closest closestVpdq;
    private final Closest closestTmk;

    private VideoEvaluation(VpdqMatchOptions options, List<VpdqThreshold> vpdqThresholds, List<Float> tmkThresholds,
                            boolean views, List<Row> edits, Row overall, List<Row> falsePositives,
                            Row falsePositivesAll, Closest closestVpdq, Closest closestTmk) {
        this.options = options;
        this.vpdqThresholds = vpdqThresholds;
        this.tmkThresholds = tmkThresholds;
        this.views = views;
        this.edits = edits;
        this.overall = overall;
        this.falsePositives = falsePositives;
        this.falsePositivesAll = falsePositivesAll;
        this.closestVpdq = closestVpdq;
        this.closestTmk = closestTmk;
    }

    /**
     * Compares every query with every original.
     *
     * @param options frame quality F and distance D of the vPDQ comparison (its own P_q/P_c are not used)
     * @throws IllegalArgumentException when a query names no original, or a threshold list is empty
     */
    public static VideoEvaluation of(List<Original> originals, List<Query> queries, VpdqMatchOptions options,
                                     List<VpdqThreshold> vpdqThresholds, List<Float> tmkThresholds) {
        if (vpdqThresholds.isEmpty() || tmkThresholds.isEmpty()) {
            throw new IllegalArgumentException("at least one vPDQ and one TMK threshold");
        }
        VpdqMatcher matcher = new VpdqMatcher(options.withThresholds(0, 0));
        List<VpdqMatcher.Prepared> banked = originals.stream().map(o -> matcher.prepare(o.vpdq())).toList();
        boolean views = queries.stream().anyMatch(q -> q.vpdqView() != null);
        Map<String, Acc> byEdit = new LinkedHashMap<>();
        Map<String, Acc> byKind = new LinkedHashMap<>();
        Acc all = new Acc("all edits", vpdqThresholds.size(), tmkThresholds.size());
        Acc fpAll = new Acc("all queries", vpdqThresholds.size(), tmkThresholds.size());
        Closest[] closest = new Closest[2];
        for (Query q : queries) {
            if (q.original() >= originals.size()) {
                throw new IllegalArgumentException(q.name() + " names original " + q.original() + " of "
                        + originals.size());
            }
            VpdqMatcher.Prepared plain = matcher.prepare(q.vpdq());
            VpdqMatcher.Prepared view = q.vpdqView() == null ? null : matcher.prepare(q.vpdqView());
            Outcome own = null;
            Outcome wrong = new Outcome(vpdqThresholds.size(), tmkThresholds.size());
            String family = q.isDistractor() ? null : originals.get(q.original()).family();
            for (int k = 0; k < originals.size(); k++) {
                Original o = originals.get(k);
                VpdqMatch m = matcher.compare(plain, banked.get(k));
                VpdqMatch mv = view == null ? null : matcher.compare(view, banked.get(k));
                float l1 = TmkScores.level1(q.tmk(), o.tmk());
                // Level 2 for every pair (the index computes it for level-1 candidates only; the counts apply that
                // rule), so the closest wrong pair reports both scores.
                float l2 = TmkScores.level2(q.tmk(), o.tmk());
                if (k == q.original()) {
                    own = new Outcome(vpdqThresholds.size(), tmkThresholds.size());
                    own.add(m, mv, l1, l2, vpdqThresholds, tmkThresholds);
                    own.scores = new double[] {m.queryPercent(), m.comparedPercent(), l1, l2};
                } else if (family == null || !family.equals(o.family())) {
                    wrong.add(m, mv, l1, l2, vpdqThresholds, tmkThresholds);
                    double qp = Math.max(m.queryPercent(), mv == null ? 0 : mv.queryPercent());
                    if (qp > 0) {
                        closest[0] = better(closest[0], q.name(), o.name(), qp, m.comparedPercent());
                    }
                    closest[1] = better(closest[1], q.name(), o.name(), l1, l2);
                }
            }
            if (own != null) {
                byEdit.computeIfAbsent(q.edit(), e -> new Acc(e, vpdqThresholds.size(), tmkThresholds.size()))
                        .add(own);
                all.add(own);
            } else {
                byKind.computeIfAbsent(q.edit(), e -> new Acc(e, vpdqThresholds.size(), tmkThresholds.size()))
                        .add(wrong);
            }
            fpAll.add(wrong);
        }
        return new VideoEvaluation(options, List.copyOf(vpdqThresholds), List.copyOf(tmkThresholds), views,
                byEdit.values().stream().map(Acc::row).toList(), all.row(),
                byKind.values().stream().map(Acc::row).toList(), fpAll.row(), closest[0], closest[1]);
    }

    private static Closest better(Closest c, String query, String original, double score, double other) {
        return c == null || score > c.score() ? new Closest(query, original, score, other) : c;
    }

    /** The vPDQ comparison's F and D. */
    public VpdqMatchOptions options() {
        return options;
    }

    public List<VpdqThreshold> vpdqThresholds() {
        return vpdqThresholds;
    }

    public List<Float> tmkThresholds() {
        return tmkThresholds;
    }

    /** Whether queries carried a cleaned-up view (then {@link Row#vpdqView()} differs from plain). */
    public boolean hasViews() {
        return views;
    }

    /** Recall per edit, in the order edits first appear among the queries. */
    public List<Row> edits() {
        return edits;
    }

    /** Recall over every variant. */
    public Row overall() {
        return overall;
    }

    /** Per distractor kind: distractors matching some original (counts are false positives). */
    public List<Row> falsePositives() {
        return falsePositives;
    }

    /** Over every query (variants and distractors): queries matching a wrong original. */
    public Row falsePositivesAll() {
        return falsePositivesAll;
    }

    /** The wrong pair with the highest vPDQ query percent (plain or view), or null when no wrong pair shares a frame. */
    public Closest closestVpdq() {
        return closestVpdq;
    }

    /** The wrong pair with the highest TMK level-1 score, or null. */
    public Closest closestTmk() {
        return closestTmk;
    }

    /** Whether one query matched at each threshold (any original counted), and its own scores. */
    private static final class Outcome {
        final boolean[] vpdq;
        final boolean[] vpdqView;
        final boolean[] level1;
        final boolean[] tmk;
        double[] scores;

        Outcome(int nv, int nt) {
            vpdq = new boolean[nv];
            vpdqView = new boolean[nv];
            level1 = new boolean[nt];
            tmk = new boolean[nt];
        }

        void add(VpdqMatch m, VpdqMatch mv, float l1, float l2, List<VpdqThreshold> vt, List<Float> tt) {
            for (int i = 0; i < vt.size(); i++) {
                boolean p = passes(m, vt.get(i));
                vpdq[i] |= p;
                vpdqView[i] |= p || (mv != null && passes(mv, vt.get(i)));
            }
            for (int j = 0; j < tt.size(); j++) {
                level1[j] |= l1 >= tt.get(j);
                tmk[j] |= l1 >= tt.get(j) && l2 >= tt.get(j);
            }
        }

        private static boolean passes(VpdqMatch m, VpdqThreshold t) {
            return m.queryPercent() >= t.queryPercent() && m.comparedPercent() >= t.comparedPercent()
                    && (m.queryPercent() > 0 || m.comparedPercent() > 0);
        }
    }

    private static final class Acc {
        final String name;
        final int[] vpdq;
        final int[] vpdqView;
        final int[] level1;
        final int[] tmk;
        final double[] sums = new double[4];
        int n;

        Acc(String name, int nv, int nt) {
            this.name = name;
            vpdq = new int[nv];
            vpdqView = new int[nv];
            level1 = new int[nt];
            tmk = new int[nt];
        }

        void add(Outcome o) {
            n++;
            count(vpdq, o.vpdq);
            count(vpdqView, o.vpdqView);
            count(level1, o.level1);
            count(tmk, o.tmk);
            if (o.scores != null) {
                for (int i = 0; i < 4; i++) {
                    sums[i] += o.scores[i];
                }
            }
        }

        private static void count(int[] into, boolean[] b) {
            for (int i = 0; i < b.length; i++) {
                into[i] += b[i] ? 1 : 0;
            }
        }

        Row row() {
            double d = Math.max(1, n);
            return new Row(name, n, list(vpdq), list(vpdqView), list(level1), list(tmk), sums[0] / d, sums[1] / d,
                    sums[2] / d, sums[3] / d);
        }

        private static List<Integer> list(int[] a) {
            List<Integer> out = new ArrayList<>(a.length);
            for (int v : a) {
                out.add(v);
            }
            return List.copyOf(out);
        }
    }
}
