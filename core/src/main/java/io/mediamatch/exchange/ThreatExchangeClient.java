package io.mediamatch.exchange;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meta ThreatExchange ({@code fb_threatexchange}): {@code GET <base>/<privacy_group>/threat_updates/} with the app
 * token as the {@code access_token} query parameter, pages followed through {@code paging.next} (only to the base's
 * host). A record is a tombstone when {@code should_delete} is set, its descriptors are missing, or none has an
 * owner; otherwise each owned descriptor is an opinion ({@code MALICIOUS} positive, {@code NON_MALICIOUS}
 * negative), as are {@code HELPFUL} / {@code DISAGREE_WITH_TAGS} reactions of apps without a descriptor of their
 * own; descriptor tags become {@code tag:<t>} labels. The checkpoint is {@code {update_time, last_fetch_time}}
 * (unix s), resumed with {@code start_time=update_time}, stale 85 days after the last fetch (the API keeps
 * deletions for 90). The token never appears in a message. Settings: {@code privacy_group} (required),
 * {@code base_url}, {@code limit}. Thread-safe.
 */
public final class ThreatExchangeClient implements ExchangeClient {
    /** The API name. */
    public static final String API = "fb_threatexchange";
    static final String ENV_VAR = "TX_ACCESS_TOKEN";
    static final String DOT_FILE = ".txtoken";
    static final String DEFAULT_BASE = "https://graph.facebook.com/v21.0";
    /** A checkpoint older than this may have missed deletions. */
    static final Duration STALE_AFTER = Duration.ofDays(85);
    static final String FIELDS = "id,indicator,type,last_updated,should_delete,"
            + "descriptors{id,reactions,owner{id},tags,status}";
    private static final Pattern TOKEN = Pattern.compile("[0-9]{8,}(%7C|\\|)[a-zA-Z0-9_\\-]{20,}");
    private static final Logger LOG = LoggerFactory.getLogger(ThreatExchangeClient.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private final String name;
    private final URI base;
    private final String privacyGroup;
    private final int limit;
    private final String token;
    private final ExchangeHttp http;
    private final Clock clock;

    ThreatExchangeClient(ExchangeConfig config, String token, ExchangeHttp http, Clock clock)
            throws ExchangeException {
        this.name = config.name();
        String url = config.setting("base_url", DEFAULT_BASE);
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.privacyGroup = config.setting("privacy_group", "").strip();
        if (!privacyGroup.matches("[0-9]+")) {
            throw new ExchangeException(ExchangeException.Kind.MALFORMED, name
                    + ": the privacy_group setting must be the group's numeric id");
        }
        String pageSize = config.setting("limit", "100").strip();
        if (!pageSize.matches("[1-9][0-9]{0,3}")) {
            throw new ExchangeException(ExchangeException.Kind.MALFORMED, name
                    + ": the limit setting must be a page size from 1 to 9999");
        }
        this.limit = Integer.parseInt(pageSize);
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new ExchangeException(ExchangeException.Kind.CREDENTIALS, name
                    + ": the ThreatExchange token must be <app_id>|<app_secret> (" + ENV_VAR + " or ~/" + DOT_FILE
                    + ")");
        }
        this.token = token.replace("%7C", "|");
        this.http = http;
        this.clock = clock;
    }

    /**
     * The client of {@code config}, with the token from {@code credentialsFile}, else {@code TX_ACCESS_TOKEN}, else
     * {@code ~/.txtoken}. @throws ExchangeException (CREDENTIALS) if none is found or it is not
     * {@code <app_id>|<app_secret>}; IOException if the file cannot be read
     */
    public static ExchangeClient create(ExchangeConfig config, Path credentialsFile) throws IOException {
        String token = Credentials.require(credentialsFile, ENV_VAR, DOT_FILE, config.name(),
                "ThreatExchange token", "<app_id>|<app_secret>");
        return new ThreatExchangeClient(config, token, ExchangeHttp.defaults(config.name()), Clock.systemUTC());
    }

