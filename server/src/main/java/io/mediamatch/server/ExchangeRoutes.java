package io.mediamatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.mediamatch.exchange.ExchangeApis;
import io.mediamatch.exchange.ExchangeConfig;
import io.mediamatch.exchange.ExchangeSetting;
import io.mediamatch.exchange.ExchangeStatus;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.StoreStats;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /c/exchanges...} and {@code /c/exchange/<name>...}: the API types with their credentials and schemas,
 * exchanges created, shown, enabled and deleted, and their fetch status. Shapes and codes as HMA's, including the
 * {@code authentification} spelling; each exchange fills the bank of its name.
 */
final class ExchangeRoutes {
    private final Service service;
    private final SignalStore store;

    ExchangeRoutes(Service service) {
        this.service = service;
        this.store = service.store();
    }

    void register(Routes r) {
        r.get("/c/exchanges/apis", "Installed exchange API types", ctx -> Json.ok(ctx, ExchangeApis.names()));
        r.get("/c/exchanges/api/<api_name>", "Whether an API type takes and has credentials", this::auth);
        r.post("/c/exchanges/api/<api_name>", "Set (or clear) an API type's credentials", this::setAuth);
        r.get("/c/exchanges/api/<api_name>/schema", "An API type's settings and credential fields", this::schema);
        r.get("/c/exchanges", "Every exchange's name", this::list);
        r.post("/c/exchanges", "Create an exchange and its bank", this::create);
        r.get("/c/exchange/<exchange_name>", "Show an exchange", ctx -> Json.ok(ctx, config(exchange(ctx))));
        r.put("/c/exchange/<exchange_name>", "Enable or disable an exchange's fetching", this::update);
        r.delete("/c/exchange/<exchange_name>", "Delete an exchange and its bank", this::delete);
        r.get("/c/exchange/<exchange_name>/status", "An exchange's fetch status", this::status);
    }

    private static String knownApi(Context ctx) {
        String api = ctx.pathParam("api_name");
        if (!ExchangeApis.known(api)) {
            throw ApiError.badRequest("no such Exchange API '" + api + "'");
        }
        return api;
    }

