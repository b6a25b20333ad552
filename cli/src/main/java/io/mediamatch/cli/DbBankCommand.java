package io.mediamatch.cli;

import io.mediamatch.store.Bank;
import io.mediamatch.store.SignalStore;
import java.io.PrintWriter;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mediamatch db bank}: creates, lists, configures and drops banks. */
@Command(name = "bank", mixinStandardHelpOptions = true,
        description = {"Manage banks.", "Exit codes: 0 done; 1 no such bank; 2 error."})
final class DbBankCommand implements Runnable {
    @ParentCommand
    DbCommand db;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Settings shared by create and set. */
    static final class Settings {
        @Option(names = "--description", paramLabel = "TEXT", description = "Free text.")
        String description;

        @Option(names = "--distance", paramLabel = "D",
                description = "PDQ distance for this bank (0..256); -1: the matcher's default.")
        Integer distance;

        @Option(names = "--negative", negatable = true,
                description = "A negative bank (allow-list): its matches suppress the media's other matches.")
        Boolean negative;

        Bank apply(Bank b) {
            if (description != null) {
                b = b.withDescription(description);
            }
            if (distance != null) {
                b = b.withMatchDistance(distance < 0 ? OptionalInt.empty() : OptionalInt.of(distance));
            }
            if (negative != null) {
                b = b.withNegative(negative);
            }
            return b;
        }
    }

    private static final String NAME = "NAME";

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a bank.")
    int create(@Mixin Settings settings, @Parameters(paramLabel = NAME) String name) throws Exception {
        try (SignalStore s = db.openForWriting()) {
            if (s.bank(name).isPresent()) {
                err().println("mediamatch db bank create: bank '" + name + "' exists (use set)");
                return 2;
            }
            print(s.putBank(settings.apply(Bank.named(name))));
        }
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List banks and their settings.")
    int list() throws Exception {
        try (SignalStore s = db.openForReading()) {
            for (Bank b : s.banks()) {
                print(b);
            }
        }
        return 0;
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a bank (it matches).")
    int enable(@Parameters(paramLabel = NAME) String name) throws Exception {
        return update(name, b -> b.withEnabled(true));
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a bank (kept, never matched).")
    int disable(@Parameters(paramLabel = NAME) String name) throws Exception {
        return update(name, b -> b.withEnabled(false));
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a bank's settings.")
    int set(@Mixin Settings settings, @Parameters(paramLabel = NAME) String name) throws Exception {
        return update(name, settings::apply);
    }

    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = "Remove a bank and all its signals for good (no tombstones are kept).")
    int drop(@Parameters(paramLabel = NAME) String name) throws Exception {
        try (SignalStore s = db.openForWriting()) {
            if (!s.dropBank(name)) {
                err().println("mediamatch db bank drop: no bank '" + name + "'");
                return 1;
            }
        }
        out().println("dropped " + name);
        return 0;
    }

    private int update(String name, java.util.function.UnaryOperator<Bank> change) throws Exception {
        try (SignalStore s = db.openForWriting()) {
            Bank b = s.bank(name).orElse(null);
            if (b == null) {
                err().println("mediamatch db bank: no bank '" + name + "'");
                return 1;
            }
            print(s.putBank(change.apply(b)));
        }
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private void print(Bank b) {
        out().printf("%s\t%s\t%s\tdistance=%s\t%s%n", b.name(), b.enabled() ? "enabled" : "disabled",
                b.negative() ? "negative" : "positive",
                b.matchDistance().isPresent() ? String.valueOf(b.matchDistance().getAsInt()) : "default",
                b.description());
    }
}
