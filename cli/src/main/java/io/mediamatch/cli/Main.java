package io.mediamatch.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code mediamatch} command: one subcommand per job. Exit codes are documented per subcommand. */
@Command(name = "mediamatch",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        resourceBundle = "io.mediamatch.cli.Options",
        description = "Perceptual hashing (PDQ, vPDQ, TMK+PDQF) and matching against hash databases.")
public final class Main implements Runnable {
    /** The subcommands in the order help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            CommandLine.HelpCommand.class,
            HashCommand.class,
            DbCommand.class,
            MatchCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            TmkCommand.class,
            ServeCommand.class,
            ExchangeCommand.class,
            StreamCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine(args.length == 0 ? null : args[0]);
        // stdout is UTF-8 whatever the locale, as db export always wrote it
        cl.setOut(new PrintWriter(new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), 1 << 16), true));
        System.exit(cl.execute(args));
    }

    /** The configured command line with every subcommand; tests call {@code execute} on it without exiting the JVM. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with only subcommand {@code first} when that names one, else with all of them.
     * picocli builds each subcommand's model by reflection; building only the one a run uses halves start-up.
     */
    static CommandLine commandLine(String first) {
        // picocli already exits 2 (USAGE) on bad options; subcommands return 0/1 themselves.
        CommandLine cl = new CommandLine(new Main());
        Class<?> only = SUBCOMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first))
                .findFirst().orElse(null);
        for (Class<?> c : only == null ? SUBCOMMANDS : List.of(only)) {
            cl.addSubcommand(c);
        }
        // A failure inside a subcommand (unreadable database, I/O error) is exit code 2 with a one-line message.
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            cmd.getErr().println("mediamatch " + cmd.getCommandName() + ": " + msg);
            return 2;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mediamatch " + (v == null ? "dev" : v)};
        }
    }
}