    private Map<String, Object> authState(String api) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("supports_authentification", !ExchangeApis.credentialFields(api).isEmpty());
        out.put("has_set_authentification", service.exchangeSync().hasCredentials(api));
        return out;
    }

    private void auth(Context ctx) {
        Json.ok(ctx, authState(knownApi(ctx)));
    }

    private void setAuth(Context ctx) throws IOException {
        String api = knownApi(ctx);
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        JsonNode creds = body.get("credential_json");
        Map<String, String> fields = new LinkedHashMap<>();
        if (creds != null && !creds.isNull() && !(creds.isBoolean() && !creds.asBoolean())) {
            if (!creds.isObject()) {
                throw ApiError.badRequest("credential_json must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = creds.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw ApiError.badRequest("credential field '" + e.getKey() + "' must be a string");
                }
                fields.put(e.getKey(), e.getValue().asText());
            }
        }
        if (ExchangeApis.credentialFields(api).isEmpty()) {
            if (!fields.isEmpty()) {
                throw ApiError.badRequest("exchange API '" + api + "' takes no credentials");
            }
        } else {
            try {
                service.exchangeSync().setCredentials(api, ExchangeApis.credentialString(api, fields));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        }
        Json.ok(ctx, authState(api));
    }

    private void schema(Context ctx) {
        String api = ctx.pathParam("api_name");
        if (!ExchangeApis.known(api)) {
            throw ApiError.notFound("no such Exchange API '" + api + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config_schema", Map.of("fields", fields(ExchangeApis.settings(api))));
        List<String> cred = ExchangeApis.credentialFields(api);
        if (cred.isEmpty()) {
            out.put("credentials_schema", null);
        } else {
            List<Map<String, Object>> fs = new ArrayList<>();
            for (String f : cred) {
                fs.add(field(f, "string", true, null, "credential field", List.of()));
            }
            out.put("credentials_schema", Map.of("fields", fs));
        }
        Json.ok(ctx, out);
    }

    private static List<Map<String, Object>> fields(List<ExchangeSetting> settings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ExchangeSetting s : settings) {
            out.add(field(s.name(), s.type(), s.required(), s.defaultValue(), s.help(), s.choices()));
        }
        return out;
    }

    private static Map<String, Object> field(String name, String type, boolean required, String dflt, String help,
                                             List<String> choices) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        m.put("required", required);
        m.put("default", dflt);
        m.put("help", help);
        m.put("choices", choices.isEmpty() ? null : choices);
        return m;
    }

    private void list(Context ctx) throws IOException {
        List<String> names = new ArrayList<>();
        for (ExchangeConfig c : store.exchanges().list()) {
            names.add(c.name());
        }
        Json.ok(ctx, names);
    }

    private void create(Context ctx) throws IOException {
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        String bank = body.path("bank").isTextual() ? body.get("bank").asText() : null;
        if (bank == null || bank.isEmpty()) {
            throw ApiError.badRequest("bank is required");
        }
        if (!Service.validBankName(bank)) {
            throw ApiError.badRequest("bank must be UPPER_WITH_UNDERSCORE: '" + bank + "'");
        }
        String api = body.path("api").isTextual() ? body.get("api").asText() : null;
        if (api == null || api.isEmpty()) {
            throw ApiError.badRequest("Field `api_type` is required");
        }
        if (!ExchangeApis.known(api)) {
            throw ApiError.badRequest("no such Exchange API '" + api + "'");
        }
        JsonNode json = body.get("api_json");
        Map<String, String> settings = new LinkedHashMap<>();
        if (json != null && !json.isNull()) {
            if (!json.isObject()) {
                throw ApiError.badRequest("api_json must be an object");
            }
            List<String> known = ExchangeApis.settings(api).stream().map(ExchangeSetting::name).toList();
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!known.contains(e.getKey())) {
                    throw ApiError.badRequest("api_json: '" + api + "' has no setting '" + e.getKey() + "' (it has: "
                            + String.join(", ", known) + ")");
                }
                JsonNode v = e.getValue();
                if (v.isContainerNode()) {
                    throw ApiError.badRequest("api_json: setting '" + e.getKey() + "' must be a string, number or"
                            + " boolean");
                }
                if (!v.isNull()) {
                    settings.put(e.getKey(), v.asText());
                }
            }
        }
        for (ExchangeSetting s : ExchangeApis.settings(api)) {
            if (s.required() && !settings.containsKey(s.name())) {
                throw ApiError.badRequest("api_json: setting '" + s.name() + "' is required for '" + api + "'");
            }
        }
        synchronized (this) {
            if (store.exchanges().get(bank).isPresent()) {
                throw new ApiError(403, "exchange '" + bank + "' already exists");
            }
            store.exchanges().put(new ExchangeConfig(bank, api, true, settings));
        }
        Json.send(ctx, 201, Json.message("Created successfully"));
    }

    private ExchangeConfig exchange(Context ctx) throws IOException {
        String name = ctx.pathParam("exchange_name");
        return store.exchanges().get(name).orElseThrow(() -> ApiError.notFound("Exchange '" + name + "' not found"));
    }

    private static Map<String, Object> config(ExchangeConfig c) {
        Map<String, Object> out = new LinkedHashMap<>(c.settings());
        out.put("api", c.api());
        out.put("enabled", c.enabled());
        out.put("name", c.name());
        return out;
    }

    private void update(Context ctx) throws IOException {
        ExchangeConfig c = exchange(ctx);
        JsonNode body = Json.body(ctx);
        JsonNode enabled = body.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw ApiError.badRequest("enabled (true or false) is required");
        }
        ExchangeConfig updated = new ExchangeConfig(c.name(), c.api(), enabled.asBoolean(), c.settings());
        store.exchanges().put(updated);
        Json.ok(ctx, config(updated));
    }

    private void delete(Context ctx) throws IOException {
        String name = ctx.pathParam("exchange_name");
        if (store.exchanges().remove(name)) {
            store.dropBank(name);
        }
        Json.ok(ctx, Json.message("Exchange deleted"));
    }

    private void status(Context ctx) throws IOException {
        ExchangeConfig c = exchange(ctx);
        ExchangeStatus s = store.exchanges().status(c.name()).orElseThrow(() -> ApiError.notFound(
                "Exchange '" + c.name() + "' not found"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("checkpoint_ts", seconds(s.progress()));
        out.put("running_fetch_start_ts", s.running() ? seconds(s.lastFetchStart()) : null);
        out.put("last_fetch_complete_ts", s.running() ? null : seconds(s.lastFetchEnd()));
        out.put("last_fetch_succeeded", s.succeeded());
        out.put("up_to_date", s.upToDate());
        out.put("fetched_items", liveSignals(c.name()));
        out.put("last_fetch_records", s.fetchedRecords());
        out.put("last_error", s.lastError());
        out.put("behind_seconds", s.behind(Instant.now()).map(d -> d.toSeconds()).orElse(null));
        out.put("refetching", s.refetching());
        Json.ok(ctx, out);
    }

    private long liveSignals(String bank) throws IOException {
        long n = 0;
        for (StoreStats.Count count : store.stats().counts()) {
            if (count.bank().equals(bank) && count.status() != SignalStatus.DELETED) {
                n += count.count();
            }
        }
        return n;
    }

    private static Long seconds(Instant t) {
        return t == null ? null : t.getEpochSecond();
    }
}
