package io.mediamatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Plain hash lists, as the upstream PDQ tools write them ({@link HashListReader}): one hex hash per line, optionally
 * followed by {@code ,metadata} (kept whole as the external id). The type comes from the import options (pdq by
 * default). Export writes {@code value[,external_id]}, live signals only.
 */
final class HashListCodec implements Codec {
    @Override
    public void read(InputStream in, ReadContext ctx) throws IOException {
        SignalType type = ctx.options.typeOrPdq();
        String source = ctx.source("hashlist");
        HashListReader lines = new HashListReader(in);
        for (HashListReader.Entry e = lines.next(); e != null; e = lines.next()) {
            if (e.error() != null) {
                ctx.bad(e.line(), e.error());
                continue;
            }
            String value = ctx.value(e.line(), type, e.hash());
            if (value != null) {
                ctx.signal(e.line(), ReadContext.draft(ctx.defaultBank(), type, value, Set.of(), source,
                        e.metadata(), null, null, SignalStatus.ACTIVE));
            }
        }
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
