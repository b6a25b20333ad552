package io.mediamatch.match;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fields of one match record ({@code mediamatch match --json}, the stream job's output): {@code matched},
 * {@code matches}, {@code negative}, {@code suppressed}, {@code hashes}, {@code notes}, as maps ready for Jackson.
 */
public final class MatchJson {
    private MatchJson() {
    }

    /** Puts {@code r}'s fields into {@code record} after those already there (what names the input) and returns it. */
    public static Map<String, Object> put(Map<String, Object> record, MatchResult r) {
        record.put("matched", r.matched());
        record.put("matches", matches(r.matches()));
        record.put("negative", matches(r.negative()));
        record.put("suppressed", matches(r.suppressed()));
        List<Map<String, Object>> hashes = new ArrayList<>();
        for (QueryHash h : r.hashes()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("type", h.type().wireName());
            x.put("value", h.value());
            if (h.quality() >= 0) {
                x.put("quality", h.quality());
            }
            x.put("used", h.used());
            if (!h.view().isEmpty()) {
                x.put("view", h.view());
            }
            hashes.add(x);
        }
        record.put("hashes", hashes);
        record.put("notes", r.notes());
        if (r.undecodable()) {
            record.put("undecodable", true); // only exact hashes were checked: not the same as "no match"
        }
        return record;
    }

    private static List<Map<String, Object>> matches(List<Match> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Match x : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bank", x.bank());
            m.put("negative_bank", x.negative());
            m.put("signal_id", x.signalId());
            m.put("type", x.type().wireName());
            m.put("value", x.value());
            m.put("distance", x.distance());
            m.put("threshold", x.threshold());
            m.put("orientation", x.orientation().label());
            m.put("query", x.query());
            m.put("labels", new TreeSet<>(x.labels()));
            m.put("source", x.source());
            m.put("external_id", x.externalId());
            m.put("status", x.status().wireName());
            if (x.vpdq() != null) {
                m.put("vpdq_query_pct", x.vpdq().queryPercent());
                m.put("vpdq_compared_pct", x.vpdq().comparedPercent());
            }
            if (x.tmk() != null) {
                m.put("tmk_level1", x.tmk().level1());
                m.put("tmk_level2", x.tmk().level2());
            }
            out.add(m);
        }
        return out;
    }
}
