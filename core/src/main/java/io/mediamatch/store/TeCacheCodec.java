package io.mediamatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ThreatExchange's simple cache files {@code simple.<TYPE>.te} (python-threatexchange's CLI state): header-less CSV
 * {@code indicator,first_descriptor_id,added_on,labels}, labels space-separated. The type comes from the file name
 * ({@code HASH_PDQ}, {@code HASH_MD5}, ...; else the options' type). The descriptor id is kept as the external id,
 * {@code added_on} as first-seen time; the {@code mine} marker as the label {@code te:mine}.
 * Export writes live signals of one type (the options' type, else the type of the first signal).
 */
final class TeCacheCodec implements Codec {
    private static final Pattern NAME = Pattern.compile("simple\\.([^.]+)\\.te");
    private static final String MINE = "mine";
    private static final String MINE_LABEL = "te:mine";
    private static final DateTimeFormatter TE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);

    @Override
    public void read(InputStream in, ReadContext ctx) throws IOException {
        SignalType type = ctx.options.typeOrPdq();
        Path name = Path.of(ctx.file).getFileName();
        Matcher m = NAME.matcher(name == null ? "" : name.toString());
        if (ctx.options.type() == null && m.matches()) {
            String te = m.group(1);
            type = SignalType.fromName(te).orElse(null);
            if (type == null) {
                ctx.unsupported(1, "ThreatExchange type '" + te + "' is not stored by mediamatch; file skipped");
                return;
            }
        }
        String source = ctx.source("threatexchange");
        SignalType fileType = type;
        CsvReader.forEach(in, ctx, (n, row) -> {
            if (row.size() < 4) {
                ctx.bad(n, "expected 4 fields (indicator,first_descriptor_id,added_on,labels), got " + row.size());
                return;
            }
            String value = ctx.value(n, fileType, row.get(0));
            if (value == null) {
                return;
            }
            Set<String> labels = new TreeSet<>();
            for (String l : row.get(3).split(" ")) {
                if (!l.isBlank()) {
                    labels.add(l);
                }
            }
            String added = row.get(2).strip();
            Instant when = null;
            if (added.equals(MINE)) {
                labels.add(MINE_LABEL);
            } else if (!added.isEmpty()) {
                try {
                    when = ReadContext.parseTime(added);
                } catch (IllegalArgumentException e) {
                    ctx.bad(n, "added_on: " + e.getMessage());
                    return;
                }
            }
            ctx.signal(n, ReadContext.draft(ctx.defaultBank(), fileType, value, labels, source, row.get(1).strip(),
                    when, when, SignalStatus.ACTIVE));
        });
    }

    @Override
    public void write(List<Bank> banks, Iterator<Signal> signals, ExportOptions options, Writer out)
            throws IOException {
        SignalType type = options.type();
        while (signals.hasNext()) {
            Signal s = signals.next();
            if (type == null && s.status() != SignalStatus.DELETED) {
                type = s.type(); // a cache file holds one type: the first one seen unless told
            }
            if (s.status() == SignalStatus.DELETED || s.type() != type) {
                continue;
            }
            boolean mine = s.labels().contains(MINE_LABEL);
            StringBuilder labels = new StringBuilder();
            for (String l : s.labels()) {
                if (!l.equals(MINE_LABEL) && l.indexOf(' ') < 0) {
                    labels.append(labels.length() == 0 ? "" : " ").append(l);
                }
            }
            String added = mine ? MINE : TE_TIME.format(s.firstSeen());
            CsvReader.writeRecord(out, s.value(), s.externalId(), added, labels.toString());
        }
    }

    /** The file name a cache of that type has. */
    static String fileName(SignalType type) {
        switch (type) {
            case PDQ:
                return "simple.HASH_PDQ.te";
            case MD5:
                return "simple.HASH_MD5.te";
            case SHA256:
                return "simple.HASH_SHA256.te";
            default:
                return "simple." + type.wireName().toUpperCase(java.util.Locale.ROOT) + ".te";
        }
    }
}
