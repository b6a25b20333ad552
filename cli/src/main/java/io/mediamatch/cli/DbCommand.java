package io.mediamatch.cli;

import io.mediamatch.store.SignalStore;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mediamatch db}: manage a hash database (banks, imports, exports). */
@Command(name = "db",
        mixinStandardHelpOptions = true,
        description = {"Manage a hash database: banks of labelled signals in one SQLite file.",
            "Exit codes: 0 done; 1 done but rows were skipped (bad or unsupported) or nothing matched the request;"
                + " 2 error (nothing changed)."},
        subcommands = {
            DbInitCommand.class,
            DbImportCommand.class,
            DbAddCommand.class,
            DbExportCommand.class,
            DbListCommand.class,
            DbStatsCommand.class,
            DbDeleteCommand.class,
            DbBankCommand.class,
            DbPublishCommand.class,
        })
public final class DbCommand implements Runnable {
    @Mixin
    DbOption db;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Opens {@code --db} for writing; fails (exit 2) when it was not given. */
    SignalStore openForWriting() throws IOException {
        return db.openForWriting();
    }

    /** Opens {@code --db}, or the bundled sample database when it was not given. */
    SignalStore openForReading() throws IOException {
        return db.openForReading();
    }
}
