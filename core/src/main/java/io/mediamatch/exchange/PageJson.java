package io.mediamatch.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.util.Set;

/**
 * What the JSON clients share: one Jackson mapper (floats kept exact), a page parsed whole or refused as
 * {@link ExchangeException.Kind#MALFORMED}, checkpoint text, and the checks a value or label passes before it
 * goes into an update. Stateless.
 */
final class PageJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final int MAX_LABEL = 500;

    private PageJson() {}

    /** The JSON object in {@code body}; a truncated or non-object body is MALFORMED, naming {@code what}. */
    static JsonNode object(byte[] body, String what) throws ExchangeException {
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ExchangeException(ExchangeException.Kind.MALFORMED, what + ": not a complete JSON page ("
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ExchangeException(ExchangeException.Kind.MALFORMED, what + ": unreadable page", e);
        }
        if (n == null || !n.isObject()) {
            throw new ExchangeException(ExchangeException.Kind.MALFORMED, what + ": page is not a JSON object");
        }
        return n;
    }

    /** A checkpoint's JSON object; anything else is MALFORMED. */
    static JsonNode checkpoint(String text, String what) throws ExchangeException {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new ExchangeException(ExchangeException.Kind.MALFORMED, what + ": unreadable checkpoint");
    }

    static String write(ObjectNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A field's text, stripped; empty when missing or null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText().strip();
    }

    /** The canonical form of {@code value}, or null if it is not a valid value of {@code type} (then skipped). */
    static String value(SignalType type, String value) {
        try {
            return type.canonical(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Adds {@code label} if it is a storable label (1..500 characters, no control character). */
    static void label(Set<String> labels, String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL) {
            return;
        }
        for (int i = 0; i < label.length(); i++) {
            if (Character.isISOControl(label.charAt(i))) {
                return;
            }
        }
        labels.add(label);
    }
}