    @Override
    public void fetch(String checkpoint, Consumer<ExchangePage> pages) throws IOException {
        Checkpoint cp = Checkpoint.read(checkpoint, name);
        long updateTime = cp == null ? 0 : cp.updateTime;
        StringBuilder first = new StringBuilder(base + "/" + privacyGroup + "/threat_updates/?access_token=")
                .append(URLEncoder.encode(token, StandardCharsets.UTF_8))
                .append("&limit=").append(limit)
                .append("&fields=").append(URLEncoder.encode(FIELDS, StandardCharsets.UTF_8));
        if (cp != null) {
            first.append("&start_time=").append(cp.updateTime);
        }
        URI uri = URI.create(first.toString());
        int skipped = 0;
        try {
            while (true) {
                long now = clock.instant().getEpochSecond();
                JsonNode page = parse(http.get(uri, Map.of("Accept", "application/json")), uri);
                JsonNode data = page.get("data");
                if (data == null || !data.isArray()) {
                    throw malformed(uri, "no data array");
                }
                List<ExchangeUpdate> updates = new ArrayList<>();
                for (JsonNode record : data) {
                    if (!convert(record, uri, updates)) {
                        skipped++;
                    }
                    updateTime = Math.max(updateTime, record.path("last_updated").asLong(0));
                }
                // an empty page is the end (pytx asserts instead); it still records that this fetch happened
                pages.accept(new ExchangePage(updates, new Checkpoint(updateTime, now).write(),
                        updateTime == 0 ? null : Instant.ofEpochSecond(updateTime)));
                String next = page.path("paging").path("next").asText("");
                if (data.isEmpty() || next.isEmpty()) {
                    break;
                }
                uri = nextUri(next, uri);
            }
        } catch (ExchangeException e) {
            throw scrub(e);
        }
        if (skipped > 0) {
            LOG.info("{}: skipped {} records of types mediamatch does not hold", name, skipped);
        }
    }

    @Override
    public boolean isStale(String checkpoint, Instant now) {
        try {
            Checkpoint cp = Checkpoint.read(checkpoint, name);
            return cp != null && now.getEpochSecond() - cp.lastFetchTime > STALE_AFTER.toSeconds();
        } catch (ExchangeException e) {
            return true;
        }
    }

    /** A {@code paging.next} on the base's scheme and host; anything else could carry the token elsewhere. */
    private URI nextUri(String next, URI current) throws ExchangeException {
        URI n;
        try {
            n = URI.create(next);
        } catch (IllegalArgumentException e) {
            throw malformed(current, "paging.next is not a URL");
        }
        if (!base.getScheme().equalsIgnoreCase(String.valueOf(n.getScheme()))
                || !base.getRawAuthority().equalsIgnoreCase(String.valueOf(n.getRawAuthority()))) {
            throw malformed(current, "paging.next leads to another host");
        }
        return n;
    }

    private JsonNode parse(byte[] body, URI uri) throws ExchangeException {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw malformed(uri, "the page is not a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw malformed(uri, "truncated or malformed JSON" + (at == null ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw malformed(uri, "unreadable JSON");
        }
    }

    /** Adds the record's update; false if its type is not one mediamatch holds or its value is invalid. */
    private boolean convert(JsonNode r, URI uri, List<ExchangeUpdate> out) throws ExchangeException {
        String indicator = r.path("indicator").asText("");
        String teType = r.path("type").asText("");
        if (indicator.isEmpty() || teType.isEmpty()) {
            throw malformed(uri, "a record without indicator or type");
        }
        String id = r.path("id").asText("");
        long lastUpdated = r.path("last_updated").asLong(0);
        Instant updated = lastUpdated == 0 ? null : Instant.ofEpochSecond(lastUpdated);
        Map<String, Integer> opinions = new HashMap<>(); // app id -> +1 positive, -1 negative, 0 other
        Set<String> tags = new TreeSet<>();
        JsonNode descriptors = r.path("descriptors").path("data");
        if (descriptors.isArray()) {
            for (JsonNode d : descriptors) {
                String owner = d.path("owner").path("id").asText("");
                if (owner.isEmpty()) {
                    continue; // a descriptor the API shows without its owner: pytx skips it too
                }
                String status = d.path("status").asText("");
                opinions.put(owner, "MALICIOUS".equals(status) ? 1 : "NON_MALICIOUS".equals(status) ? -1 : 0);
                tags(d.path("tags"), tags);
            }
            for (JsonNode d : descriptors) {
                for (JsonNode reaction : d.path("reactions")) {
                    String key = reaction.path("key").asText("");
                    int opinion = "HELPFUL".equals(key) ? 1 : "DISAGREE_WITH_TAGS".equals(key) ? -1 : 0;
                    if (opinion != 0) {
                        for (String app : reaction.path("value").asText("").split(",")) {
                            if (!app.isBlank()) {
                                opinions.putIfAbsent(app.strip(), opinion);
                            }
                        }
                    }
                }
            }
        }
        SignalType type = type(teType, tags);
        if (type == null || !type.isValid(indicator)) {
            return false;
        }
        boolean deleted = r.path("should_delete").asBoolean(false) || !descriptors.isArray()
                || opinions.isEmpty();
        if (deleted) {
            out.add(ExchangeUpdate.deleted(type, indicator, id, updated));
            return true;
        }
        boolean positive = opinions.containsValue(1);
        boolean negative = opinions.containsValue(-1);
        Set<String> labels = new TreeSet<>();
        for (String t : tags) {
            labels.add(label("tag:" + t));
        }
        if (negative && !positive) {
            labels.add("opinion:negative");
        }
        out.add(new ExchangeUpdate(type, indicator, negative ? SignalStatus.DISPUTED : SignalStatus.ACTIVE, labels,
                id, updated));
        return true;
    }

