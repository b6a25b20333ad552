package io.mediamatch.server;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's metrics in Prometheus form (Micrometer): per-route request counts and latency histograms, lookups
 * by signal type and outcome, and gauges the service supplies (index sizes, change-feed lag); plus one access-log
 * line per request. Thread-safe.
 */
final class Metrics {
    private static final Logger ACCESS = LoggerFactory.getLogger("io.mediamatch.server.access");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Records one finished request (Javalin's request logger). */
    void record(Context ctx, Float ms) {
        String route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        Timer.builder("http_server_requests")
                .description("HTTP requests by route, method and status")
                .tag("method", ctx.method().name()).tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100))
                .register(registry)
                .record(Duration.ofNanos((long) (ms * 1_000_000)));
        if (ACCESS.isInfoEnabled()) {
            long hundredths = Math.round(ms * 100.0);
            ACCESS.info("{} \"{} {}\" {} {}.{}{} ms", ctx.ip(), ctx.method().name(), ctx.path(), ctx.statusCode(),
                    hundredths / 100, (hundredths % 100) / 10, hundredths % 10);
        }
    }

    /** Counts one lookup of a signal type that matched or not. */
    void lookup(String signalType, boolean matched) {
        Counter.builder("mediamatch_lookups").description("Signal lookups by type and outcome")
                .tag("signal_type", signalType).tag("matched", Boolean.toString(matched))
                .register(registry).increment();
    }

    /** A gauge read at each scrape. */
    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }
}
