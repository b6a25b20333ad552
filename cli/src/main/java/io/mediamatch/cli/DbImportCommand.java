package io.mediamatch.cli;

import io.mediamatch.store.ImportException;
import io.mediamatch.store.ImportOptions;
import io.mediamatch.store.ImportProgress;
import io.mediamatch.store.ImportResult;
import io.mediamatch.store.RowError;
import io.mediamatch.store.SignalFormat;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mediamatch db import}: imports exchange files in one transaction. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import signal files, all of them in one transaction (all or nothing).",
            "Re-importing a file changes nothing; deleted signals stay deleted unless a newer dated record arrives.",
            "Bad rows are skipped and reported with file:line (--strict: rejected, nothing imported).",
            "Exit codes: 0 imported; 1 imported, but rows were skipped; 2 nothing imported (error, --strict)."})
final class DbImportCommand implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = Converters.Format.class,
            description = "hashlist | pytx-csv | pytx-file | te-cache | tat-json | stopncii-json | jsonl | vpdq"
                    + " (a vPDQ text file, one vpdq signal per file) | tmk (a .tmk file, one tmk_pdqf signal per"
                    + " file). vpdq and tmk files are checked whole; their file name becomes the external id.")
    SignalFormat format;

    @Option(names = "--bank", paramLabel = "BANK",
            description = "Put every signal in this bank (created if missing). Default: the bank the file names"
                    + " (pytx-csv collab, jsonl bank), else 'default'.")
    String bank;

    @Option(names = "--label", paramLabel = "LABEL", description = "Add this label to every signal (repeatable).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--strict", description = "Reject the whole import if any row is bad.")
    boolean strict;

    @Option(names = "--type", paramLabel = "TYPE", converter = Converters.Type.class,
            description = "Signal type of rows that do not say it (hashlist, pytx-file, te-cache): pdq (default),"
                    + " md5, sha256, vpdq, tmk_pdqf.")
    SignalType type;

    @Option(names = "--source", paramLabel = "NAME", description = "Source name recorded on the signals"
            + " (default: the format's exchange, e.g. tat, stopncii).")
    String source;

    @Mixin
    ProgressOption progress;

    @Option(names = "--max-errors", paramLabel = "N", defaultValue = "20",
            description = "Print at most N bad rows (default ${DEFAULT-VALUE}); all are counted.")
    int maxErrors;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to import.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : files) {
            if (!Files.isRegularFile(p)) {
                err.println("mediamatch db import: " + p + ": no such file; nothing imported");
                return 2;
            }
        }
        ImportOptions opts = new ImportOptions(bank, new LinkedHashSet<>(labels), strict, type, source);
        long total = 0;
        for (Path p : files) {
            total += Files.size(p);
        }
        try (SignalStore store = db.openForWriting(); ProgressBar bar = progressBar(total, err)) {
            ImportProgress listener = ImportProgress.NONE;
            if (bar != null) {
                long[] done = new long[1];
                Path[] current = new Path[1];
                long[] base = new long[1];
                listener = (file, read, size) -> {
                    if (!file.equals(current[0])) {
                        base[0] = done[0];
                        current[0] = file;
                    }
                    done[0] = base[0] + read;
                    bar.stepTo(done[0] >> 10);
                };
            }
            ImportResult r;
            try {
                r = store.importFiles(files, format, opts, listener);
            } catch (ImportException e) {
                if (bar != null) {
                    bar.close();
                }
                err.println("mediamatch db import: " + e.getMessage());
                printErrors(err, e.errors());
                return 2;
            }
            if (bar != null) {
                bar.close();
            }
            printErrors(err, r.errors());
            out.printf("%s: read %d, added %d, changed %d, unchanged %d, bad %d, unsupported %d%n",
                    store.path(), r.read(), r.added(), r.changed(), r.unchanged(), r.badRows(), r.unsupported());
            return r.badRows() + r.unsupported() > 0 ? 1 : 0;
        }
    }

    private void printErrors(PrintWriter err, List<RowError> errors) {
        int n = 0;
        for (RowError e : errors) {
            if (n++ >= maxErrors) {
                err.println("... " + (errors.size() - maxErrors) + " more listed rows not printed"
                        + " (--max-errors)");
                break;
            }
            err.println(e);
        }
    }

    private ProgressBar progressBar(long totalBytes, PrintWriter err) {
        if (!progress.shown() || totalBytes < (8 << 20)) {
            return null;
        }
        return Progress.bar("import", totalBytes >> 10, err).setUnit(" MiB", 1024).build();
    }
}
