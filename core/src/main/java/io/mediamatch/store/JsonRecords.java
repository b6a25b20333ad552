package io.mediamatch.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams JSON records from the shapes exchanges deliver: a JSON array of records, an API page object holding
 * the array under {@code pageField} (one or several pages back to back), or JSON Lines (one record per line, where a
 * broken line is skipped and the rest still read). Memory stays bounded by one record.
 */
final class JsonRecords {
    private static final int SNIFF = 1 << 20;

    /**
     * Receives one record and the line it starts on. An {@link IllegalArgumentException} it throws marks that
     * record as a bad row (its message the cause) and reading goes on.
     */
    interface Handler {
        void record(JsonNode node, long line);
    }

    private JsonRecords() {}

    static void read(InputStream raw, ReadContext ctx, String pageField, Handler handler) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(SNIFF + 2);
        byte[] first = firstLine(in);
        in.reset();
        if (first != null && looksLikeJsonLines(first, pageField)) {
            readLines(in, ctx, handler);
        } else {
            readStream(in, ctx, pageField, handler);
        }
    }

    private static byte[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        int n = 0;
        while ((b = in.read()) >= 0 && n < SNIFF) {
            n++;
            if (b == '\n') {
                if (out.toString(java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                    out.reset();
                    continue;
                }
                return out.toByteArray();
            }
            out.write(b);
        }
        return n < SNIFF ? out.toByteArray() : null;
    }

    private static boolean looksLikeJsonLines(byte[] line, String pageField) {
        try {
            JsonNode node = JsonlCodec.MAPPER.readTree(line);
            return node != null && node.isObject() && !node.has(pageField);
        } catch (IOException e) {
            return false;
        }
    }

    /** JSON Lines only: one object per line; blank lines skipped, broken or overlong lines reported as bad rows. */
    static void readLines(InputStream in, ReadContext ctx, Handler handler) throws IOException {
        LineReader.forEach(in, ctx, (n, line) -> {
            JsonNode node;
            try {
                node = JsonlCodec.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                ctx.bad(n, "broken JSON: " + e.getOriginalMessage());
                return;
            }
            if (node == null || !node.isObject()) {
                ctx.bad(n, "expected a JSON object");
                return;
            }
            deliver(handler, node, n, ctx);
        });
    }

    private static void deliver(Handler handler, JsonNode node, long line, ReadContext ctx) {
        try {
            handler.record(node, line);
        } catch (IllegalArgumentException e) {
            ctx.bad(line, e.getMessage());
        }
    }

    private static void readStream(InputStream in, ReadContext ctx, String pageField, Handler handler)
            throws IOException {
        try (JsonParser p = JsonlCodec.MAPPER.getFactory().createParser(in)) {
            p.setCodec(JsonlCodec.MAPPER);
            try {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.START_ARRAY) {
                        readArray(p, ctx, handler);
                    } else if (t == JsonToken.START_OBJECT) {
                        readObject(p, ctx, pageField, handler);
                    } else {
                        ctx.bad(p.currentLocation().getLineNr(), "expected a JSON array or object, got " + t);
                        p.skipChildren();
                    }
                }
            } catch (JsonProcessingException e) {
                long line = e.getLocation() == null ? p.currentLocation().getLineNr() : e.getLocation().getLineNr();
                ctx.bad(line, "broken JSON, the rest of the file is unreadable: " + e.getOriginalMessage());
            }
        }
    }

    private static void readArray(JsonParser p, ReadContext ctx, Handler handler) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of file in an array");
            }
            long line = p.currentLocation().getLineNr();
            if (t != JsonToken.START_OBJECT) {
                ctx.bad(line, "expected a JSON object, got " + t);
                p.skipChildren();
                continue;
            }
            JsonNode node = p.readValueAsTree();
            deliver(handler, node, line, ctx);
        }
    }

    /** A page object (streams its {@code pageField} array) or, lacking one, a record of its own. */
    private static void readObject(JsonParser p, ReadContext ctx, String pageField, Handler handler)
            throws IOException {
        long line = p.currentLocation().getLineNr();
        ObjectNode rest = JsonlCodec.MAPPER.createObjectNode();
        boolean page = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals(pageField) && v == JsonToken.START_ARRAY) {
                page = true;
                readArray(p, ctx, handler);
            } else {
                rest.set(name, p.readValueAsTree());
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of file in an object");
        }
        if (!page) {
            deliver(handler, rest, line, ctx);
        }
    }
}
