package io.mediamatch.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.store.Bank;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A bank's settings on the signal-changes topic (enabled, PDQ distance, negative), so each task's copy matches
 * as the store does; a tombstone when the bank was dropped. Keyed {@link #KEY_PREFIX} + name: a bank name holds
 * no control character, so no signal key ({@code bank|type|value}) starts so. Immutable.
 */
public record BankChange(String bank, boolean tombstone, boolean enabled, OptionalInt matchDistance,
                         boolean negative) implements TopicChange {
    /** What every bank record's key starts with (U+001F, "bank", U+001F). */
    public static final String KEY_PREFIX = "\u001Fbank\u001F";

    public BankChange {
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(matchDistance, "matchDistance");
    }

    /** The record of a stored bank's settings. */
    public static BankChange of(Bank b) {
        return new BankChange(b.name(), false, b.enabled(), b.matchDistance(), b.negative());
    }

    /** The tombstone of a dropped bank. */
    public static BankChange dropped(String bank) {
        return new BankChange(bank, true, false, OptionalInt.empty(), false);
    }

    /** These settings as a store bank (for a task's copy of the banks). */
    public Bank toBank() {
        return new Bank(0, bank, "", enabled, matchDistance, negative);
    }

    @Override
    public String key() {
        return KEY_PREFIX + bank;
    }

    @Override
    public String valueJson() {
        if (tombstone) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bank", bank);
        m.put("enabled", enabled);
        m.put("match_distance", matchDistance.isPresent() ? matchDistance.getAsInt() : null);
        m.put("negative", negative);
        return Json.write(m);
    }

    /** Reads a bank record ({@code key} starts with {@link #KEY_PREFIX}); bad input throws {@link BadRecordException}. */
    public static BankChange parse(String key, String valueJson) {
        String name = key.substring(KEY_PREFIX.length());
        if (name.isEmpty()) {
            throw new BadRecordException("bank record: key without a bank name");
        }
        if (valueJson == null) {
            return dropped(name);
        }
        String what = "bank record " + name;
        JsonNode n = Json.object(valueJson, what);
        JsonNode d = n.get("match_distance");
        if (d != null && !d.isNull() && !(d.canConvertToInt() && d.asInt() >= 0 && d.asInt() <= 256)) {
            throw new BadRecordException(what + ": 'match_distance' must be 0..256 or null, not " + d);
        }
        BankChange b = new BankChange(name, false, n.path("enabled").asBoolean(true),
                d == null || d.isNull() ? OptionalInt.empty() : OptionalInt.of(d.asInt()),
                n.path("negative").asBoolean(false));
        try {
            b.toBank(); // a name no store takes would fail every task that applies it: refused here instead
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(what + ": " + e.getMessage());
        }
        return b;
    }
}
