package io.mediamatch.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tech Against Terrorism hash-list rows: {@code hash_digest, algorithm (MD5/SHA256/SHA512/PDQ), ideology,
 * file_type, deleted, updated_on (epoch seconds), created_on (ISO time), id}. Ideology and file type become the
 * labels {@code ideology:<x>}, {@code file_type:<x>}; {@code id} the external id; {@code deleted: true} a
 * tombstone. SHA512 rows are skipped and counted as unsupported (mediamatch computes MD5 and SHA-256 only).
 * Export writes a JSON array of rows (tombstones as {@code deleted: true}), pdq/md5/sha256 only.
 */
final class TatJsonCodec implements Codec {
    @Override
    public void read(InputStream in, ReadContext ctx) throws IOException {
        String source = ctx.source("tat");
        JsonRecords.read(in, ctx, "results", (node, line) -> row(node, line, ctx, source));
    }

    private static void row(JsonNode node, long line, ReadContext ctx, String source) {
        String algorithm = text(node, "algorithm").toUpperCase(Locale.ROOT);
        SignalType type;
        switch (algorithm) {
            case "PDQ":
                type = SignalType.PDQ;
                break;
            case "MD5":
                type = SignalType.MD5;
                break;
            case "SHA256":
            case "SHA-256":
                type = SignalType.SHA256;
                break;
            case "":
                throw new IllegalArgumentException("missing field 'algorithm'");
            default:
                ctx.unsupported(line, "algorithm " + algorithm + " is not stored by mediamatch; skipped");
                return;
        }
        String value = ctx.value(line, type, text(node, "hash_digest"));
        if (value == null) {
            return;
        }
        Set<String> labels = new TreeSet<>();
        String ideology = text(node, "ideology");
        if (!ideology.isEmpty()) {
            labels.add("ideology:" + ideology);
        }
        String fileType = text(node, "file_type");
        if (!fileType.isEmpty()) {
            labels.add("file_type:" + fileType);
        }
        JsonNode del = node.get("deleted");
        boolean deleted = del != null && (del.isBoolean() ? del.asBoolean() : del.asText().equalsIgnoreCase("true"));
        Instant updated = time(node.get("updated_on"));
        Instant created = time(node.get("created_on"));
        if (updated == null) {
            updated = created;
        }
        ctx.signal(line, ReadContext.draft(ctx.defaultBank(), type, value, labels, source, text(node, "id"),
                created, updated, deleted ? SignalStatus.DELETED : SignalStatus.ACTIVE));
    }

    static Instant time(JsonNode v) {
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            return null;
        }
        return v.isNumber() ? ReadContext.epochSeconds(v.asDouble(), v.asText()) : ReadContext.parseTime(v.asText());
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText().strip();
    }

    @Override
    public void write(List<Bank> banks, Iterator<Signal> signals, ExportOptions options, Writer out)
            throws IOException {
        try (JsonGenerator g = JsonlCodec.MAPPER.getFactory().createGenerator(new JsonlCodec.NonClosing(out))) {
            g.writeStartArray();
            while (signals.hasNext()) {
                Signal s = signals.next();
                String algorithm = s.type() == SignalType.PDQ ? "PDQ" : s.type() == SignalType.MD5 ? "MD5"
                        : s.type() == SignalType.SHA256 ? "SHA256" : null;
                if (algorithm == null) {
                    continue;
                }
                String ideology = "";
                String fileType = "";
                for (String l : s.labels()) {
                    if (l.startsWith("ideology:")) {
                        ideology = l.substring(9);
                    } else if (l.startsWith("file_type:")) {
                        fileType = l.substring(10);
                    }
                }
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("hash_digest", s.value());
                g.writeStringField("algorithm", algorithm);
                g.writeStringField("ideology", ideology);
                g.writeStringField("file_type", fileType);
                g.writeBooleanField("deleted", s.status() == SignalStatus.DELETED);
                g.writeNumberField("updated_on", s.updated().toEpochMilli() / 1000.0);
                g.writeStringField("created_on", LocalDateTime.ofInstant(s.firstSeen(), ZoneOffset.UTC).toString());
                if (s.externalId().chars().allMatch(Character::isDigit) && !s.externalId().isEmpty()
                        && s.externalId().length() < 18) {
                    g.writeNumberField("id", Long.parseLong(s.externalId()));
                } else {
                    g.writeStringField("id", s.externalId());
                }
                g.writeEndObject();
            }
            g.writeRaw('\n');
            g.writeEndArray();
        }
        out.write('\n');
    }
}
