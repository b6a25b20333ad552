package io.mediamatch.exchange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchange API types by their pytx names ({@code sample}, {@code local_file}, ...), each with the factory of
 * its client. One line per API registers it.
 */
public final class ExchangeApis {
    /** Builds an API's client for one exchange; {@code credentialsFile} may be null (env var, then dot-file). */
    @FunctionalInterface
    public interface Factory {
        ExchangeClient create(ExchangeConfig config, Path credentialsFile) throws IOException;
    }

    private static final Map<String, Factory> APIS = new LinkedHashMap<>();

    static {
        APIS.put(SampleExchange.API, SampleExchange::create);
        APIS.put(LocalFileExchange.API, LocalFileExchange::create);
        APIS.put(ThreatExchangeClient.API, ThreatExchangeClient::create);
        APIS.put(NcmecClient.API, NcmecClient::create);
        APIS.put(StopNciiClient.API, StopNciiClient::create);
        APIS.put(TatClient.API, TatClient::create);
    }

    private ExchangeApis() {}

    /** The API type names, in registration order. */
    public static List<String> names() {
        return List.copyOf(APIS.keySet());
    }

    /** Whether {@code api} names a known API type. */
    public static boolean known(String api) {
        return APIS.containsKey(api);
    }

    /**
     * The client for {@code config}'s API.
     * @throws IllegalArgumentException if the API type is unknown
     * @throws IOException if the client cannot be built (credentials missing or unreadable, a bad setting)
     */
    public static ExchangeClient create(ExchangeConfig config, Path credentialsFile) throws IOException {
        Factory f = APIS.get(config.api());
        if (f == null) {
            throw new IllegalArgumentException("unknown exchange API '" + config.api() + "'; known: "
                    + String.join(", ", APIS.keySet()));
        }
        return f.create(config, credentialsFile);
    }
}
