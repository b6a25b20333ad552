package io.mediamatch.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The NCMEC hash-sharing API ({@code ncmec}): {@code GET <base>/v2/entries?from=&to=} over HTTP Basic, pages
 * followed through their {@code paging/next} links, parsed with StAX. A fetch walks from the checkpoint's time to
 * 5 s before now in time windows, as pytx does: a window whose first page has more to come is abandoned and asked
 * again a quarter as long (or shorter, as its newest timestamp suggests) unless it is at most 60 s long; four light
 * windows in a row make the next twice as long. Since the API does not return a window in time order, a page's
 * checkpoint keeps the window's start plus the {@code next} link (resumed while younger than 12 h, else the
 * window is paged again) and only the window's last page moves the start on. Image {@code pdq} maps to PDQ and
 * {@code md5} (image or video) to MD5; other fingerprints (sha1, PhotoDNA, TMK+PDQF and videntifier links) are
 * skipped. Every entry is a positive opinion: ACTIVE, labelled {@code classification:<c>} and
 * {@code esp:<member id>}, with the external id {@code <member id>-<entry id>}. A deleted entry is a tombstone of
 * the values this fetch saw for it (a revision, of the values it no longer has); the API names no values in a
 * deletion, so one of an entry only an earlier fetch saw withdraws the entry by its id
 * ({@link ExchangeUpdate#withdrawn}). Settings:
 * {@code base_url} or {@code environment} (pytx's names, e.g. {@code Industry}, {@code test_NGO}),
 * {@code only_esp_ids} (comma-separated). Thread-safe.
 */
public final class NcmecClient implements ExchangeClient {
    /** The API name. */
    public static final String API = "ncmec";
    static final String ENV_VAR = "TX_NCMEC_CREDENTIALS";
    static final String DOT_FILE = ".tx_ncmec_credentials";
    /** How long a saved {@code next} link is used (NCMEC asks not to keep them long). */
    static final Duration NEXT_LINK_LIFE = Duration.ofHours(12);
    /** Entries newer than this are left for the next fetch: the API is not in time order at its edge. */
    static final Duration END_MARGIN = Duration.ofSeconds(5);
    /** How many entries' values a fetch remembers to turn later deletions into tombstones of those values. */
    static final int REMEMBERED_ENTRIES = 1_000_000;
    /** A window is paged through to its end only when at most this long (or its first page says it is sparse). */
    static final Duration PAGED_WINDOW = Duration.ofSeconds(60);
    /** How much a too-dense window shrinks; also how many light windows in a row before one grows twofold. */
    static final int SHRINK = 4;
    /** Fewer entries than this (two pages) make a window light. */
    static final int LIGHT_WINDOW = 2_000;
    /** More entries than this make the next window a quarter as long (pytx: 400,000 / 4). */
    static final int HEAVY_WINDOW = 100_000;

    static final Map<String, String> ENVIRONMENTS = environments();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final XMLInputFactory XML = xmlFactory();

    private final String name;
    private final URI base;
    private final String authorization;
    private final Set<String> onlyEspIds;
    private final ExchangeHttp http;
    private final Clock clock;

    NcmecClient(ExchangeConfig config, String credential, ExchangeHttp http, Clock clock) throws ExchangeException {
        this.name = config.name();
        this.base = baseUrl(config);
        int colon = credential == null ? -1 : credential.indexOf(':');
        if (colon <= 0 || colon == credential.length() - 1) {
            throw new ExchangeException(ExchangeException.Kind.CREDENTIALS, name
                    + ": NCMEC credentials must be user:password (" + ENV_VAR + " or ~/" + DOT_FILE + ")");
        }
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8));
        Set<String> ids = new TreeSet<>();
        for (String id : config.setting("only_esp_ids", "").split(",")) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        this.onlyEspIds = Set.copyOf(ids);
        this.http = http;
        this.clock = clock;
    }

    /**
     * The client of {@code config}, with credentials from {@code credentialsFile}, else {@code TX_NCMEC_CREDENTIALS},
     * else {@code ~/.tx_ncmec_credentials}. @throws ExchangeException (CREDENTIALS) if none is found or it is not
     * {@code user:password}; IOException if the file cannot be read
     */
    public static ExchangeClient create(ExchangeConfig config, Path credentialsFile) throws IOException {
        String credential = Credentials.require(credentialsFile, ENV_VAR, DOT_FILE, config.name(),
                "NCMEC credentials", "user:password");
        return new NcmecClient(config, credential, ExchangeHttp.defaults(config.name()), Clock.systemUTC());
    }

    private static URI baseUrl(ExchangeConfig config) throws ExchangeException {
        String env = config.setting("environment", "Industry");
        String fallback = ENVIRONMENTS.get(env);
        if (fallback == null) {
            throw new ExchangeException(ExchangeException.Kind.MALFORMED, config.name()
                    + ": unknown NCMEC environment '" + env + "' (one of " + String.join(", ", ENVIRONMENTS.keySet())
                    + ")");
        }
        String url = config.setting("base_url", fallback);
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    @Override
    public void fetch(String checkpoint, Consumer<ExchangePage> pages) throws IOException {
        Checkpoint cp = Checkpoint.read(checkpoint, name);
        long now = clock.instant().getEpochSecond();
        long end = now - END_MARGIN.toSeconds();
        long start = cp.from;
        String resume = cp.next != null && now - cp.nextSaved <= NEXT_LINK_LIFE.toSeconds() && cp.to <= end
                ? cp.next : null;
        long duration = resume != null ? cp.to - start : end - start;
        fetchWindows(start, end, duration, resume, cp, now, new Seen(), pages);
    }

    private void fetchWindows(long start, long end, long duration, String resume, Checkpoint cp, long now,
                              Seen seen, Consumer<ExchangePage> pages) throws IOException {
        int light = 0;
        int heavy = 0;
        while (start < end) {
            duration = Math.max(1, duration);
            long windowEnd = resume != null ? cp.to : Math.min(end, start + duration);
            URI uri = resume != null ? URI.create(base + resume) : URI.create(base + "/v2/entries?from="
                    + time(start) + "&to=" + time(windowEnd));
            boolean probe = resume == null;
            resume = null;
            long fetched = 0;
            boolean abandoned = false;
            while (true) {
                Page page = parse(http.get(uri, Map.of("Authorization", authorization, "Accept", "application/xml")),
                        uri);
                long span = windowEnd - start;
                if (probe && page.next != null && span > 1) {
                    // a first page with more to come: is the window too wide to page through?
                    long estimate = page.maxTimestamp > start ? page.maxTimestamp - start : span;
                    if (span > PAGED_WINDOW.toSeconds() || estimate < span / SHRINK) {
                        duration = Math.min(span / SHRINK / (1L << Math.min(heavy, 30)), estimate - 1);
                        heavy++;
                        light = 0;
                        abandoned = true;
                        break;
                    }
                }
                if (probe) {
                    heavy = 0;
                    probe = false;
                }
                List<ExchangeUpdate> updates = convert(page, uri, seen);
                fetched += page.entries.size();
                Checkpoint after = page.next == null ? new Checkpoint(windowEnd, 0, null, 0)
                        : new Checkpoint(start, windowEnd, page.next, now);
                pages.accept(new ExchangePage(updates, after.write(),
                        Instant.ofEpochSecond(page.next == null ? windowEnd : start)));
                if (page.next == null) {
                    break;
                }
                uri = URI.create(base + page.next);
            }
            if (abandoned) {
                continue;
            }
            if (fetched < LIGHT_WINDOW) {
                if (++light >= SHRINK) {
                    duration *= 2; // grow slower than shrinking
                    light = 0;
                }
            } else {
                if (fetched > HEAVY_WINDOW) {
                    duration /= SHRINK;
                }
                light = 0;
            }
            start = windowEnd;
        }
    }

    /** The API's base URL (the environment's, or {@code base_url}). */
    URI baseUrl() {
        return base;
    }

    /** Never: NCMEC keeps its entries and their deletions. */
    @Override
    public boolean isStale(String checkpoint, Instant now) {
        return false;
    }

    private static String time(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** What one fetch saw: each entry's values by external id (a later revision withdraws the values it drops). */
    private static final class Seen {
        final Map<String, List<ExchangeUpdate>> values = new HashMap<>();
    }

    /** A parsed page: its entries in document order, the next link (or null), the newest timestamp (unix s). */
    private record Page(List<Entry> entries, String next, long maxTimestamp) {}

    /** One entry as read: member, id, whether deleted, classification and fingerprints by tag. */
    private static final class Entry {
        final boolean video;
        final boolean deleted;
        String member = "";
        String id = "";
        String classification = "";
        String timestamp = "";
        final Map<String, String> fingerprints = new LinkedHashMap<>();

        Entry(boolean video, boolean deleted) {
            this.video = video;
            this.deleted = deleted;
        }
    }

    /** The whole page or an error: nothing of a page that does not parse to its end is handed over. */
    private Page parse(byte[] body, URI uri) throws ExchangeException {
        List<Entry> entries = new ArrayList<>();
        String next = null;
        long maxTimestamp = 0;
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !"queryResult".equals(r.getLocalName())) {
                    throw malformed(uri, "the document is not a queryResult");
                }
                Entry entry = null;
                ElementPath path = new ElementPath();
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        String tag = r.getLocalName();
                        if (path.size() == 0 && ("images".equals(tag) || "videos".equals(tag))) {
                            Instant max = instant(attr(r, "maxTimestamp"));
                            maxTimestamp = max == null ? maxTimestamp : Math.max(maxTimestamp, max.getEpochSecond());
                        }
                        if (path.size() == 1 && ("image".equals(tag) || "video".equals(tag)
                                || "deletedImage".equals(tag) || "deletedVideo".equals(tag))) {
                            entry = new Entry("video".equals(tag) || "deletedVideo".equals(tag),
                                    tag.startsWith("deleted"));
                        } else if (entry != null && path.size() == 2) {
                            switch (tag) {
                                case "member" -> {
                                    entry.member = attr(r, "id");
                                    skip(r);
                                    continue;
                                }
                                case "id" -> {
                                    entry.id = r.getElementText().strip();
                                    continue;
                                }
                                case "classification" -> {
                                    entry.classification = r.getElementText().strip();
                                    continue;
                                }
                                case "timestamp" -> {
                                    entry.timestamp = r.getElementText().strip();
                                    continue;
                                }
                                default -> { }
                            }
                        } else if (entry != null && path.size() == 3 && "fingerprints".equals(path.top())) {
                            // a large fingerprint is a link (href), not a value: skipped, as pytx does
                            if (attr(r, "href").isEmpty()) {
                                String text = r.getElementText().strip();
                                if (!text.isEmpty()) {
                                    entry.fingerprints.put(tag.toLowerCase(Locale.ROOT), text);
                                }
                            } else {
                                skip(r);
                            }
                            continue;
                        } else if (path.size() == 1 && "paging".equals(path.top()) && "next".equals(tag)) {
                            String text = r.getElementText().strip();
                            next = text.isEmpty() ? null : text;
                            continue;
                        }
                        path.push(tag);
                    } else if (ev == XMLStreamConstants.END_ELEMENT) {
                        path.pop();
                        if (entry != null && path.size() == 1) {
                            entries.add(entry);
                            entry = null;
                        }
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw malformed(uri, "truncated or malformed XML" + location(e));
        }
        if (next != null && !next.startsWith("/")) {
            throw malformed(uri, "paging/next is not a path under the API");
        }
        return new Page(entries, next, maxTimestamp);
    }

    private List<ExchangeUpdate> convert(Page page, URI uri, Seen seen) throws ExchangeException {
        List<ExchangeUpdate> updates = new ArrayList<>();
        for (Entry e : page.entries) {
            convert(e, uri, seen, updates);
        }
        return updates;
    }

    private void convert(Entry e, URI uri, Seen seen, List<ExchangeUpdate> out) throws ExchangeException {
        if (e.member.isEmpty() || e.id.isEmpty()) {
            throw malformed(uri, "an entry without member id or id");
        }
        if (!onlyEspIds.isEmpty() && !onlyEspIds.contains(e.member)) {
            return;
        }
        String key = e.member + "-" + e.id;
        Instant updated = instant(e.timestamp);
        List<ExchangeUpdate> before = seen.values.remove(key);
        List<ExchangeUpdate> now = new ArrayList<>();
        if (!e.deleted) {
            Set<String> labels = new TreeSet<>();
            labels.add("esp:" + e.member);
            if (!e.classification.isEmpty()) {
                labels.add(label("classification:" + e.classification));
            }
            e.fingerprints.forEach((tag, value) -> {
                SignalType type = switch (tag) {
                    case "md5" -> SignalType.MD5;
                    case "pdq" -> e.video ? null : SignalType.PDQ;
                    default -> null;
                };
                if (type != null && type.isValid(value)) {
                    now.add(new ExchangeUpdate(type, value, SignalStatus.ACTIVE, labels, key, updated));
                }
            });
        }
        if (before != null) {
            // a revision replaces the whole entry: values it no longer has are withdrawn
            for (ExchangeUpdate old : before) {
                boolean kept = now.stream().anyMatch(u -> u.type() == old.type() && u.value().equals(old.value()));
                if (!kept) {
                    out.add(ExchangeUpdate.deleted(old.type(), old.value(), key, updated));
                }
            }
        } else if (e.deleted) {
            // not seen in this fetch: withdraw whatever an earlier fetch stored under the entry's id
            out.add(ExchangeUpdate.withdrawn(key, updated));
        }
        out.addAll(now);
        if (!now.isEmpty() && seen.values.size() < REMEMBERED_ENTRIES) {
            seen.values.put(key, now);
        }
    }


    private static Instant instant(String s) {
        try {
            return s.isEmpty() ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A label of 1..500 characters without control characters. */
    private static String label(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > 500 ? clean.substring(0, 500) : clean;
    }

    private static String attr(XMLStreamReader r, String name) {
        String v = r.getAttributeValue(null, name);
        return v == null ? "" : v.strip();
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static String location(Exception e) {
        if (e instanceof XMLStreamException x && x.getLocation() != null) {
            return " at line " + x.getLocation().getLineNumber() + ", column " + x.getLocation().getColumnNumber();
        }
        return "";
    }

    private ExchangeException malformed(URI uri, String why) {
        return new ExchangeException(ExchangeException.Kind.MALFORMED, name + ": GET "
                + ExchangeHttp.withoutQuery(uri) + ": " + why);
    }

    /** A small stack of element names (the path from the root's children down). */
    private static final class ElementPath {
        private final ArrayList<String> names = new ArrayList<>();

        void push(String s) {
            names.add(s);
        }

        void pop() {
            if (!names.isEmpty()) {
                names.remove(names.size() - 1);
            }
        }

        String top() {
            return names.isEmpty() ? "" : names.get(names.size() - 1);
        }

        int size() {
            return names.size();
        }
    }

    /**
     * The checkpoint: {@code from} (unix s) is where the next window starts; mid-window also {@code to}, the
     * window's end, and {@code next}, the link to its next page, saved at {@code next_saved}.
     */
    record Checkpoint(long from, long to, String next, long nextSaved) {
        static Checkpoint read(String text, String exchange) throws ExchangeException {
            if (text == null || text.isBlank()) {
                return new Checkpoint(0, 0, null, 0);
            }
            try {
                JsonNode n = JSON.readTree(text);
                if (!n.path("from").canConvertToLong()) {
                    throw new IOException("no from");
                }
                String next = n.hasNonNull("next") ? n.get("next").asText() : null;
                return new Checkpoint(n.get("from").asLong(), n.path("to").asLong(0), next,
                        n.path("next_saved").asLong(0));
            } catch (IOException e) {
                throw new ExchangeException(ExchangeException.Kind.MALFORMED, exchange
                        + ": the stored NCMEC checkpoint is not {\"from\": ...}");
            }
        }

        String write() {
            ObjectNode n = JSON.createObjectNode().put("from", from);
            if (next != null) {
                n.put("to", to).put("next", next).put("next_saved", nextSaved);
            }
            return n.toString();
        }
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    private static Map<String, String> environments() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Industry", "https://report.cybertip.org/hashsharing");
        m.put("Industry_Exploitative", "https://report.cybertip.org/exploitative-hashsharing");
        m.put("LawEnforcement", "https://lesp.ncmec.org/csam-hashsharing");
        m.put("NGO", "https://hashsharing.ncmec.org/npo");
        m.put("Exploitative", "https://hashsharing.ncmec.org/exploitative");
        m.put("NGO_Generative_AI", "https://hashsharing.ncmec.org/generative-ai-csam");
        m.put("NGO_Generative_AI_Exploitative", "https://hashsharing.ncmec.org/generative-ai-exploitative");
        m.put("test_Industry", "https://exttest.cybertip.org/hashsharing");
        m.put("test_Industry_Exploitative", "https://exttest.cybertip.org/exploitative-hashsharing");
        m.put("test_LawEnforcement", "https://betalesp.ncmec.org/csam-hashsharing");
        m.put("test_NGO", "https://hashsharing-test.ncmec.org/npo");
        m.put("test_Exploitative", "https://hashsharing-test.ncmec.org/exploitative");
        m.put("test_NGO_Generative_AI", "https://hashsharing-test.ncmec.org/generative-ai-csam");
        m.put("test_NGO_Generative_AI_Exploitative", "https://hashsharing-test.ncmec.org/generative-ai-exploitative");
        return Map.copyOf(m);
    }
}
