package io.mediamatch.cli;

import io.mediamatch.store.SignalStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mediamatch db init}: creates (or migrates) a database file. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create the database file (or migrate an older one). Exit 0, or 2 on error.")
final class DbInitCommand implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SignalStore s = db.openForWriting()) {
            out.println(s.path() + ": schema version " + SignalStore.SCHEMA_VERSION + ", "
                    + s.stats().total() + " signals in " + s.banks().size() + " banks");
        }
        return 0;
    }
}
