package io.mediamatch.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediamatch.store.SignalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One upload to check: the caller's {@code id} and exactly one of {@code path} (a file Flink's file systems can
 * read), {@code uri}, or {@code hashes} already computed (several hashes of one media are all matched, into one
 * record). Immutable; {@link #parse} validates a Kafka record.
 */
public record Upload(String id, String path, String uri, List<Hash> hashes) {
    /** One precomputed hash: its type and canonical value. */
    public record Hash(SignalType type, String value) {
        public Hash {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    public Upload {
        if (id == null || id.isEmpty()) {
            throw new BadRecordException("upload: field 'id' is missing or empty");
        }
        hashes = hashes == null ? null : List.copyOf(hashes);
        int given = (path == null ? 0 : 1) + (uri == null ? 0 : 1) + (hashes == null ? 0 : 1);
        if (given != 1) {
            throw new BadRecordException("upload " + id + ": needs exactly one of 'path', 'uri', 'hashes', not "
                    + given);
        }
        if (hashes != null && hashes.isEmpty()) {
            throw new BadRecordException("upload " + id + ": 'hashes' is empty");
        }
    }

    /** Parses one upload record ({@code {"id": ..., "path"|"uri"|"hashes": ...}}); bad input throws {@link BadRecordException}. */
    public static Upload parse(String json) {
        JsonNode n = Json.object(json, "upload");
        String id = Json.text(n, "id", "upload");
        String what = "upload " + (id == null ? "(no id)" : id);
        List<Hash> hashes = null;
        JsonNode hs = n.get("hashes");
        if (hs != null && !hs.isNull()) {
            if (!hs.isArray()) {
                throw new BadRecordException(what + ": 'hashes' must be an array");
            }
            hashes = new ArrayList<>();
            for (JsonNode h : hs) {
                if (!h.isObject()) {
                    throw new BadRecordException(what + ": each of 'hashes' must be an object");
                }
                String t = Json.text(h, "type", what);
                String v = Json.text(h, "value", what);
                SignalType type = t == null ? null : SignalType.fromName(t).orElse(null);
                if (type == null) {
                    throw new BadRecordException(what + ": unknown hash type '" + t + "'");
                }
                if (v == null || !type.isValid(v)) {
                    throw new BadRecordException(what + ": not a valid " + type.wireName() + " value: '" + v + "'");
                }
                hashes.add(new Hash(type, type.canonical(v)));
            }
        }
        return new Upload(id, Json.text(n, "path", what), Json.text(n, "uri", what), hashes);
    }

    /** The {@code id} of a record that may not parse as an upload, or null: for naming it in an error record. */
    public static String idOf(String json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json == null ? "" : json);
            JsonNode id = n == null ? null : n.get("id");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** This upload as a record {@link #parse} reads. */
    public String toJson() {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("id", id);
        if (path != null) {
            m.put("path", path);
        }
        if (uri != null) {
            m.put("uri", uri);
        }
        if (hashes != null) {
            List<Object> hs = new ArrayList<>();
            for (Hash h : hashes) {
                hs.add(java.util.Map.of("type", h.type().wireName(), "value", h.value()));
            }
            m.put("hashes", hs);
        }
        return Json.write(m);
    }
}
