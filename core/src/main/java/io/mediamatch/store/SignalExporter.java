package io.mediamatch.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams a store's signals to a codec page by page (by id, {@value #PAGE} at a time), so an export needs memory
 * for one page, not the store. Each page is its own read: an export running beside writes sees each signal once,
 * in the state of the page that read it. Not thread-safe (one per export).
 */
final class SignalExporter {
    private static final int PAGE = 10_000;

    private final SignalStore store;
    private final ExportOptions opts;
    private long count;

    SignalExporter(SignalStore store, ExportOptions opts) {
        this.store = store;
        this.opts = opts;
    }

    /** Writes the selected banks and signals in {@code format} and flushes; returns how many signals. */
    long export(SignalFormat format, Writer out) throws IOException {
        List<Bank> banks = new ArrayList<>(store.banks());
        if (opts.bank() != null) {
            banks.removeIf(b -> !b.name().equals(opts.bank()));
        }
        try {
            format.codec().write(banks, new Pages(), opts, out);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return count;
    }

    /** The selected signals, one page in memory at a time; store failures surface as UncheckedIOException. */
    private final class Pages implements Iterator<Signal> {
        private long after;
        private Iterator<Signal> page = List.<Signal>of().iterator();
        private boolean done;

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && !done) {
                try {
                    List<Signal> p = store.list(opts.bank(), opts.type(), null, after, PAGE);
                    if (p.isEmpty()) {
                        done = true;
                    } else {
                        after = p.get(p.size() - 1).id();
                        List<Signal> keep = new ArrayList<>(p.size());
                        for (Signal s : p) {
                            if (opts.includeDeleted() || s.status() != SignalStatus.DELETED) {
                                keep.add(s);
                            }
                        }
                        page = keep.iterator();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return page.hasNext();
        }

        @Override
        public Signal next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            count++;
            return page.next();
        }
    }
}
