package io.mediamatch.cli;

import io.mediamatch.store.Bank;
import io.mediamatch.store.SignalStore;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mediamatch db bank}: creates, lists, configures and drops banks. */
@Command(name = "bank", mixinStandardHelpOptions = true,
        description = {"Manage banks.", "Exit codes: 0 done; 1 no such bank; 2 error."},
        subcommands = {
            DbBankCommand.Create.class,
            DbBankCommand.ListBanks.class,
            DbBankCommand.Enable.class,
            DbBankCommand.Disable.class,
            DbBankCommand.Set.class,
            DbBankCommand.Drop.class,
        })
final class DbBankCommand implements Runnable {
    @ParentCommand
    DbCommand db;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
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

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a bank.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        DbBankCommand parent;

        @picocli.CommandLine.Mixin
        Settings settings = new Settings();

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try (SignalStore s = parent.db.openForWriting()) {
                if (s.bank(name).isPresent()) {
                    System.err.println("mediamatch db bank create: bank '" + name + "' exists (use set)");
                    return 2;
                }
                print(s.putBank(settings.apply(Bank.named(name))));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List banks and their settings.")
    static final class ListBanks implements Callable<Integer> {
        @ParentCommand
        DbBankCommand parent;

        @Override
        public Integer call() throws Exception {
            try (SignalStore s = parent.db.openForReading()) {
                for (Bank b : s.banks()) {
                    print(b);
                }
            }
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a bank (it matches).")
    static final class Enable implements Callable<Integer> {
        @ParentCommand
        DbBankCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            return parent.update(name, b -> b.withEnabled(true));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a bank (kept, never matched).")
    static final class Disable implements Callable<Integer> {
        @ParentCommand
        DbBankCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            return parent.update(name, b -> b.withEnabled(false));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a bank's settings.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        DbBankCommand parent;

        @picocli.CommandLine.Mixin
        Settings settings = new Settings();

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            return parent.update(name, settings::apply);
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = "Remove a bank and all its signals for good (no tombstones are kept).")
    static final class Drop implements Callable<Integer> {
        @ParentCommand
        DbBankCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try (SignalStore s = parent.db.openForWriting()) {
                if (!s.dropBank(name)) {
                    System.err.println("mediamatch db bank drop: no bank '" + name + "'");
                    return 1;
                }
            }
            System.out.println("dropped " + name);
            return 0;
        }
    }

    int update(String name, java.util.function.UnaryOperator<Bank> change) throws Exception {
        try (SignalStore s = db.openForWriting()) {
            Bank b = s.bank(name).orElse(null);
            if (b == null) {
                System.err.println("mediamatch db bank: no bank '" + name + "'");
                return 1;
            }
            print(s.putBank(change.apply(b)));
        }
        return 0;
    }

    static void print(Bank b) {
        System.out.printf("%s\t%s\t%s\tdistance=%s\t%s%n", b.name(), b.enabled() ? "enabled" : "disabled",
                b.negative() ? "negative" : "positive",
                b.matchDistance().isPresent() ? String.valueOf(b.matchDistance().getAsInt()) : "default",
                b.description());
    }
}
