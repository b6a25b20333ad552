package io.mediamatch.store;

import java.util.Locale;
import java.util.Optional;

/**
 * The file formats mediamatch reads and writes. Every format reads and writes; what a format cannot carry
 * (e.g. hashlist has no labels) is dropped on export and said in its javadoc.
 */
public enum SignalFormat {
    /** One hex hash per line, optional {@code ,metadata} (kept as the external id); pdq unless told. */
    HASHLIST("hashlist", new HashListCodec()),
    /** python-threatexchange {@code dataset --csv}: {@code signal_type,signal_str,collab,category,tags}. */
    PYTX_CSV("pytx-csv", new PytxCsvCodec()),
    /** python-threatexchange local-file collab: {@code <signal_type> <signal>} per line. */
    PYTX_FILE("pytx-file", new PytxFileCodec()),
    /** ThreatExchange simple cache {@code simple.<TYPE>.te}: {@code indicator,first_descriptor_id,added_on,labels}. */
    TE_CACHE("te-cache", new TeCacheCodec()),
    /** Tech Against Terrorism hash-list rows (JSON array, API page with {@code results}, or JSON Lines). */
    TAT_JSON("tat-json", new TatJsonCodec()),
    /** StopNCII hash records (JSON array, API page with {@code hashRecords}, or JSON Lines). */
    STOPNCII_JSON("stopncii-json", new StopnciiJsonCodec()),
    /** mediamatch JSON Lines: every field of every bank and signal, tombstones included (lossless). */
    JSONL("jsonl", new JsonlCodec());

    private final String cliName;
    private final Codec codec;

    SignalFormat(String cliName, Codec codec) {
        this.cliName = cliName;
        this.codec = codec;
    }

    /** The name used on the command line ({@code hashlist}, {@code pytx-csv}, ...). */
    public String cliName() {
        return cliName;
    }

    Codec codec() {
        return codec;
    }

    /** Resolves a command-line name, any case. */
    public static Optional<SignalFormat> fromName(String name) {
        for (SignalFormat f : values()) {
            if (f.cliName.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return cliName.toLowerCase(Locale.ROOT);
    }
}