    /** The signal type of a TE indicator type, or null when mediamatch does not hold it. */
    private static SignalType type(String teType, Set<String> tags) {
        return switch (teType.toUpperCase(Locale.ROOT)) {
            case "HASH_PDQ" -> SignalType.PDQ;
            case "HASH_MD5", "HASH_VIDEO_MD5" -> SignalType.MD5;
            case "HASH_SHA256", "HASH_VIDEO_SHA256" -> SignalType.SHA256;
            // pytx's convention for types TE has no name for
            case "DEBUG_STRING" -> tags.contains("signal_type:vpdq") ? SignalType.VPDQ : null;
            default -> null;
        };
    }

    /** Tags as a plain list of strings or as {@code {"data": [{"id", "text"}]}}. */
    private static void tags(JsonNode node, Set<String> into) {
        JsonNode list = node.isObject() ? node.path("data") : node;
        for (JsonNode t : list) {
            String text = t.isTextual() ? t.asText() : t.path("text").asText("");
            if (!text.isBlank()) {
                into.add(text.strip());
            }
        }
    }


    /** A label of 1..500 characters without control characters. */
    private static String label(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > 500 ? clean.substring(0, 500) : clean;
    }

    private ExchangeException malformed(URI uri, String why) {
        return new ExchangeException(ExchangeException.Kind.MALFORMED, name + ": GET "
                + ExchangeHttp.withoutQuery(uri) + ": " + why);
    }

    /** The same error with the token and the app secret removed from its message, should one have crept in. */
    private ExchangeException scrub(ExchangeException e) {
        String m = String.valueOf(e.getMessage());
        String secret = token.substring(token.indexOf('|') + 1);
        String clean = m.replace(token, "***").replace(URLEncoder.encode(token, StandardCharsets.UTF_8), "***")
                .replace(secret, "***");
        return clean.equals(m) ? e : new ExchangeException(e.kind(), clean);
    }

    /** The checkpoint: the newest {@code last_updated} seen and when the fetch ran, both unix seconds. */
    record Checkpoint(long updateTime, long lastFetchTime) {
        /** The checkpoint of {@code text}, or null for none. */
        static Checkpoint read(String text, String exchange) throws ExchangeException {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                JsonNode n = JSON.readTree(text);
                if (!n.path("update_time").canConvertToLong() || !n.path("last_fetch_time").canConvertToLong()) {
                    throw new IOException("fields missing");
                }
                return new Checkpoint(n.get("update_time").asLong(), n.get("last_fetch_time").asLong());
            } catch (IOException e) {
                throw new ExchangeException(ExchangeException.Kind.MALFORMED, exchange
                        + ": the stored ThreatExchange checkpoint is not {\"update_time\", \"last_fetch_time\"}");
            }
        }

        String write() {
            return JSON.createObjectNode().put("update_time", updateTime).put("last_fetch_time", lastFetchTime)
                    .toString();
        }
    }
}
