package io.mediamatch.server;

import io.javalin.http.Context;

/**
 * Health and observability: {@code /status} (readiness: 503 {@code INDEX-NOT-LOADED} until the indexes load,
 * 503 {@code INDEX-STALE} when they trail the store for longer than the bound), {@code /status/live} (liveness,
 * never touches the index), {@code /} and {@code /metrics} (Prometheus).
 */
final class StatusRoutes {
    private final Service service;

    StatusRoutes(Service service) {
        this.service = service;
    }

    void register(Routes r) {
        r.get("/", "Home: redirects to /status", ctx -> ctx.redirect("/status"));
        r.get("/status", "Readiness: 200 once the indexes are loaded and current", this::status);
        r.get("/status/live", "Liveness: 200 while the process serves", ctx -> text(ctx, 200, "I-AM-ALIVE"));
        r.get("/metrics", "Prometheus metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(service.metrics().scrape()));
    }

    private void status(Context ctx) {
        if (service.matcher() == null) {
            text(ctx, 503, "INDEX-NOT-LOADED");
            return;
        }
        long bound = service.options().maxStale().toMillis();
        if (bound > 0 && service.staleness() > bound) {
            text(ctx, 503, "INDEX-STALE");
            return;
        }
        text(ctx, 200, "I-AM-ALIVE");
    }

    private static void text(Context ctx, int status, String body) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(body);
    }
}
