package io.mediamatch.cli;

import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mediamatch db delete}: turns signals into tombstones. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete signals (they become tombstones: never matched, not revived by re-importing older"
                + " data). Give signal ids, or --type and values.",
            "Exit codes: 0 deleted; 1 nothing to delete; 2 error."})
final class DbDeleteCommand implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Spec
    CommandSpec spec;

    @Option(names = "--type", paramLabel = "TYPE", converter = Converters.Type.class,
            description = "The arguments are values of this type, not ids.")
    SignalType type;

    @Option(names = "--bank", paramLabel = "BANK", description = "With --type: only in this bank.")
    String bank;

    @Parameters(arity = "1..*", paramLabel = "ID|VALUE")
    java.util.List<String> targets;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int deleted = 0;
        try (SignalStore store = db.openForWriting()) {
            for (String target : targets) {
                if (type == null) {
                    long id;
                    try {
                        id = Long.parseLong(target);
                    } catch (NumberFormatException e) {
                        err.println("mediamatch db delete: '" + target + "' is not a signal id (values need"
                                + " --type)");
                        return 2;
                    }
                    deleted += store.delete(id) ? 1 : 0;
                } else {
                    try {
                        deleted += store.delete(bank, type, target);
                    } catch (IllegalArgumentException e) {
                        err.println("mediamatch db delete: " + e.getMessage());
                        return 2;
                    }
                }
            }
        }
        out.println("deleted " + deleted + " signal(s)");
        return deleted > 0 ? 0 : 1;
    }
}
