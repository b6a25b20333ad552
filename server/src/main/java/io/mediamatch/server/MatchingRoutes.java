package io.mediamatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.mediamatch.match.Match;
import io.mediamatch.match.MatchResult;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.pdq.DihedralHashes;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.preprocess.Preprocess;
import io.mediamatch.store.SignalType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /m}: raw index lookups, HMA's filtered lookups by hash, URL or upload (with mediamatch's
 * {@code dihedral} and {@code preprocess} options for PDQ, and {@code frames} for animated photos), a batch lookup of many hashes (an extension), index
 * status and hash comparison.
 */
final class MatchingRoutes {
    /** Most signals in one batch lookup. */
    static final int MAX_BATCH = 10_000;

    private final Service service;

    MatchingRoutes(Service service) {
        this.service = service;
    }

    void register(Routes r) {
        r.get("/m/raw_lookup", "Index hits of a signal, without content or bank checks", this::rawLookup);
        r.get("/m/lookup", "Matches of a signal (signal, signal_type) or of the media at url", this::lookup);
        r.post("/m/lookup", "Matches of an upload (multipart; the field name is the content type)",
                this::lookupUpload);
        r.post("/m/lookup_batch", "mediamatch extension: matches of many signals of one type, in input order",
                this::lookupBatch);
        r.get("/m/index/status", "Index state per signal type", this::indexStatus);
        r.post("/m/compare", "Compare two hashes per signal type", this::compare);
    }

    // ---------------------------------------------------------------- lookups by hash

    private void rawLookup(Context ctx) throws IOException {
        String signal = required(ctx, "signal");
        String type = required(ctx, "signal_type");
        boolean withDistance = bool(ctx, "include_distance", false);
        String value = checkedSignal(type, signal);
        List<Lookups.Hit> hits = service.lookups().raw(type, value);
        Set<String> banks = Service.bankList(ctx.queryParam("banks"));
        List<Object> out = new ArrayList<>();
        Set<Long> seen = new java.util.HashSet<>();
        for (Lookups.Hit h : hits) {
            if ((banks == null || banks.contains(h.bank())) && seen.add(h.contentId())) {
                out.add(withDistance ? Map.of("bank_content_id", h.contentId(), "distance", h.distance())
                        : h.contentId());
            }
        }
        service.metrics().lookup(type, !out.isEmpty());
        Json.ok(ctx, Map.of("matches", out));
    }

    private void lookup(Context ctx) throws IOException {
        String url = ctx.queryParam("url");
        String signal = ctx.queryParam("signal");
        String type = ctx.queryParam("signal_type");
        Lookups.Filter filter = new Lookups.Filter(Service.bankList(ctx.queryParam("banks")),
                ctx.queryParam("seed"), bool(ctx, "bypass_coinflip", false));
        if (url != null) {
            service.requireRole(ctx, Tokens.Role.HASHER, "Hashing is disabled, missing role");
            try (Service.Media media = service.fetch(url, ctx.queryParam("content_type"))) {
                Map<String, Object> byType = lookupMedia(ctx, media, filter);
                if (type != null) {
                    Object inner = byType.get(type);
                    Json.ok(ctx, inner == null ? Map.of() : inner);
                } else {
                    Json.ok(ctx, byType);
                }
            }
            return;
        }
        if (signal == null || type == null) {
            throw ApiError.badRequest("Either url or both signal and signal_type are required");
        }
        String value = checkedSignal(type, signal);
        Lookups lookups = service.lookups();
        Map<String, List<Map<String, Object>>> out = lookups.filter(lookups.positive(type, value), filter);
        service.metrics().lookup(type, !out.isEmpty());
        Json.ok(ctx, out);
    }

    private void lookupUpload(Context ctx) throws IOException {
        service.requireRole(ctx, Tokens.Role.HASHER, "Hashing is disabled, missing role");
        service.readyMatcher();
        Lookups.Filter filter = new Lookups.Filter(Service.bankList(ctx.queryParam("banks")),
                ctx.queryParam("seed"), "true".equals(ctx.queryParam("bypass_coinflip")));
        try (Service.Media media = service.upload(ctx)) {
            Json.ok(ctx, lookupMedia(ctx, media, filter));
        }
    }

