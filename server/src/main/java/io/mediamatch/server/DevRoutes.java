package io.mediamatch.server;

/**
 * Development mode only ({@code --dev}): {@code POST /dev/factory_reset} wipes banks, content and indexes and
 * restarts content ids at 1, which HMA's own API tests rely on.
 */
final class DevRoutes {
    private final Service service;

    DevRoutes(Service service) {
        this.service = service;
    }

    void register(Routes r) {
        r.post("/dev/factory_reset", "Development: wipe every bank, content item and index", ctx -> {
            service.store().contents().wipe();
            service.typeRatios().replaceAll((k, v) -> 1.0);
            if (service.matcher() != null) {
                service.matcher().refresh();
            }
            Json.ok(ctx, Json.message("Done"));
        });
    }
}
