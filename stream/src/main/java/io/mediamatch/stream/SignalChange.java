package io.mediamatch.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One change of a banked signal on the signal-changes topic: an upsert (the record's value) or a tombstone (a
 * null value), keyed {@code bank|type|value} so a compacted topic keeps the last change of each. Immutable.
 */
public record SignalChange(String bank, SignalType type, String value, boolean tombstone, Set<String> labels,
                           String source, String externalId) implements TopicChange {
    public SignalChange {
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        labels = labels == null ? Set.of() : Set.copyOf(new TreeSet<>(labels));
        source = source == null ? "" : source;
        externalId = externalId == null ? "" : externalId;
    }

    /** The change a store's row amounts to: a tombstone for a deleted signal, else an upsert. */
    public static SignalChange of(Signal s) {
        return new SignalChange(s.bank(), s.type(), s.value(), s.status() == SignalStatus.DELETED, s.labels(),
                s.source(), s.externalId());
    }

    /** The record key, {@code bank|type|value} (type and value hold no '|'; a bank name may). */
    @Override
    public String key() {
        return bank + "|" + type.wireName() + "|" + value;
    }

    /** The record value: the upsert as JSON, or null for a tombstone. */
    @Override
    public String valueJson() {
        if (tombstone) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bank", bank);
        m.put("type", type.wireName());
        m.put("value", value);
        m.put("labels", new TreeSet<>(labels));
        m.put("source", source);
        m.put("external_id", externalId);
        return Json.write(m);
    }

    /** Reads a record of the topic: a null {@code valueJson} is a tombstone of {@code key}; bad input throws {@link BadRecordException}. */
    public static SignalChange parse(String key, String valueJson) {
        if (valueJson == null) {
            if (key == null) {
                throw new BadRecordException("signal change: a tombstone without a key");
            }
            int v = key.lastIndexOf('|');
            int t = v <= 0 ? -1 : key.lastIndexOf('|', v - 1);
            if (t <= 0) {
                throw new BadRecordException("signal change: key '" + key + "' is not bank|type|value");
            }
            SignalType type = type(key.substring(t + 1, v), key);
            return new SignalChange(key.substring(0, t), type, canonical(type, key.substring(v + 1), key), true,
                    Set.of(), "", "");
        }
        JsonNode n = Json.object(valueJson, "signal change " + key);
        String what = "signal change " + key;
        String bank = Json.text(n, "bank", what);
        String value = Json.text(n, "value", what);
        if (bank == null || value == null) {
            throw new BadRecordException(what + ": needs 'bank', 'type' and 'value'");
        }
        SignalType type = type(Json.text(n, "type", what), what);
        Set<String> labels = new TreeSet<>();
        JsonNode ls = n.get("labels");
        if (ls != null && ls.isArray()) {
            ls.forEach(l -> labels.add(l.asText()));
        }
        return new SignalChange(bank, type, canonical(type, value, what), false, labels,
                Json.text(n, "source", what), Json.text(n, "external_id", what));
    }

    private static SignalType type(String name, String what) {
        return SignalType.fromName(name == null ? "" : name)
                .orElseThrow(() -> new BadRecordException(what + ": unknown signal type '" + name + "'"));
    }

    private static String canonical(SignalType type, String value, String what) {
        if (!type.isValid(value)) {
            throw new BadRecordException(what + ": not a valid " + type.wireName() + " value");
        }
        return type.canonical(value);
    }
}
