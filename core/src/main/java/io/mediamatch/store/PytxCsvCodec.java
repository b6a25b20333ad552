package io.mediamatch.store;

import io.mediamatch.video.VpdqHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * python-threatexchange {@code threatexchange dataset -P --csv}: a header
 * {@code signal_type,signal_str,collab,category,tags}, tags space-separated. The collab becomes the bank (unless
 * the options force one); category {@code DISPUTED} becomes the disputed status, the others a
 * {@code category:<name>} label (POSITIVE_CLASS, the default, is not stored). Types: pytx names
 * ({@code pdq}, {@code video_md5}...). Export writes live signals (pytx has no tombstones); md5 and sha256 as
 * {@code video_md5}/{@code video_sha256} (pytx's only byte-hash types), vpdq as pytx's JSON list.
 */
final class PytxCsvCodec implements Codec {
    static final String[] HEADER = {"signal_type", "signal_str", "collab", "category", "tags"};
    static final String CATEGORY = "category:";

    @Override
    public void read(InputStream in, ReadContext ctx) throws IOException {
        int[][] col = {null}; // column of each HEADER field, from the header row or the documented order
        String source = ctx.source("pytx");
        CsvReader.forEach(in, ctx, (n, row) -> {
            if (col[0] == null) {
                col[0] = header(row);
                if (col[0] != null) {
                    return;
                }
                col[0] = new int[] {0, 1, 2, 3, 4}; // headerless: the documented column order
            }
            int[] c = col[0];
            String typeName = field(row, c[0]);
            SignalType type = SignalType.fromName(typeName).orElse(null);
            if (type == null) {
                if (typeName.isEmpty()) {
                    ctx.bad(n, "missing signal_type");
                } else {
                    ctx.unsupported(n, "signal type '" + typeName + "' is not stored by mediamatch; skipped");
                }
                return;
            }
            String value = ctx.value(n, type, field(row, c[1]));
            if (value == null) {
                return;
            }
            String collab = field(row, c[2]);
            String category = field(row, c[3]).toUpperCase(Locale.ROOT);
            Set<String> labels = new TreeSet<>();
            for (String tag : field(row, c[4]).split(" ")) {
                if (!tag.isBlank()) {
                    labels.add(tag);
                }
            }
            SignalStatus status = SignalStatus.ACTIVE;
            if (category.equals("DISPUTED")) {
                status = SignalStatus.DISPUTED;
            } else if (!category.isEmpty() && !category.equals("POSITIVE_CLASS")) {
                labels.add(CATEGORY + category.toLowerCase(Locale.ROOT));
            }
            String bank = collab.isBlank() ? ctx.defaultBank() : collab;
            ctx.signal(n, ReadContext.draft(bank, type, value, labels, source, "", null, null, status));
        });
    }

    private static int[] header(List<String> row) {
        List<String> names = row.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        if (!names.contains("signal_type") || !names.contains("signal_str")) {
            return null;
        }
        int[] col = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            col[i] = names.indexOf(HEADER[i]);
        }
        return col;
    }

    private static String field(List<String> row, int i) {
        return i >= 0 && i < row.size() ? row.get(i).strip() : "";
    }

    @Override
    public void write(List<Bank> banks, Iterator<Signal> signals, ExportOptions options, Writer out)
            throws IOException {
        CsvReader.writeRecord(out, HEADER);
        while (signals.hasNext()) {
            Signal s = signals.next();
            if (s.status() == SignalStatus.DELETED) {
                continue;
            }
            String category = "POSITIVE_CLASS";
            StringBuilder tags = new StringBuilder();
            for (String l : s.labels()) {
                if (l.startsWith(CATEGORY)) {
                    category = l.substring(CATEGORY.length()).toUpperCase(Locale.ROOT);
                } else if (l.indexOf(' ') < 0) {
                    tags.append(tags.length() == 0 ? "" : " ").append(l);
                }
            }
            if (s.status() == SignalStatus.DISPUTED) {
                category = "DISPUTED";
            }
            CsvReader.writeRecord(out, pytxName(s.type()), pytxValue(s), s.bank(), category, tags.toString());
        }
    }

    /**
     * The signal as python-threatexchange spells it: vPDQ as its JSON list of {@code "pdqHex,quality,timestamp"}
     * strings (it cannot read the reference text form; frame numbers are not carried), everything else as stored.
     */
    static String pytxValue(Signal s) {
        return s.type() == SignalType.VPDQ ? VpdqHash.parse(s.value()).toSignalJson() : s.value();
    }

    static String pytxName(SignalType t) {
        switch (t) {
            case MD5:
                return "video_md5";
            case SHA256:
                return "video_sha256";
            default:
                return t.wireName();
        }
    }
}
