package io.mediamatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;

/** Reads and writes one file format. Implementations are stateless and thread-safe. */
interface Codec {
    /** Streams the rows of {@code in} into {@code ctx}; per-row problems go to {@code ctx.bad}, not exceptions. */
    void read(InputStream in, ReadContext ctx) throws IOException;

    /** Writes the signals (and the banks, if the format carries them) to {@code out}. */
    void write(List<Bank> banks, Iterator<Signal> signals, ExportOptions options, Writer out) throws IOException;
}
