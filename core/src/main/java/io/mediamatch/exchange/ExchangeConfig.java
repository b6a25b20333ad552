package io.mediamatch.exchange;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A configured exchange: a name (also the name of the bank it fills), an API type ({@code fb_threatexchange},
 * {@code ncmec}, {@code stop_ncii}, {@code tat}, {@code local_file}, {@code sample}), whether it is fetched, and
 * the API's own settings (every API takes {@code base_url}, default the real API's). Never holds credentials.
 */
public record ExchangeConfig(String name, String api, boolean enabled, Map<String, String> settings) {
    public ExchangeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(api, "api");
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
    }

    /** A setting, or {@code fallback} when it is not set. */
    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }
}
