package io.mediamatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Plain hash lists, as the upstream PDQ tools write them: one hex hash per line, optionally followed by
 * {@code ,metadata} (kept as the external id). Blank lines and {@code #} comments are skipped. The type comes from
 * the import options (pdq by default). Export writes {@code value[,external_id]}, live signals only.
 */
final class HashListCodec implements Codec {
    @Override
    public void read(InputStream in, ReadContext ctx) throws IOException {
        SignalType type = ctx.options.typeOrPdq();
        String source = ctx.source("hashlist");
        LineReader.forEach(in, ctx, (n, t) -> {
            if (t.startsWith("#")) {
                return;
            }
            int comma = t.indexOf(',');
            String hash = comma < 0 ? t : t.substring(0, comma);
            String meta = comma < 0 ? "" : t.substring(comma + 1).strip();
            String value = ctx.value(n, type, hash);
            if (value != null) {
                ctx.signal(n, ReadContext.draft(ctx.defaultBank(), type, value, Set.of(), source, meta, null,
                        null, SignalStatus.ACTIVE));
            }
        });
    }

    @Override
    public void write(List<Bank> banks, Iterator<Signal> signals, ExportOptions options, Writer out)
            throws IOException {
        while (signals.hasNext()) {
            Signal s = signals.next();
            if (s.status() == SignalStatus.DELETED) {
                continue;
            }
            out.write(s.value());
            if (!s.externalId().isEmpty()) {
                out.write(',');
                out.write(s.externalId().replace('\n', ' '));
            }
            out.write('\n');
        }
    }
}