    /** Hashes media to its types and looks each up: {@code {type: {bank: [hits]}}}. */
    private Map<String, Object> lookupMedia(Context ctx, Service.Media media, Lookups.Filter filter)
            throws IOException {
        List<String> names = service.selectTypes(media.contentType(), ctx.queryParam("types"));
        boolean dihedral = bool(ctx, "dihedral", false);
        List<Preprocess> views = preprocess(ctx.queryParam("preprocess"));
        Lookups lookups = service.lookups();
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> plain = new ArrayList<>(names);
        if (names.contains("pdq") && (dihedral || !views.isEmpty())) {
            plain.remove("pdq");
            List<Match> found = service.runWork(() -> pdqViews(media, dihedral, views));
            Map<String, List<Map<String, Object>>> hits = lookups.filter(lookups.hits(found), filter);
            service.metrics().lookup("pdq", !hits.isEmpty());
            out.put("pdq", hits);
        }
        Map<String, String> values = service.hash(media, plain, bool(ctx, "frames", false));
        if (values.containsKey("vpdq") && !names.contains("vpdq")) {
            names = new ArrayList<>(names);
            names.add("vpdq"); // an animated photo's frames
        }
        for (String name : names) {
            if (!values.containsKey(name)) {
                continue;
            }
            String v = values.get(name);
            Map<String, List<Map<String, Object>>> hits = v.isEmpty() ? Map.of()
                    : lookups.filter(lookups.positive(name, v), filter);
            service.metrics().lookup(name, !hits.isEmpty());
            out.put(name, hits);
        }
        return out;
    }

    /** PDQ matches of an image, its dihedral variants and preprocessed views; each signal at its closest. */
    private List<Match> pdqViews(Service.Media media, boolean dihedral, List<Preprocess> views) throws IOException {
        MediaMatcher m = service.readyMatcher();
        BufferedImage image = service.hasher().image(media.file());
        Map<Long, Match> best = new LinkedHashMap<>();
        List<BufferedImage> all = new ArrayList<>();
        all.add(image);
        for (Preprocess p : views) {
            BufferedImage v = p.apply(image);
            if (v != image) {
                all.add(v);
            }
        }
        for (BufferedImage img : all) {
            MatchResult r;
            if (dihedral) {
                DihedralHashes d = service.hasher().pdqHasher().hashDihedral(img);
                r = m.match(d);
            } else {
                r = m.match(service.hasher().pdq(img));
            }
            for (Match x : r.matches()) {
                best.merge(x.signalId(), x, (a, b) -> b.distance() < a.distance() ? b : a);
            }
        }
        return new ArrayList<>(best.values());
    }

