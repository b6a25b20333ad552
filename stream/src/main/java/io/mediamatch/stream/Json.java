package io.mediamatch.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the stream records: compact output, parse errors as {@link BadRecordException}. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Parses {@code text} into a JSON object; {@code what} names the record in the error. */
    static JsonNode object(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new BadRecordException(what + ": empty record");
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRecordException(what + ": malformed JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new BadRecordException(what + ": not a JSON object");
        }
        return n;
    }

    /** The text field {@code name} of {@code n}, or null if absent or JSON null; not text is an error. */
    static String text(JsonNode n, String name, String what) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRecordException(what + ": field '" + name + "' must be a string");
        }
        return v.asText();
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
