package io.mediamatch.cli;

import io.mediamatch.store.SignalStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code --db FILE}, the hash database of {@code db} (inherited by its subcommands) and {@code match}; absent, the
 * read-only commands use the bundled sample database. Help text per command: {@code Options.properties}.
 */
final class DbOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--db", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The database file (commands that write create it; commands that read refuse a missing"
                    + " one). Read-only commands default to the bundled sample database.")
    Path file;

    /**
     * The file given, or the bundled sample database (materialised on first use). A missing file is refused, not
     * created empty: a mistyped path must not read as a database with nothing in it.
     */
    Path orSample() throws IOException {
        if (file == null) {
            return SampleDatabase.path();
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "no such database (db init, db import or db add makes one)");
        }
        return file;
    }

    /** How messages name the database: the file given, or "the bundled sample database". */
    String label() {
        return file != null ? file.toString() : "the bundled sample database";
    }

    /** Opens {@code --db} for writing; bad usage (exit 2) when it was not given. */
    SignalStore openForWriting() throws IOException {
        if (file == null) {
            throw new ParameterException(mixee.commandLine(), "--db FILE is required for commands that change a"
                    + " database");
        }
        return SignalStore.open(file);
    }

    /** Opens {@code --db}, or the bundled sample database when it was not given. */
    SignalStore openForReading() throws IOException {
        return SignalStore.open(orSample());
    }
}