    private static List<Preprocess> preprocess(String spec) {
        if (spec == null || spec.isBlank()) {
            return List.of();
        }
        try {
            return Preprocess.parse(spec);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /**
     * {@code POST /m/lookup_batch {"signal_type": "pdq", "signals": [...], "banks"?: "A,B", "seed"?: "s",
     * "bypass_coinflip"?: bool}} answers {@code {"results": [{bank: [hits]}, ...]}} in input order; PDQ through
     * one batch index search.
     */
    private void lookupBatch(Context ctx) throws IOException {
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) {
            throw ApiError.badRequest("Request input was not a dict");
        }
        String type = text(body, "signal_type");
        if (type == null) {
            throw ApiError.badRequest("signal_type is required");
        }
        checkType(type);
        JsonNode signals = body.get("signals");
        if (signals == null || !signals.isArray()) {
            throw ApiError.badRequest("signals must be a list of hashes");
        }
        if (signals.size() > MAX_BATCH) {
            throw new ApiError(413, "at most " + MAX_BATCH + " signals per batch, got " + signals.size());
        }
        List<String> values = new ArrayList<>(signals.size());
        for (int i = 0; i < signals.size(); i++) {
            JsonNode s = signals.get(i);
            if (!s.isTextual()) {
                throw ApiError.badRequest("signal " + i + " is not a string");
            }
            try {
                values.add(Lookups.validate(type, s.asText()));
            } catch (ApiError e) {
                throw ApiError.badRequest("signal " + i + ": " + e.getMessage());
            }
        }
        Lookups.Filter filter = new Lookups.Filter(Service.bankList(text(body, "banks")), text(body, "seed"),
                body.path("bypass_coinflip").asBoolean(false));
        Lookups lookups = service.lookups();
        List<Object> results = new ArrayList<>(values.size());
        if (ApiTypes.storeType(type).orElseThrow() == SignalType.PDQ) {
            List<PdqHash> hashes = new ArrayList<>(values.size());
            for (String v : values) {
                hashes.add(new PdqHash(Hash256.fromHex(v), 100));
            }
            for (MatchResult r : service.readyMatcher().matchPdq(hashes)) {
                results.add(lookups.filter(lookups.hits(r.matches()), filter));
            }
        } else {
            for (String v : values) {
                results.add(lookups.filter(lookups.positive(type, v), filter));
            }
        }
        Json.ok(ctx, Map.of("results", results));
    }

    // ---------------------------------------------------------------- index status, compare

    private void indexStatus(Context ctx) throws IOException {
        String only = ctx.queryParam("signal_type");
        if (only != null && !service.types().enabled(only)) {
            throw ApiError.badRequest("No such signal type '" + only + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, IndexStats.Entry> e : IndexStats.of(service).entrySet()) {
            if (only == null || only.equals(e.getKey())) {
                IndexStats.Entry s = e.getValue();
                out.put(e.getKey(), Map.of("built_to", s.builtTo(), "present", s.present(), "size", s.indexSize()));
            }
        }
        Json.ok(ctx, out);
    }

    private void compare(Context ctx) {
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) {
            throw ApiError.badRequest("Request input was not a dict");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getKey();
            JsonNode pair = e.getValue();
            if (!ApiTypes.known(type)) {
                throw ApiError.badRequest("No such SignalType '" + type + "'");
            }
            if (!pair.isArray()) {
                throw ApiError.badRequest("Comparison hashes for " + type + " was not a list");
            }
            if (pair.size() != 2) {
                throw ApiError.badRequest("Comparison hash list length must be exactly 2");
            }
            String[] v = new String[2];
            for (int i = 0; i < 2; i++) {
                try {
                    v[i] = Lookups.validate(type, pair.get(i).asText());
                } catch (ApiError x) {
                    throw ApiError.badRequest("Invalid " + type + " hash: " + x.getMessage()
                            .replaceFirst("^invalid signal: ", ""));
                }
            }
            SignalType st = ApiTypes.storeType(type).orElseThrow();
            if (st == SignalType.PDQ) {
                int d = Hash256.fromHex(v[0]).distance(Hash256.fromHex(v[1]));
                out.put(type, List.of(d <= io.mediamatch.match.MatchOptions.DEFAULT_DISTANCE, Map.of("distance", d)));
            } else if (st == SignalType.MD5 || st == SignalType.SHA256) {
                out.put(type, List.of(v[0].equals(v[1]), Map.of()));
            } else {
                throw ApiError.badRequest("comparing " + type + " hashes is not supported; look one up instead");
            }
        }
        Json.ok(ctx, out);
    }

    // ---------------------------------------------------------------- parameters

    private static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            throw Json.invalid(name, "Field required");
        }
        return v;
    }

    /** A signal type name that is known and enabled, and a valid value of it. */
    private String checkedSignal(String type, String value) {
        checkType(type);
        return Lookups.validate(type, value);
    }

    private void checkType(String type) {
        if (!ApiTypes.known(type)) {
            throw ApiError.badRequest("No such SignalType '" + type + "'");
        }
        if (!service.types().enabled(type)) {
            throw ApiError.badRequest("SignalType '" + type + "' is not enabled");
        }
    }

    /** A pydantic-style boolean query parameter: true/false/1/0/yes/no/on/off/t/f/y/n; 422 otherwise. */
    static boolean bool(Context ctx, String name, boolean absent) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return absent;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y":
                return true;
            case "false", "0", "no", "off", "f", "n":
                return false;
            default:
                throw Json.invalid(name, "Input should be a valid boolean, unable to interpret input");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
