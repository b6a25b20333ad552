package io.mediamatch.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The route table: each route registered once, under HMA's Flask-style path ({@code /c/bank/<bank_name>}), which
 * also gives {@code /site-map} and the OpenAPI description. Not thread-safe; used while configuring.
 */
final class Routes {
    /** One route: method, Flask-style path and a one-line summary. */
    record Route(String method, String path, String summary) {}

    /** A Flask path parameter, {@code <name>} or {@code <converter:name>}. */
    private static final java.util.regex.Pattern PARAM = java.util.regex.Pattern.compile("<(?:[a-z]+:)?([a-z_]+)>");

    private final RoutesConfig config;
    private final List<Route> all = new ArrayList<>();

    Routes(RoutesConfig config) {
        this.config = config;
    }

    void get(String path, String summary, Handler h) {
        add("get", path, summary);
        config.get(javalinPath(path), h);
    }

    void post(String path, String summary, Handler h) {
        add("post", path, summary);
        config.post(javalinPath(path), h);
    }

    void put(String path, String summary, Handler h) {
        add("put", path, summary);
        config.put(javalinPath(path), h);
    }

    void delete(String path, String summary, Handler h) {
        add("delete", path, summary);
        config.delete(javalinPath(path), h);
    }

    private void add(String method, String path, String summary) {
        all.add(new Route(method, path, summary));
    }

    /** Registers {@code /site-map} and {@code /openapi/openapi.json} over the routes added so far. */
    void registerIndex() {
        add("get", "/site-map", "The service's routes");
        add("get", "/openapi/openapi.json", "This description");
        List<String> siteMap = new ArrayList<>(new TreeSet<>(all.stream().map(Route::path).toList()));
        config.get("/site-map", ctx -> Json.ok(ctx, siteMap));
        Map<String, Object> doc = openApi();
        config.get("/openapi/openapi.json", ctx -> Json.ok(ctx, doc));
    }

    private Map<String, Object> openApi() {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route r : all) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ops = (Map<String, Object>) paths.computeIfAbsent(javalinPath(r.path()),
                    k -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            List<Map<String, Object>> params = new ArrayList<>();
            for (String p : pathParams(r.path())) {
                params.add(Map.of("name", p, "in", "path", "required", true,
                        "schema", Map.of("type", p.equals("content_id") ? "integer" : "string")));
            }
            if (!params.isEmpty()) {
                op.put("parameters", params);
            }
            op.put("responses", Map.of("200", Map.of("description", "OK")));
            ops.put(r.method(), op);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Open Media Match API", "version", "mediamatch",
                "description", "HMA's API as served by mediamatch (see the README's compatibility table)"));
        doc.put("paths", paths);
        return doc;
    }

    /** {@code /c/bank/<bank_name>/content/<int:content_id>} to Javalin's {@code {bank_name}} form. */
    static String javalinPath(String flask) {
        return PARAM.matcher(flask).replaceAll("{$1}");
    }

    private static List<String> pathParams(String flask) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = PARAM.matcher(flask);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
