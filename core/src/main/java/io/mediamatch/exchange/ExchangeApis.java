package io.mediamatch.exchange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exchange API types by their pytx names ({@code sample}, {@code local_file}, ...), each with the factory of
 * its client, the settings it reads and the fields of its credential. One entry per API registers it.
 */
public final class ExchangeApis {
    /** Builds an API's client for one exchange; {@code credentialsFile} may be null (env var, then dot-file). */
    @FunctionalInterface
    public interface Factory {
        ExchangeClient create(ExchangeConfig config, Path credentialsFile) throws IOException;
    }

    /**
     * One API type: its client factory, its settings, and its credential's fields (HMA's credential JSON keys,
     * empty when it takes none) joined by {@code separator} into pytx's credential string, the last ones optional.
     */
    record Api(Factory factory, List<ExchangeSetting> settings, List<String> credentialFields, String separator,
               int requiredFields) {}

    private static final Map<String, Api> APIS = new LinkedHashMap<>();

    static {
        APIS.put(SampleExchange.API, new Api(SampleExchange::create, List.of(), List.of(), "", 0));
        APIS.put(LocalFileExchange.API, new Api(LocalFileExchange::create, List.of(
                ExchangeSetting.string("path", true, null, "a hash file, or a directory of them, on this machine"),
                ExchangeSetting.string("signal_type", false, "pdq", "the type of lines that hold a bare value"),
                ExchangeSetting.number("page_size", String.valueOf(LocalFileExchange.PAGE), "updates per page")),
                List.of(), "", 0));
        APIS.put(ThreatExchangeClient.API, new Api(ThreatExchangeClient::create, List.of(
                ExchangeSetting.string("privacy_group", true, null, "the ThreatExchange privacy group id"),
                ExchangeSetting.number("limit", "100", "descriptors per page"),
                baseUrl(ThreatExchangeClient.DEFAULT_BASE)), List.of("api_token"), "", 1));
        APIS.put(NcmecClient.API, new Api(NcmecClient::create, List.of(
                ExchangeSetting.choice("environment", "Industry", List.copyOf(NcmecClient.ENVIRONMENTS.keySet()),
                        "which NCMEC hash-sharing environment"),
                ExchangeSetting.string("only_esp_ids", false, "", "comma list of ESP ids to keep (empty: all)"),
                ExchangeSetting.string("base_url", false, null, "overrides the environment's URL")),
                List.of("user", "password"), ":", 2));
        APIS.put(StopNciiClient.API, new Api(StopNciiClient::create, List.of(
                ExchangeSetting.number("page_size", "800", "hashes per page"),
                baseUrl(StopNciiClient.DEFAULT_BASE_URL)),
                List.of("fetch_function_key", "subscription_key", "base_url_override"), ",", 2));
        APIS.put(TatClient.API, new Api(TatClient::create, List.of(baseUrl(TatClient.DEFAULT_BASE_URL)),
                List.of("username", "password"), ":", 2));
    }

    private ExchangeApis() {}

    private static ExchangeSetting baseUrl(String real) {
        return ExchangeSetting.string("base_url", false, real, "the API's address (tests and staging point it elsewhere)");
    }

    /** The API type names, in registration order. */
    public static List<String> names() {
        return List.copyOf(APIS.keySet());
    }

    /** Whether {@code api} names a known API type. */
    public static boolean known(String api) {
        return APIS.containsKey(api);
    }

    /** The settings {@code api} reads. @throws IllegalArgumentException if the API type is unknown */
    public static List<ExchangeSetting> settings(String api) {
        return api(api).settings();
    }

    /** The fields of {@code api}'s credential (HMA's credential JSON keys); empty when it takes none. */
    public static List<String> credentialFields(String api) {
        return api(api).credentialFields();
    }

    /**
     * {@code api}'s credential in pytx's string form (e.g. {@code user:password}) from HMA's credential JSON
     * fields, or empty when {@code fields} has none of them.
     * @throws IllegalArgumentException if the API takes no credential, or a required field is missing or blank
     */
    public static Optional<String> credentialString(String api, Map<String, String> fields) {
        Api a = api(api);
        if (a.credentialFields().isEmpty()) {
            throw new IllegalArgumentException("exchange API '" + api + "' takes no credentials");
        }
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < a.credentialFields().size(); i++) {
            String name = a.credentialFields().get(i);
            String v = fields.get(name);
            boolean blank = v == null || v.isBlank();
            if (blank && i < a.requiredFields()) {
                throw new IllegalArgumentException("credential field '" + name + "' is required for '" + api + "'");
            }
            if (!blank) {
                boolean splits = !a.separator().isEmpty() && i < a.credentialFields().size() - 1
                        && v.contains(a.separator());
                if (splits || v.contains("\n")) {
                    throw new IllegalArgumentException("credential field '" + name + "' holds "
                            + (splits ? "'" + a.separator() + "'" : "a line break"));
                }
                parts.add(v.strip());
            }
        }
        return Optional.of(String.join(a.separator(), parts));
    }

    /**
     * The client for {@code config}'s API.
     * @throws IllegalArgumentException if the API type is unknown
     * @throws IOException if the client cannot be built (credentials missing or unreadable, a bad setting)
     */
    public static ExchangeClient create(ExchangeConfig config, Path credentialsFile) throws IOException {
        return api(config.api()).factory().create(config, credentialsFile);
    }

    private static Api api(String api) {
        Api a = APIS.get(api);
        if (a == null) {
            throw new IllegalArgumentException("unknown exchange API '" + api + "'; known: "
                    + String.join(", ", APIS.keySet()));
        }
        return a;
    }
}
