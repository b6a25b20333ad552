package io.mediamatch.cli;

import io.mediamatch.store.SignalStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mediamatch db init}: creates (or migrates) a database file. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create the database file (or migrate an older one). Exit 0, or 2 on error.")
final class DbInitCommand implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Override
    public Integer call() throws Exception {
        try (SignalStore s = db.openForWriting()) {
            System.out.println(s.path() + ": schema version " + SignalStore.SCHEMA_VERSION + ", "
                    + s.stats().total() + " signals in " + s.banks().size() + " banks");
        }
        return 0;
    }
}
