package io.mediamatch.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Tech Against Terrorism's TCAP hash list ({@code tat}): one bearer login ({@code POST token-auth/tcap/}) per
 * fetch, then {@code GET api/hash-list/v2/all?order=asc&after=<updated_on>,<id>} page after page, each page's
 * {@code checkpoint} (its last row) being the cursor of the next request and the stored checkpoint. Rows with
 * {@code deleted: true} are tombstones; ideology and file type are kept as labels. Never stale. Thread-safe.
 */
public final class TatClient implements ExchangeClient {
    static final String API = "tat";
    static final String DEFAULT_BASE_URL = "https://app.terrorismanalytics.org/";
    static final String ENV = "PYTX_TAT_CREDENTIALS";
    static final String DOT_FILE = ".pytx_tat_credentials";

    private final String name;
    private final String baseUrl;
    private final byte[] loginForm;
    private final ExchangeHttp http;

    TatClient(ExchangeConfig config, String credential, ExchangeHttp http) throws ExchangeException {
        this.name = config.name();
        int colon = credential.indexOf(':');
        if (colon <= 0 || colon == credential.length() - 1) {
            throw new ExchangeException(ExchangeException.Kind.CREDENTIALS, name + ": " + API
                    + " credentials are not 'username:password'");
        }
        String base = config.setting("base_url", DEFAULT_BASE_URL);
        this.baseUrl = base.endsWith("/") ? base : base + "/";
        this.loginForm = ("username=" + URLEncoder.encode(credential.substring(0, colon), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(credential.substring(colon + 1), StandardCharsets.UTF_8)
                + "&resend=False").getBytes(StandardCharsets.UTF_8);
        this.http = http;
    }

    /**
     * The client for {@code config}, credentials from {@code credentialsFile} or else {@code PYTX_TAT_CREDENTIALS}
     * or {@code ~/.pytx_tat_credentials}. @throws ExchangeException CREDENTIALS when none is found or it is malformed
     */
    public static ExchangeClient create(ExchangeConfig config, Path credentialsFile) throws IOException {
        String credential = Credentials.require(credentialsFile, ENV, DOT_FILE, config.name(), API + " credentials",
                "username:password");
        return new TatClient(config, credential, ExchangeHttp.defaults(config.name()));
    }

    /**
     * Pages are requested by cursor ({@code after} = the previous page's checkpoint) rather than by following
     * {@code next}'s offset: rows updated during the fetch move to the end of the list, which shifts offsets and
     * would skip a row, whereas the cursor is exactly what a resumed fetch sends. {@code next} null ends the fetch.
     */
    @Override
    public void fetch(String checkpoint, Consumer<ExchangePage> pages) throws IOException {
        String after = checkpoint == null ? "" : PageJson.text(PageJson.checkpoint(checkpoint, name), "checkpoint");
        String token = login();
        boolean relogged = false;
        while (true) {
            URI uri = URI.create(baseUrl + "api/hash-list/v2/all?order=asc&after="
                    + URLEncoder.encode(after, StandardCharsets.UTF_8));
            byte[] body;
            try {
                body = http.get(uri, Map.of("Authorization", "Bearer " + token, "Accept", "application/json"));
            } catch (ExchangeException e) {
                if (e.kind() != ExchangeException.Kind.CREDENTIALS || relogged) {
                    throw e;
                }
                token = login(); // the token expired during a long fetch: log in again, once
                relogged = true;
                continue;
            }
            String what = name + ": hash list";
            JsonNode page = PageJson.object(body, what);
            JsonNode results = page.get("results");
            if (results == null || !results.isArray()) {
                throw new ExchangeException(ExchangeException.Kind.MALFORMED, what + ": no results list");
            }
            if (results.isEmpty()) {
                return;
            }
            List<ExchangeUpdate> updates = new ArrayList<>(results.size());
            for (JsonNode r : results) {
                ExchangeUpdate u = update(r);
                if (u != null) {
                    updates.add(u);
                }
            }
            String next = PageJson.text(page, "checkpoint");
            if (next.isEmpty()) {
                next = cursor(results.get(results.size() - 1), what);
            }
            if (next.equals(after)) {
                return; // no progress: stop rather than ask for the same page again
            }
            ObjectNode cp = PageJson.MAPPER.createObjectNode();
            cp.put("checkpoint", next);
            pages.accept(new ExchangePage(updates, PageJson.write(cp), progress(next)));
            after = next;
            JsonNode more = page.get("next");
            if (more == null || more.isNull() || more.asText().isEmpty()) {
                return;
            }
        }
    }

    private String login() throws ExchangeException {
        String what = name + ": login";
        byte[] body;
        try {
            body = http.post(URI.create(baseUrl + "token-auth/tcap/"),
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"),
                    loginForm);
        } catch (ExchangeException e) {
            // the token endpoint answers refused credentials with 400 as well as 401
            if (e.kind() == ExchangeException.Kind.HTTP_STATUS && e.getMessage().endsWith("HTTP 400")) {
                throw new ExchangeException(ExchangeException.Kind.CREDENTIALS, what + ": credentials refused (400)");
            }
            throw e;
        }
        String token = PageJson.text(PageJson.object(body, what), "token");
        if (token.isEmpty()) {
            throw new ExchangeException(ExchangeException.Kind.CREDENTIALS, what + ": no token in the reply");
        }
        return token;
    }

    /** A row as an update, or null if skipped (SHA512 and other algorithms mediamatch does not hold, bad values). */
    static ExchangeUpdate update(JsonNode r) {
        SignalType type;
        switch (PageJson.text(r, "algorithm").toUpperCase(Locale.ROOT)) {
            case "PDQ":
                type = SignalType.PDQ;
                break;
            case "MD5":
                type = SignalType.MD5; // of any file type: mediamatch's md5 is of the file bytes, photo or video
                break;
            case "SHA256":
            case "SHA-256":
                type = SignalType.SHA256;
                break;
            default:
                return null;
        }
        String value = PageJson.value(type, PageJson.text(r, "hash_digest"));
        if (value == null) {
            return null;
        }
        JsonNode u = r.get("updated_on");
        Instant updated = u != null && u.isNumber()
                ? Instant.ofEpochMilli(u.decimalValue().movePointRight(3).longValue()) : null;
        String id = PageJson.text(r, "id");
        JsonNode del = r.get("deleted");
        if (del != null && (del.isBoolean() ? del.asBoolean() : del.asText().equalsIgnoreCase("true"))) {
            return ExchangeUpdate.deleted(type, value, id, updated);
        }
        Set<String> labels = new TreeSet<>();
        String ideology = PageJson.text(r, "ideology");
        if (!ideology.isEmpty()) {
            PageJson.label(labels, "ideology:" + ideology);
        }
        String fileType = PageJson.text(r, "file_type");
        if (!fileType.isEmpty()) {
            PageJson.label(labels, "file_type:" + fileType);
        }
        return new ExchangeUpdate(type, value, SignalStatus.ACTIVE, labels, id, updated);
    }

    /** The cursor {@code <updated_on>,<id>} of a row, when a page carries no checkpoint of its own. */
    private static String cursor(JsonNode last, String what) throws ExchangeException {
        JsonNode u = last.get("updated_on");
        String id = PageJson.text(last, "id");
        if (u == null || !u.isNumber() || id.isEmpty()) {
            throw new ExchangeException(ExchangeException.Kind.MALFORMED, what
                    + ": page has neither a checkpoint nor a last row with updated_on and id");
        }
        return u.decimalValue().toPlainString() + "," + id;
    }

    /** The checkpoint's time: the whole seconds before the comma, or null. */
    private static Instant progress(String cursor) {
        int comma = cursor.indexOf(',');
        try {
            return Instant.ofEpochSecond(new BigDecimal(comma < 0 ? cursor : cursor.substring(0, comma))
                    .longValue());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public boolean isStale(String checkpoint, Instant now) {
        return false;
    }
}
