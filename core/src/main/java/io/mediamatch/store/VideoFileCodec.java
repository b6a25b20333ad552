package io.mediamatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A video hash file as the reference tools write it, imported as one signal: a vPDQ text file
 * ({@code vpdq-hash-video} output) as a {@code vpdq} signal, or a {@code .tmk} file ({@code tmk-hash-video}
 * output) as a {@code tmk_pdqf} signal. The value is checked by {@link SignalType#parse} (the one validation
 * path); the file name becomes the external id. Import only: export in {@code jsonl} or {@code pytx-csv}.
 */
final class VideoFileCodec implements Codec {
    /** Larger vPDQ text files are refused: about 7 hours of every-frame hashes at 30 fps. */
    static final int MAX_VPDQ_BYTES = 64 << 20;

    /** Larger .tmk files are refused (the reference parameters give 263,344 bytes). */
    static final int MAX_TMK_BYTES = 64 << 20;

    private final SignalType type;

    VideoFileCodec(SignalType type) {
        this.type = type;
    }

    @Override
    public void read(InputStream in, ReadContext ctx) throws IOException {
        int max = type == SignalType.TMK_PDQF ? MAX_TMK_BYTES : MAX_VPDQ_BYTES;
        byte[] data = in.readNBytes(max + 1);
        if (data.length > max) {
            ctx.bad(1, "file larger than " + max + " bytes: not a " + type + " hash file");
            return;
        }
        String text = type == SignalType.TMK_PDQF ? Base64.getEncoder().encodeToString(data)
                : new String(data, StandardCharsets.UTF_8);
        String value = ctx.value(1, type, text);
        if (value != null) {
            Path name = Path.of(ctx.file).getFileName();
            ctx.signal(1, ReadContext.draft(ctx.defaultBank(), type, value, Set.of(), ctx.source(type.wireName()),
                    name == null ? "" : name.toString(), null, null, SignalStatus.ACTIVE));
        }
    }

    @Override
    public void write(List<Bank> banks, Iterator<Signal> signals, ExportOptions options, Writer out)
            throws IOException {
        throw new IOException("the " + type + " file format is import only (one signal per file);"
                + " export with jsonl or pytx-csv");
    }
}
