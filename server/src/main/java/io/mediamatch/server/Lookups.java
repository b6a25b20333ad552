package io.mediamatch.server;

import io.mediamatch.match.Match;
import io.mediamatch.match.MatchResult;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.store.BankContents;
import io.mediamatch.store.SignalType;
import io.mediamatch.tmk.TmkFormatException;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.video.VpdqHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Looks signals up the way HMA's {@code /m} routes answer: raw index hits, or hits filtered by content enable time,
 * the bank's matching ratio against a coin flip, and a bank list, grouped by bank. Matching itself is the
 * library's ({@link MediaMatcher}); single PDQ lookups go through the {@link LookupCoalescer}. Thread-safe.
 */
final class Lookups {
    private static final Pattern PDQ = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    /** One hit: the bank, the content item and the distance as HMA writes it. */
    record Hit(String bank, long contentId, String distance, long disableUntil) {}

    /** What a lookup keeps: the banks listed (null: all), the coin flip's seed (null: random), bypassed or not. */
    record Filter(Set<String> banks, String seed, boolean bypassCoinflip) {}

    private final MediaMatcher matcher;
    private final BankContents contents;
    private final LookupCoalescer coalescer;
    private final Duration deadline;

    Lookups(MediaMatcher matcher, LookupCoalescer coalescer, Duration deadline) {
        this.matcher = matcher;
        this.contents = matcher.store().contents();
        this.coalescer = coalescer;
        this.deadline = deadline;
    }

    /**
     * Validates a signal value as HMA does for its type (strict lower-case hex for PDQ; hex after trimming and
     * lower-casing for MD5 and SHA-256) and returns the canonical value.
     * @throws ApiError 400 {@code "invalid signal: ..."}
     */
    static String validate(String apiName, String value) {
        SignalType type = ApiTypes.storeType(apiName).orElseThrow();
        switch (type) {
            case PDQ -> {
                if (!PDQ.matcher(value).matches()) {
                    throw ApiError.badRequest("invalid signal: invalid PDQ hash");
                }
                return value;
            }
            case MD5, SHA256 -> {
                String v = value.strip().toLowerCase(Locale.ROOT);
                int digits = type == SignalType.MD5 ? 32 : 64;
                if (v.length() != digits || !HEX.matcher(v).matches()) {
                    throw ApiError.badRequest("invalid signal: '" + value + "' is not a valid "
                            + (type == SignalType.MD5 ? "MD5" : "SHA-256") + " hash");
                }
                return v;
            }
            default -> {
                try {
                    return type.canonical(value);
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("invalid signal: " + e.getMessage());
                }
            }
        }
    }

    /** Every index hit of a valid value, in every enabled bank (no content or ratio checks). */
    List<Hit> raw(String apiName, String value) throws IOException {
        MatchResult r = result(apiName, value);
        List<Match> all = new ArrayList<>(r.matches());
        all.addAll(r.suppressed());
        all.addAll(r.negative());
        return hits(all);
    }

    /** Positive, unsuppressed hits of a valid value, ready for {@link #filter}. */
    List<Hit> positive(String apiName, String value) throws IOException {
        return hits(result(apiName, value).matches());
    }

    private MatchResult result(String apiName, String value) throws IOException {
        SignalType type = ApiTypes.storeType(apiName).orElseThrow();
        return switch (type) {
            case PDQ -> coalescer.lookup(new PdqHash(Hash256.fromHex(value), 100), deadline);
            case MD5, SHA256 -> matcher.matchExact(type, value);
            case VPDQ -> matcher.match(VpdqHash.parseSignal(value));
            case TMK_PDQF -> {
                try {
                    yield matcher.match(TmkHash.parse(Base64.getDecoder().decode(value), "signal"));
                } catch (TmkFormatException e) {
                    throw ApiError.badRequest("invalid signal: " + e.getMessage());
                }
            }
            default -> throw new AssertionError(type);
        };
    }

    /** The hits of these matches with their content items (matches whose item went meanwhile are dropped). */
    List<Hit> hits(List<Match> matches) throws IOException {
        if (matches.isEmpty()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>(matches.size());
        for (Match m : matches) {
            ids.add(m.signalId());
        }
        Map<Long, BankContents.Ref> refs = contents.of(ids);
        List<Hit> out = new ArrayList<>(matches.size());
        Set<String> seen = new HashSet<>();
        for (Match m : matches) {
            BankContents.Ref ref = refs.get(m.signalId());
            if (ref != null && seen.add(m.bank() + "\n" + ref.contentId())) {
                out.add(new Hit(m.bank(), ref.contentId(), distance(m), ref.disableUntil()));
            }
        }
        return out;
    }

    /**
     * HMA's lookup filter on positive, unsuppressed hits: content enabled now, the bank's ratio at least this
     * request's coin flip (one draw per signal type), the bank on the list; grouped by bank.
     */
    Map<String, List<Map<String, Object>>> filter(List<Hit> hits, Filter f) throws IOException {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        if (hits.isEmpty()) {
            return out;
        }
        long now = System.currentTimeMillis() / 1000;
        double coin = f.bypassCoinflip() ? 0 : coin(f.seed());
        Map<String, Double> ratios = contents.ratios();
        for (Hit h : hits) {
            if (!new BankContents.Ref(h.contentId(), h.disableUntil()).enabledAt(now)) {
                continue;
            }
            if (ratios.getOrDefault(h.bank(), 1.0) < coin) {
                continue;
            }
            if (f.banks() != null && !f.banks().contains(h.bank())) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("bank_content_id", h.contentId());
            item.put("distance", h.distance());
            out.computeIfAbsent(h.bank(), k -> new ArrayList<>()).add(item);
        }
        return out;
    }

    /** A value in [0, 1): the same for the same seed, fresh entropy without one. */
    static double coin(String seed) {
        if (seed == null) {
            return new SplittableRandom().nextDouble();
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            long s = 0;
            for (int i = 0; i < 8; i++) {
                s = (s << 8) | (d[i] & 0xFF);
            }
            return new SplittableRandom(s).nextDouble();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** HMA's distance strings: PDQ bits, {@code -} for exact hashes, vPDQ {@code q%[c%]}, TMK its level-2 score. */
    static String distance(Match m) {
        return switch (m.type()) {
            case PDQ -> Integer.toString(m.distance());
            case VPDQ -> m.vpdq() == null ? "-" : String.format(Locale.ROOT, "%.0f%%[%.0f%%]",
                    m.vpdq().queryPercent(), m.vpdq().comparedPercent());
            case TMK_PDQF -> m.tmk() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.tmk().level2());
            default -> "-";
        };
    }
}
