package io.mediamatch.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * mediamatch JSON Lines: {@code {"record":"bank",...}} lines first, then one {@code {"record":"signal",...}} per
 * signal with every field (ids are informative: a store assigns its own on import).
 */
final class JsonlCodec implements Codec {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public void read(InputStream in, ReadContext ctx) throws IOException {
        JsonRecords.readLines(in, ctx, (node, n) -> {
            String record = text(node, "record", "signal");
            if (record.equals("bank")) {
                JsonNode d = node.get("match_distance");
                OptionalInt dist = d == null || d.isNull() ? OptionalInt.empty() : OptionalInt.of(d.asInt());
                ctx.bank(n, new Bank(0, required(node, "name"), text(node, "description", ""),
                        bool(node, "enabled", true), dist, bool(node, "negative", false)));
            } else if (record.equals("signal")) {
                readSignal(node, n, ctx);
            } else {
                ctx.bad(n, "unknown record kind '" + record + "'");
            }
        });
    }

    private static void readSignal(JsonNode node, long n, ReadContext ctx) {
        String typeName = required(node, "type");
        SignalType type = SignalType.fromName(typeName)
                .orElseThrow(() -> new IllegalArgumentException("unknown signal type '" + typeName + "'"));
        String value = ctx.value(n, type, required(node, "value"));
        if (value == null) {
            return;
        }
        String st = text(node, "status", "active");
        SignalStatus status = SignalStatus.fromName(st)
                .orElseThrow(() -> new IllegalArgumentException("unknown status '" + st + "'"));
        TreeSet<String> labels = new TreeSet<>();
        JsonNode l = node.get("labels");
        if (l != null && !l.isNull()) {
            if (!l.isArray()) {
                throw new IllegalArgumentException("labels must be an array of strings");
            }
            for (JsonNode x : l) {
                labels.add(x.asText());
            }
        }
        Instant first = time(node, "first_seen");
        Instant updated = time(node, "updated");
        ctx.signal(n, ReadContext.draft(text(node, "bank", ctx.defaultBank()), type, value, labels,
                text(node, "source", ""), text(node, "external_id", ""), first, updated, status));
    }

    private static Instant time(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isNumber() ? ReadContext.epochSeconds(v.asDouble(), v.asText()) : ReadContext.parseTime(v.asText());
    }

    private static String required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v.asText();
    }

    private static String text(JsonNode node, String field, String dflt) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    private static boolean bool(JsonNode node, String field, boolean dflt) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? dflt : v.asBoolean();
    }

    @Override
    public void write(List<Bank> banks, Iterator<Signal> signals, ExportOptions options, Writer out)
            throws IOException {
        JsonFactory f = MAPPER.getFactory();
        for (Bank b : banks) {
            try (JsonGenerator g = f.createGenerator(new NonClosing(out))) {
                g.writeStartObject();
                g.writeStringField("record", "bank");
                g.writeStringField("name", b.name());
                g.writeStringField("description", b.description());
                g.writeBooleanField("enabled", b.enabled());
                if (b.matchDistance().isPresent()) {
                    g.writeNumberField("match_distance", b.matchDistance().getAsInt());
                } else {
                    g.writeNullField("match_distance");
                }
                g.writeBooleanField("negative", b.negative());
                g.writeEndObject();
            }
            out.write('\n');
        }
        while (signals.hasNext()) {
            Signal s = signals.next();
            try (JsonGenerator g = f.createGenerator(new NonClosing(out))) {
                g.writeStartObject();
                g.writeStringField("record", "signal");
                g.writeNumberField("id", s.id());
                g.writeStringField("bank", s.bank());
                g.writeStringField("type", s.type().wireName());
                g.writeStringField("value", s.value());
                g.writeArrayFieldStart("labels");
                for (String l : s.labels()) {
                    g.writeString(l);
                }
                g.writeEndArray();
                g.writeStringField("source", s.source());
                g.writeStringField("external_id", s.externalId());
                g.writeStringField("first_seen", String.valueOf(s.firstSeen()));
                g.writeStringField("updated", String.valueOf(s.updated()));
                g.writeStringField("status", s.status().wireName());
                g.writeEndObject();
            }
            out.write('\n');
        }
    }

    /** Lets a generator close without closing the shared writer. */
    static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
