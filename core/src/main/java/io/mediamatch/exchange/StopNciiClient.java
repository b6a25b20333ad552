package io.mediamatch.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * StopNCII.org ({@code stop_ncii}): {@code GET /FetchHashes} with the {@code x-functions-key} and
 * {@code Ocp-Apim-Subscription-Key} headers, paged by {@code nextPageToken} within one fetch (the token is short
 * lived and never stored), resumed across fetches from the page's {@code nextSetTimestamp}. Each record is a full
 * snapshot of its hash; {@code hashStatus} Withdrawn or Deleted, or every case withdrawn or deleted, is a tombstone
 * (pytx tests the wrong field and never deletes). Stale 30 days after the last fetch. Settings: {@code base_url}
 * (else the credential's third field, else the real API), {@code page_size} (800). Thread-safe.
 */
public final class StopNciiClient implements ExchangeClient {
    static final String API = "stop_ncii";
    static final String DEFAULT_BASE_URL = "https://api.stopncii.org/v1";
    static final String ENV = "TX_STOPNCII_KEYS";
    static final String DOT_FILE = ".tx_stopncii_keys";
    /** pytx's first {@code startTimestamp}. */
    static final long DEFAULT_START = 10;
    static final Duration STALE_AFTER = Duration.ofDays(30);

    private final String name;
    private final String baseUrl;
    private final int pageSize;
    private final Map<String, String> headers;
    private final ExchangeHttp http;

    StopNciiClient(ExchangeConfig config, String credential, ExchangeHttp http) throws ExchangeException {
        this.name = config.name();
        String[] parts = credential.split(",", -1);
        if ((parts.length != 2 && parts.length != 3) || parts[0].isBlank() || parts[1].isBlank()) {
            throw new ExchangeException(ExchangeException.Kind.CREDENTIALS, name + ": " + API
                    + " credentials are not 'fetch_function_key,subscription_key[,base_url_override]'");
        }
        String override = parts.length == 3 ? parts[2].strip() : "";
        String base = config.setting("base_url", override.isEmpty() ? DEFAULT_BASE_URL : override);
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String size = config.setting("page_size", "800");
        try {
            this.pageSize = Integer.parseInt(size);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": page_size '" + size + "' is not a number");
        }
        this.headers = Map.of("x-functions-key", parts[0].strip(), "Ocp-Apim-Subscription-Key", parts[1].strip(),
                "Accept", "application/json");
        this.http = http;
    }

    /**
     * The client for {@code config}, credentials from {@code credentialsFile} or else {@code TX_STOPNCII_KEYS} or
     * {@code ~/.tx_stopncii_keys}. @throws ExchangeException CREDENTIALS when none is found or it is malformed
     */
    public static ExchangeClient create(ExchangeConfig config, Path credentialsFile) throws IOException {
        String credential = Credentials.require(credentialsFile, ENV, DOT_FILE, config.name(), API + " credentials",
                "fetch_function_key,subscription_key[,base_url_override]");
        return new StopNciiClient(config, credential, ExchangeHttp.defaults(config.name()));
    }

    @Override
    public void fetch(String checkpoint, Consumer<ExchangePage> pages) throws IOException {
        long start = DEFAULT_START;
        long progress = 0;
        if (checkpoint != null) {
            JsonNode c = PageJson.checkpoint(checkpoint, name);
            start = c.path("update_time").asLong(DEFAULT_START);
            progress = c.path("progress").asLong(start);
        }
        // the page token continues the request it came from: every page of one fetch sends the same start
        long resume = start;
        String token = "";
        while (true) {
            String url = baseUrl + "/FetchHashes?startTimestamp=" + start + "&pageSize=" + pageSize
                    + (token.isEmpty() ? "" : "&nextPageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            String what = name + ": FetchHashes";
            JsonNode page = PageJson.object(http.get(URI.create(url), headers), what);
            JsonNode records = page.get("hashRecords");
            if (records != null && !records.isNull() && !records.isArray()) {
                throw new ExchangeException(ExchangeException.Kind.MALFORMED, what + ": hashRecords is not a list");
            }
            List<ExchangeUpdate> updates = new ArrayList<>();
            if (records != null) {
                for (JsonNode r : records) {
                    ExchangeUpdate u = update(r);
                    if (u != null) {
                        updates.add(u);
                    }
                }
            }
            // nextSetTimestamp can go backwards between pages (pytx's own test data): resume from what the server
            // says (a re-fetch is harmless, records are snapshots) but report progress that never rewinds.
            JsonNode next = page.get("nextSetTimestamp");
            if (next != null && next.canConvertToLong()) {
                resume = next.asLong();
            }
            progress = Math.max(progress, resume);
            ObjectNode cp = PageJson.MAPPER.createObjectNode();
            cp.put("update_time", resume);
            cp.put("last_fetch_time", Instant.now().getEpochSecond());
            cp.put("progress", progress);
            pages.accept(new ExchangePage(updates, PageJson.write(cp),
                    progress > DEFAULT_START ? Instant.ofEpochSecond(progress) : null));
            token = PageJson.text(page, "nextPageToken");
            if (!page.path("hasMoreRecords").asBoolean(false) || token.isEmpty() || records == null
                    || records.isEmpty()) {
                return;
            }
        }
    }

    /** One record as an update, or null if it is skipped (a type mediamatch does not hold, an unknown enum). */
    static ExchangeUpdate update(JsonNode r) {
        SignalType type;
        switch (PageJson.text(r, "signalType")) {
            case "ImagePDQ":
                type = SignalType.PDQ;
                break;
            case "VideoMD5":
                type = SignalType.MD5;
                break;
            default:
                return null; // VideoTMK (undocumented format), Text, URL, Unknown
        }
        String value = PageJson.value(type, PageJson.text(r, "hashValue"));
        if (value == null) {
            return null;
        }
        Boolean deleted = gone(PageJson.text(r, "hashStatus"));
        if (deleted == null) {
            return null;
        }
        Set<String> labels = new TreeSet<>();
        JsonNode cases = r.get("caseNumbers");
        if (cases != null && cases.isObject() && cases.size() > 0) {
            boolean allGone = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = cases.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Boolean g = gone(e.getValue().asText());
                if (g == null) {
                    return null;
                }
                allGone &= g;
                PageJson.label(labels, "case:" + e.getKey() + "=" + e.getValue().asText());
            }
            deleted |= allGone;
        }
        JsonNode lm = r.get("lastModtimestamp");
        Instant updated = lm != null && lm.canConvertToLong() ? Instant.ofEpochSecond(lm.asLong()) : null;
        if (deleted) {
            return ExchangeUpdate.deleted(type, value, "", updated);
        }
        boolean positive = false;
        boolean negative = false;
        JsonNode feedbacks = r.get("CSPFeedbacks");
        if (feedbacks != null && feedbacks.isArray()) {
            for (JsonNode f : feedbacks) {
                String v = PageJson.text(f, "feedbackValue");
                switch (v) {
                    case "Blocked":
                        positive = true;
                        break;
                    case "NotBlocked":
                        negative = true;
                        break;
                    case "Unknown":
                    case "None":
                    case "QualityUnknown":
                    case "PendingReview":
                    case "Withdrawn":
                    case "Deleted":
                        break;
                    default:
                        return null; // pytx drops a record with an enum value it does not know
                }
                String source = PageJson.text(f, "source");
                if (!source.isEmpty()) {
                    PageJson.label(labels, "feedback:" + source + "=" + v);
                }
                for (JsonNode t : f.path("tags")) {
                    PageJson.label(labels, "tag:" + t.asText().strip());
                }
            }
        }
        if (negative && !positive) {
            labels.add("opinion:negative");
        }
        return new ExchangeUpdate(type, value, negative ? SignalStatus.DISPUTED : SignalStatus.ACTIVE, labels, "",
                updated);
    }

    /** True for Withdrawn or Deleted, false for the other statuses, null for a status StopNCII does not define. */
    private static Boolean gone(String status) {
        switch (status) {
            case "Withdrawn":
            case "Deleted":
                return true;
            case "":
            case "Unknown":
            case "Received":
            case "Active":
                return false;
            default:
                return null;
        }
    }

    @Override
    public boolean isStale(String checkpoint, Instant now) {
        if (checkpoint == null) {
            return false;
        }
        try {
            JsonNode c = PageJson.checkpoint(checkpoint, name);
            JsonNode last = c.get("last_fetch_time");
            return last == null || !last.canConvertToLong()
                    || Instant.ofEpochSecond(last.asLong()).plus(STALE_AFTER).isBefore(now);
        } catch (ExchangeException e) {
            return true;
        }
    }
}
