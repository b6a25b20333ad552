package io.mediamatch.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * StopNCII hash records: {@code signalType (ImagePDQ, VideoMD5, ...), hashValue, hashStatus (Received, Active,
 * Withdrawn, Deleted), lastModtimestamp (epoch seconds), caseNumbers {case: status}}. Withdrawn and Deleted become
 * tombstones; each case becomes a label {@code case:<number>=<status>}. VideoTMK, Text and URL records are
 * skipped and counted as unsupported. Export writes a JSON array of records (pdq and md5 only).
 */
final class StopnciiJsonCodec implements Codec {
    private static final String CASE = "case:";

    @Override
    public void read(InputStream in, ReadContext ctx) throws IOException {
        String source = ctx.source("stopncii");
        JsonRecords.read(in, ctx, "hashRecords", (node, line) -> row(node, line, ctx, source));
    }

    private static void row(JsonNode node, long line, ReadContext ctx, String source) {
        String st = TatJsonCodec.text(node, "signalType");
        SignalType type;
        switch (st) {
            case "ImagePDQ":
                type = SignalType.PDQ;
                break;
            case "VideoMD5":
                type = SignalType.MD5;
                break;
            case "":
                throw new IllegalArgumentException("missing field 'signalType'");
            default:
                ctx.unsupported(line, "StopNCII signal type " + st + " is not stored by mediamatch; skipped");
                return;
        }
        String value = ctx.value(line, type, TatJsonCodec.text(node, "hashValue"));
        if (value == null) {
            return;
        }
        String hs = TatJsonCodec.text(node, "hashStatus");
        SignalStatus status;
        switch (hs) {
            case "Withdrawn":
            case "Deleted":
                status = SignalStatus.DELETED;
                break;
            case "":
            case "Active":
            case "Received":
            case "Unknown":
                status = SignalStatus.ACTIVE;
                break;
            default:
                throw new IllegalArgumentException("unknown hashStatus '" + hs + "'");
        }
        Set<String> labels = new TreeSet<>();
        JsonNode cases = node.get("caseNumbers");
        if (cases != null && cases.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = cases.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.add(CASE + e.getKey() + "=" + e.getValue().asText());
            }
        }
        Instant updated = TatJsonCodec.time(node.get("lastModtimestamp"));
        ctx.signal(line, ReadContext.draft(ctx.defaultBank(), type, value, labels, source, "", null, updated,
                status));
    }

    @Override
    public void write(List<Bank> banks, Iterator<Signal> signals, ExportOptions options, Writer out)
            throws IOException {
        try (JsonGenerator g = JsonlCodec.MAPPER.getFactory().createGenerator(new JsonlCodec.NonClosing(out))) {
            g.writeStartArray();
            while (signals.hasNext()) {
                Signal s = signals.next();
                String type = s.type() == SignalType.PDQ ? "ImagePDQ" : s.type() == SignalType.MD5 ? "VideoMD5"
                        : null;
                if (type == null) {
                    continue;
                }
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeNumberField("lastModtimestamp", s.updated().getEpochSecond());
                g.writeStringField("signalType", type);
                g.writeStringField("hashValue", s.value());
                g.writeStringField("hashStatus", s.status() == SignalStatus.DELETED ? "Deleted" : "Active");
                g.writeObjectFieldStart("caseNumbers");
                for (String l : s.labels()) {
                    int eq = l.indexOf('=');
                    if (l.startsWith(CASE) && eq > 0) {
                        g.writeStringField(l.substring(CASE.length(), eq), l.substring(eq + 1));
                    }
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeRaw('\n');
            g.writeEndArray();
        }
        out.write('\n');
    }
}
