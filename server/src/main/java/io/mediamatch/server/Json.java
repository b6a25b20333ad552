package io.mediamatch.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The service's JSON: responses as Flask writes them (keys sorted, compact, a trailing newline) and request bodies
 * parsed with HMA's errors (415 for a non-JSON content type, 400 for malformed JSON). Thread-safe.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Json() {}

    /** Writes {@code body} as the JSON response with {@code status}. */
    static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(body) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
    }

    /** Writes {@code body} as a 200 JSON response. */
    static void ok(Context ctx, Object body) {
        send(ctx, 200, body);
    }

    /** {@code {"message": text}}. */
    static Map<String, String> message(String text) {
        return Map.of("message", text);
    }

    /**
     * The body as JSON the way HMA's hand-parsed routes read it: 415 unless the content type is JSON, 400 for
     * malformed JSON.
     */
    static JsonNode body(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "Did not attempt to load JSON data because the request Content-Type was not"
                    + " 'application/json'.");
        }
        return parse(text(ctx));
    }

    /**
     * The request body as UTF-8 text, read up to {@link MatchServer#MAX_JSON_BYTES}: a longer one (declared or
     * streamed without a length) is refused with 413 before it fills memory.
     */
    static String text(Context ctx) {
        String cached = ctx.attribute("json-body");
        if (cached != null) {
            return cached;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > MatchServer.MAX_JSON_BYTES) {
            throw new ApiError(413, "The data value transmitted exceeds the capacity limit.");
        }
        try (java.io.InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes((int) MatchServer.MAX_JSON_BYTES + 1);
            if (b.length > MatchServer.MAX_JSON_BYTES) {
                throw new ApiError(413, "The data value transmitted exceeds the capacity limit.");
            }
            String text = new String(b, java.nio.charset.StandardCharsets.UTF_8);
            ctx.attribute("json-body", text);
            return text;
        } catch (java.io.IOException e) {
            throw new ApiError(400, "cannot read the request body: " + e.getMessage());
        }
    }

    /** The body as JSON, or null when it is absent or not JSON (HMA's {@code get_json(silent=True)}). */
    static JsonNode bodyOrNull(Context ctx) {
        try {
            String text = text(ctx);
            return text.isBlank() ? null : MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Parses a JSON text; 400 naming the parse error. */
    static JsonNode parse(String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new ApiError(400, "Failed to decode JSON object: empty body");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "Failed to decode JSON object: " + e.getOriginalMessage());
        }
    }

    /** A request-model error (HMA answers these with 422 and pydantic's error list). */
    static ApiError invalid(String field, String msg) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("type", "value_error");
        error.putArray("loc").add(field);
        error.put("msg", msg);
        return new ApiError(422, "[" + error + "]");
    }
}
