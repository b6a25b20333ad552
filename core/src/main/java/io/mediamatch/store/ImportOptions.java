package io.mediamatch.store;

import java.util.Objects;
import java.util.Set;

/**
 * How to import files.
 *
 * @param bank   put every signal in this bank (created if missing); null: the bank the file names (pytx-csv
 *               {@code collab}, jsonl {@code bank}), else {@value #DEFAULT_BANK}
 * @param labels labels added to every imported signal
 * @param strict reject the whole import on the first file with a bad row (default: skip bad rows, report them)
 * @param type   the signal type of rows that do not say it (hashlist, pytx-file without type); null: pdq
 * @param source the source recorded on signals whose format does not name one; null: the format's name
 */
public record ImportOptions(String bank, Set<String> labels, boolean strict, SignalType type, String source) {
    /** The bank used when neither the options nor the file name one. */
    public static final String DEFAULT_BANK = "default";

    public ImportOptions {
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        labels.forEach(Signal::checkLabel);
        if (bank != null) {
            Bank.checkName(bank);
        }
    }

    /** Defaults: bank from the file, no extra labels, lenient, pdq. */
    public static ImportOptions defaults() {
        return new ImportOptions(null, Set.of(), false, null, null);
    }

    /** These options with a forced bank. */
    public ImportOptions withBank(String b) {
        return new ImportOptions(Objects.requireNonNull(b), labels, strict, type, source);
    }

    /** These options with strict mode on or off. */
    public ImportOptions withStrict(boolean s) {
        return new ImportOptions(bank, labels, s, type, source);
    }

    /** These options with a default type. */
    public ImportOptions withType(SignalType t) {
        return new ImportOptions(bank, labels, strict, t, source);
    }

    /** These options with extra labels. */
    public ImportOptions withLabels(Set<String> l) {
        return new ImportOptions(bank, l, strict, type, source);
    }

    SignalType typeOrPdq() {
        return type == null ? SignalType.PDQ : type;
    }
}
