package io.mediamatch.server;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code /h/hash}: hashes a URL (GET) or an upload (POST, the field named by its content type); {@code frames=true}
 * adds the vPDQ of an animated photo's frames (mediamatch's option).
 */
final class HashingRoutes {
    private final Service service;

    HashingRoutes(Service service) {
        this.service = service;
    }

    void register(Routes r) {
        r.get("/h/hash", "Hash the media at url", this::hashUrl);
        r.post("/h/hash", "Hash an upload (multipart; the field name is the content type)", this::hashUpload);
    }

    private void hashUrl(Context ctx) throws Exception {
        String url = ctx.queryParam("url");
        if (url == null) {
            throw Json.invalid("url", "Field required");
        }
        try (Service.Media media = service.fetch(url, ctx.queryParam("content_type"))) {
            Json.ok(ctx, hash(ctx, media));
        }
    }

    private void hashUpload(Context ctx) throws Exception {
        try (Service.Media media = service.upload(ctx)) {
            Json.ok(ctx, hash(ctx, media));
        }
    }

    private Map<String, String> hash(Context ctx, Service.Media media) throws Exception {
        List<String> names = service.selectTypes(media.contentType(), ctx.queryParam("types"));
        return service.hash(media, names, MatchingRoutes.bool(ctx, "frames", false));
    }
}
