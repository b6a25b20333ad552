package io.mediamatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one rule for drawing a progress bar: stderr is a terminal and --no-progress is absent, whatever stdout is. */
final class Progress {
    private Progress() {}

    /** True when a progress bar should be drawn on stderr; {@code noProgress} is the command's --no-progress flag. */
    static boolean shown(boolean noProgress) {
        return !noProgress && stderrIsTerminal();
    }

    /**
     * True when stderr is a terminal. Linux: where {@code /proc/self/fd/2} points (so {@code > out.csv} on stdout
     * keeps the bar); elsewhere {@link System#console()}, which also needs stdin and stdout to be terminals.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
