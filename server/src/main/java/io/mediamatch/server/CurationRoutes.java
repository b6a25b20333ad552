package io.mediamatch.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mediamatch.augment.Augment;
import io.mediamatch.augment.AugmentHasher;
import io.mediamatch.augment.ViewHash;
import io.mediamatch.store.Bank;
import io.mediamatch.store.BankContents;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import io.mediamatch.video.VpdqHash;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code /c}: banks (create, show, rename, enable ratio, delete), their content items (add by URL, upload or hash;
 * show, disable, note, delete), signal type ratios and index state, content types. Shapes, codes and messages as
 * HMA's curation routes.
 */
final class CurationRoutes {
    private static final Set<String> METADATA_KEYS = Set.of("content_id", "content_uri", "json", "collab");
    private static final long FIVE_YEARS = Duration.ofDays(5 * 365 + 1).toSeconds();

    private final Service service;
    private final SignalStore store;
    private final BankContents contents;
    /** Serialises bank creates and renames (check, then write). */
    private final Object bankLock = new Object();

    CurationRoutes(Service service) {
        this.service = service;
        this.store = service.store();
        this.contents = store.contents();
    }

    void register(Routes r) {
        r.get("/c/banks", "Every bank", this::banks);
        r.post("/c/banks", "Create a bank", this::createBank);
        r.get("/c/bank/<bank_name>", "Show a bank", this::bank);
        r.put("/c/bank/<bank_name>", "Rename a bank or set its matching ratio", this::updateBank);
        r.delete("/c/bank/<bank_name>", "Delete a bank and its content", this::deleteBank);
        r.post("/c/bank/<bank_name>/content", "Add content by url or upload", this::addContent);
        r.post("/c/bank/<bank_name>/signal", "Add content by its hashes", this::addSignal);
        r.get("/c/bank/<bank_name>/content/<int:content_id>", "Show content", this::content);
        r.put("/c/bank/<bank_name>/content/<int:content_id>", "Disable content or set its note",
                this::updateContent);
        r.delete("/c/bank/<bank_name>/content/<int:content_id>", "Delete content", this::deleteContent);
        r.get("/c/signal_type", "Signal types and their ratios", this::signalTypes);
        r.put("/c/signal_type/<signal_type_name>", "Set a signal type's ratio", this::setSignalType);
        r.get("/c/signal_type/index", "Store and index sizes per signal type", this::signalTypeIndex);
        r.get("/c/content_type", "Content types", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (String n : ApiTypes.contentTypes()) {
                out.add(Map.of("enabled", true, "name", n));
            }
            Json.ok(ctx, out);
        });
    }

    // ---------------------------------------------------------------- banks

    private Map<String, Object> bankJson(Bank b, Map<String, Double> ratios) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("matching_enabled_ratio", b.enabled() ? ratios.getOrDefault(b.name(), 1.0) : 0.0);
        m.put("name", b.name());
        return m;
    }

    private Bank existing(String name, String message) throws IOException {
        return store.bank(name).orElseThrow(() -> ApiError.notFound(message));
    }

    private void banks(Context ctx) throws IOException {
        Map<String, Double> ratios = contents.ratios();
        List<Map<String, Object>> out = new ArrayList<>();
        List<Bank> banks = new ArrayList<>(store.banks());
        banks.sort(Comparator.comparingLong(Bank::id));
        for (Bank b : banks) {
            out.add(bankJson(b, ratios));
        }
        Json.ok(ctx, out);
    }

    private void createBank(Context ctx) throws IOException {
        JsonNode body = Json.bodyOrNull(ctx);
        if (body == null || !body.isObject()) {
            throw Json.invalid("body", "Input should be a valid dictionary");
        }
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw Json.invalid("name", name == null ? "Field required" : "Input should be a valid string");
        }
        double ratio = ratio(body);
        String n = name.asText();
        if (!Service.validBankName(n)) {
            throw ApiError.badRequest("Bank names must be UPPER_WITH_UNDERSCORE");
        }
        synchronized (bankLock) {
            if (store.bank(n).isPresent()) {
                throw new ApiError(403, "Bank already exists");
            }
            Bank b = store.putBank(Bank.named(n));
            contents.setRatio(n, ratio);
            Json.send(ctx, 201, bankJson(b, Map.of(n, ratio)));
        }
    }

    /** {@code enabled_ratio} (default 1.0), or {@code enabled} when the ratio is absent or null. */
    private static double ratio(JsonNode body) {
        JsonNode r = body.get("enabled_ratio");
        if (r != null && !r.isNull()) {
            if (!r.isNumber()) {
                throw Json.invalid("enabled_ratio", "Input should be a valid number");
            }
            return r.asDouble();
        }
        JsonNode e = body.get("enabled");
        if (e != null && !e.isNull()) {
            if (!e.isBoolean()) {
                throw Json.invalid("enabled", "Input should be a valid boolean");
            }
            return e.asBoolean() ? 1.0 : 0.0;
        }
        return 1.0;
    }

    private void bank(Context ctx) throws IOException {
        String name = ctx.pathParam("bank_name");
        Bank b = existing(name, "bank '" + name + "' not found");
        Json.ok(ctx, bankJson(b, contents.ratios()));
    }

    private void updateBank(Context ctx) throws IOException {
        String name = ctx.pathParam("bank_name");
        JsonNode body = Json.bodyOrNull(ctx);
        if (body == null || !body.isObject()) {
            throw Json.invalid("body", "Input should be a valid dictionary");
        }
        synchronized (bankLock) {
            Bank b = existing(name, "Bank not found");
            String current = b.name();
            JsonNode newName = body.get("name");
            if (newName != null && !newName.isNull()) {
                if (!newName.isTextual() || !Service.validBankName(newName.asText())) {
                    throw ApiError.badRequest("Bank names must be UPPER_WITH_UNDERSCORE");
                }
                String to = newName.asText();
                if (!to.equals(current)) {
                    if (store.bank(to).isPresent()) {
                        throw new ApiError(403, "Bank name already exists");
                    }
                    store.renameBank(current, to);
                    current = to;
                }
            }
            JsonNode enabled = body.get("enabled");
            if (enabled != null && !enabled.isNull()) {
                if (!enabled.isBoolean()) {
                    throw Json.invalid("enabled", "Input should be a valid boolean");
                }
                contents.setRatio(current, enabled.asBoolean() ? 1.0 : 0.0);
            }
            JsonNode ratio = body.get("enabled_ratio");
            if (ratio != null && !ratio.isNull()) {
                if (!ratio.isNumber()) {
                    throw Json.invalid("enabled_ratio", "Input should be a valid number");
                }
                contents.setRatio(current, ratio.asDouble());
            }
            Json.ok(ctx, bankJson(existing(current, "Bank not found"), contents.ratios()));
        }
    }

    private void deleteBank(Context ctx) throws IOException {
        store.dropBank(ctx.pathParam("bank_name"));
        Json.ok(ctx, Json.message("Done"));
    }

    // ---------------------------------------------------------------- content

    private void addContent(Context ctx) throws IOException {
        String bank = ctx.pathParam("bank_name");
        String url = ctx.queryParam("url");
        String ct = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        boolean multipart = ct.startsWith("multipart/form-data");
        if (multipart) {
            ctx.uploadedFileMap(); // read the upload first: a refusal sent mid-upload breaks the client's pipe
        }
        existing(bank, "bank '" + bank + "' not found");
        String metadata;
        String note;
        Service.Media media;
        if (url != null) {
            service.requireRole(ctx, Tokens.Role.HASHER, "Hashing is disabled, missing role");
            JsonNode body = ct.startsWith("application/json") ? Json.bodyOrNull(ctx) : null;
            metadata = metadata(body == null ? null : body.get("metadata"));
            note = note(body == null ? null : body.get("note"));
            media = service.fetch(url, ctx.queryParam("content_type"));
        } else if (multipart) {
            service.requireRole(ctx, Tokens.Role.HASHER, "Hashing is disabled, missing role");
            String form = ctx.formParam("metadata");
            JsonNode meta = null;
            if (form != null && !form.isEmpty()) {
                try {
                    meta = Json.MAPPER.readTree(form);
                } catch (JsonProcessingException e) {
                    throw ApiError.badRequest("metadata form field must be valid JSON");
                }
            }
            metadata = metadata(meta);
            String formNote = ctx.formParam("note");
            note = note(formNote == null ? null : Json.MAPPER.getNodeFactory().textNode(formNote));
            media = service.upload(ctx);
        } else {
            throw ApiError.badRequest("Neither `url` nor multipart file upload was received");
        }
        List<Augment> views = augmentViews(ctx.queryParam("augment"));
        try (Service.Media m = media) {
            List<String> names = service.selectTypes(m.contentType(), ctx.queryParam("types"));
            Map<String, String> values = service.hash(m, names);
            Map<SignalType, String> signals = new EnumMap<>(SignalType.class);
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (e.getValue().isEmpty()) {
                    throw ApiError.badRequest("Invalid " + e.getKey() + " signal: invalid PDQ hash");
                }
                signals.put(ApiTypes.storeType(e.getKey()).orElseThrow(), e.getValue());
            }
            if (views.isEmpty()) {
                add(ctx, bank, signals, values, metadata, note);
                return;
            }
            if (!signals.containsKey(SignalType.PDQ)) {
                throw ApiError.badRequest("augment needs a photo hashed to pdq");
            }
            List<ViewHash> hashed = service.runWork(() -> new AugmentHasher().hash(service.hasher().image(m.file()),
                    views));
            addAugmented(ctx, bank, signals, values, hashed, metadata, note);
        }
    }

    /** mediamatch's {@code augment} parameter (absent: none), refused as HMA refuses a bad parameter. */
    private static List<Augment> augmentViews(String spec) {
        try {
            return Augment.parse(spec);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("augment: " + e.getMessage());
        }
    }

    /**
     * One content item with the media's signals and, beside its plain PDQ hash, the hash of each augmented view
     * labelled {@code aug:NAME}; the reply adds {@code augmented} (view label to hash) to HMA's shape.
     */
    private void addAugmented(Context ctx, String bank, Map<SignalType, String> signals, Map<String, String> shown,
            List<ViewHash> views, String metadata, String note) throws IOException {
        List<BankContents.ItemSignal> items = new ArrayList<>();
        signals.forEach((type, value) -> items.add(new BankContents.ItemSignal(type, value, Set.of())));
        Map<String, String> augmented = new LinkedHashMap<>();
        for (ViewHash v : views) {
            String hex = v.hash().hash().toHex();
            items.add(new BankContents.ItemSignal(SignalType.PDQ, hex, Set.of(v.view().label())));
            augmented.put(v.view().label(), hex);
        }
        BankContents.Content c;
        try {
            c = contents.add(bank, items, metadata, note);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("signals", shown);
        out.put("augmented", augmented);
        Json.ok(ctx, out);
    }

    private void addSignal(Context ctx) throws IOException {
        String bank = ctx.pathParam("bank_name");
        existing(bank, "bank '" + bank + "' not found");
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) {
            throw ApiError.badRequest("Request input was not a dict");
        }
        String note = note(body.get("note"));
        Map<SignalType, String> signals = new EnumMap<>(SignalType.class);
        Map<String, String> shown = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getKey();
            if (type.equals("note")) {
                continue;
            }
            if (!ApiTypes.known(type)) {
                throw ApiError.badRequest("No such signal type " + type);
            }
            if (!e.getValue().isTextual()) {
                throw ApiError.badRequest("Invalid " + type + " signal: not a string");
            }
            String value;
            try {
                value = Lookups.validate(type, e.getValue().asText());
            } catch (ApiError x) {
                throw ApiError.badRequest("Invalid " + type + " signal: " + x.getMessage()
                        .replaceFirst("^invalid signal: ", ""));
            }
            SignalType st = ApiTypes.storeType(type).orElseThrow();
            if (signals.put(st, value) != null) {
                throw ApiError.badRequest("Invalid " + type + " signal: the same hash type given twice");
            }
            shown.put(type, display(st, value));
        }
        add(ctx, bank, signals, shown, null, note);
    }

    private void add(Context ctx, String bank, Map<SignalType, String> signals, Map<String, String> shown,
            String metadata, String note) throws IOException {
        if (signals.isEmpty()) {
            throw ApiError.badRequest("No signals given");
        }
        BankContents.Content c;
        try {
            c = contents.add(bank, signals, metadata, note);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("signals", shown);
        Json.ok(ctx, out);
    }

    private void content(Context ctx) throws IOException {
        String bankName = ctx.pathParam("bank_name");
        existing(bankName, "bank '" + bankName + "' not found");
        long id = contentId(ctx);
        BankContents.Content c = contents.get(id).orElseThrow(() -> ApiError.notFound("content '" + id
                + "' not found"));
        String sig = ctx.queryParam("include_signals");
        String meta = ctx.queryParam("include_metadata");
        boolean withSignals = sig != null && sig.equalsIgnoreCase("true");
        boolean withMetadata = meta == null || meta.equalsIgnoreCase("true");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bank", bankJson(existing(c.bank(), "bank '" + c.bank() + "' not found"), contents.ratios()));
        out.put("disable_until_ts", c.disableUntil());
        out.put("id", c.id());
        out.put("original_media_uri", null);
        if (withSignals && !c.signals().isEmpty()) {
            out.put("signals", signals(c));
        }
        if (withMetadata && c.metadata().isPresent()) {
            JsonNode stored = Json.parse(c.metadata().get());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("collab", null);
            m.put("content_id", stored.hasNonNull("content_id") ? stored.get("content_id").asText() : null);
            m.put("content_uri", stored.hasNonNull("content_uri") ? stored.get("content_uri").asText() : null);
            m.put("json", stored.has("json") ? stored.get("json") : null);
            out.put("metadata", m);
        }
        c.note().ifPresent(n -> out.put("note", n));
        Json.ok(ctx, out);
    }

    private void updateContent(Context ctx) throws IOException {
        String bankName = ctx.pathParam("bank_name");
        existing(bankName, "bank '" + bankName + "' not found");
        long id = contentId(ctx);
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) {
            throw ApiError.badRequest("Request input was not a dict");
        }
        OptionalLong until = OptionalLong.empty();
        JsonNode d = body.get("disable_until_ts");
        if (d != null && !d.isNull()) {
            long v;
            if (d.isIntegralNumber()) {
                v = d.asLong();
            } else {
                String t = d.asText().strip();
                try {
                    v = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw ApiError.badRequest("Invalid int: '" + d.asText() + "'");
                }
            }
            if (v < 0) {
                throw ApiError.badRequest("disable_until_ts must be a non-negative integer");
            }
            if (v > System.currentTimeMillis() / 1000 + FIVE_YEARS) {
                throw ApiError.badRequest("disable_until_ts must be less than 5 years in the future");
            }
            until = OptionalLong.of(v);
        }
        Optional<String> note = Optional.empty();
        JsonNode n = body.get("note");
        if (n != null) {
            String text = note(n);
            note = Optional.of(text == null ? "" : text);
        }
        BankContents.Content c = contents.update(id, until, note).orElseThrow(() -> ApiError.notFound("content '"
                + id + "' not found"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bank", bankJson(existing(c.bank(), "Bank not found"), contents.ratios()));
        out.put("collab_metadata", Map.of());
        out.put("disable_until_ts", c.disableUntil());
        out.put("id", c.id());
        out.put("note", c.note().orElse(null));
        out.put("original_media_uri", null);
        out.put("user_metadata", c.metadata().map(Json::parse).orElse(null));
        Json.ok(ctx, out);
    }

    private void deleteContent(Context ctx) throws IOException {
        String bankName = ctx.pathParam("bank_name");
        existing(bankName, "bank '" + bankName + "' not found");
        long id = contentId(ctx);
        Json.ok(ctx, Map.of("deleted", contents.delete(id) ? 1 : 0));
    }

    /** The {@code <int:content_id>} path part; anything else is not this route (404). */
    private static long contentId(Context ctx) {
        String raw = ctx.pathParam("content_id");
        if (!raw.matches("[0-9]{1,18}")) {
            throw ApiError.notFound("not found: " + ctx.method() + " " + ctx.path());
        }
        return Long.parseLong(raw);
    }

    private Map<String, String> signals(BankContents.Content c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<SignalType, String> e : c.signals().entrySet()) {
            out.put(service.types().nameOf(e.getKey()), display(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** A stored value as the API shows it: vPDQ as python-threatexchange's JSON list, others as stored. */
    static String display(SignalType type, String value) {
        return type == SignalType.VPDQ ? VpdqHash.parse(value).toSignalJson() : value;
    }

    /**
     * HMA's content metadata: an object with {@code content_id} and {@code content_uri} strings and any
     * {@code json}; a client's {@code collab} is dropped; returned as stored JSON text, null when empty.
     */
    static String metadata(JsonNode meta) {
        if (meta == null || meta.isNull()) {
            return null;
        }
        if (!meta.isObject()) {
            throw ApiError.badRequest("metadata should be a json object");
        }
        ObjectNode kept = Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!METADATA_KEYS.contains(e.getKey())) {
                throw ApiError.badRequest("Invalid metadata: unknown key '" + e.getKey() + "' (extra inputs are"
                        + " not permitted)");
            }
            JsonNode v = e.getValue();
            if (e.getKey().equals("collab") || v.isNull()) {
                continue;
            }
            if (!e.getKey().equals("json") && !v.isTextual()) {
                throw ApiError.badRequest("Invalid metadata: " + e.getKey() + " should be a valid string");
            }
            kept.set(e.getKey(), v);
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    /** A note: a string of at most 255 characters; empty or absent is none. */
    static String note(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiError.badRequest("note must be a string");
        }
        String s = n.asText();
        if (s.length() > 255) {
            throw ApiError.badRequest("note must be at most 255 characters");
        }
        return s.isEmpty() ? null : s;
    }

    // ---------------------------------------------------------------- signal types

    private void signalTypes(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String n : service.types().names()) {
            out.add(Map.of("enabled_ratio", service.typeRatios().getOrDefault(n, 1.0), "name", n));
        }
        Json.ok(ctx, out);
    }

    private void setSignalType(Context ctx) {
        String name = ctx.pathParam("signal_type_name");
        if (name.equals("index")) {
            throw new ApiError(405, "method PUT not allowed on " + ctx.path());
        }
        JsonNode body = Json.body(ctx);
        JsonNode r = body.get("enabled_ratio");
        if (r == null || r.isNull()) {
            throw ApiError.badRequest("enabled_ratio is required");
        }
        double ratio;
        try {
            ratio = r.isNumber() ? r.asDouble() : Double.parseDouble(r.asText());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Invalid float: '" + r.asText() + "'");
        }
        if (!service.types().enabled(name)) {
            throw ApiError.badRequest("No such signal type '" + name + "'");
        }
        if (!(ratio >= 0 && ratio <= 1)) {
            throw ApiError.badRequest("enabled_ratio must be between 0.0 and 1.0");
        }
        service.typeRatios().put(name, ratio);
        ctx.status(204);
    }

    private void signalTypeIndex(Context ctx) throws IOException {
        String only = ctx.queryParam("signal_type");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, IndexStats.Entry> e : IndexStats.of(service).entrySet()) {
            if (only == null || only.equals(e.getKey())) {
                IndexStats.Entry s = e.getValue();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("db_size", s.dbSize());
                m.put("index_built_to", s.builtTo());
                m.put("index_out_of_date", s.outOfDate());
                m.put("index_size", s.indexSize());
                m.put("newest_db_item", s.newestDbItem());
                out.put(e.getKey(), m);
            }
        }
        Json.ok(ctx, out);
    }
}
