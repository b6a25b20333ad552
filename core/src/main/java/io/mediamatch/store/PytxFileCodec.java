package io.mediamatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * python-threatexchange's local-file collaboration: one {@code <signal_type> <signal>} per line; a line without a
 * space is a signal of the options' type (as pytx's {@code signal_type} collab setting). Export writes live
 * signals, pytx type names and values (vpdq as pytx's one-line JSON list).
 */
final class PytxFileCodec implements Codec {
    @Override
    public void read(InputStream in, ReadContext ctx) throws IOException {
        String source = ctx.source("pytx-file");
        LineReader.forEach(in, ctx, (n, t) -> {
            int sp = t.indexOf(' ');
            SignalType type;
            String signal;
            if (sp < 0 || ctx.options.type() != null) {
                type = ctx.options.typeOrPdq();
                signal = t;
            } else {
                String name = t.substring(0, sp);
                type = SignalType.fromName(name).orElse(null);
                signal = t.substring(sp + 1).strip();
                if (type == null) {
                    ctx.unsupported(n, "signal type '" + name + "' is not stored by mediamatch; skipped");
                    return;
                }
            }
            String value = ctx.value(n, type, signal);
            if (value != null) {
                ctx.signal(n, ReadContext.draft(ctx.defaultBank(), type, value, Set.of(), source, "", null, null,
                        SignalStatus.ACTIVE));
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
            out.write(PytxCsvCodec.pytxName(s.type()));
            out.write(' ');
            out.write(PytxCsvCodec.pytxValue(s)); // one line: vpdq goes as pytx's JSON list
            out.write('\n');
        }
    }
}
