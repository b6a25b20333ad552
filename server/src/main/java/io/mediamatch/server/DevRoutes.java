package io.mediamatch.server;

import io.mediamatch.exchange.ExchangeFetcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Development mode only ({@code --dev}): {@code POST /dev/factory_reset} wipes banks, content, exchanges and
 * indexes and restarts content ids at 1, which HMA's own API tests rely on; {@code POST /dev/run_fetch} fetches
 * every enabled exchange now and answers when the changes are matchable.
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
        r.post("/dev/run_fetch", "Development: fetch every enabled exchange now", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ExchangeFetcher.Result f : service.exchangeSync().fetchAll(true).orElseThrow()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("exchange", f.exchange());
                m.put("succeeded", f.succeeded());
                m.put("records", f.records());
                m.put("up_to_date", f.upToDate());
                m.put("refetched", f.refetched());
                m.put("swept", f.swept());
                m.put("error", f.error());
                out.add(m);
            }
            Json.ok(ctx, Map.of("message", "Done", "fetches", out));
        });
    }
}
