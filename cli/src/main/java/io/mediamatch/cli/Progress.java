package io.mediamatch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;

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

    /** A bar named {@code task} counting to {@code max}, drawn on the command's {@code err}, cleared when done. */
    static ProgressBarBuilder bar(String task, long max, PrintWriter err) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setConsumer(consumer(err))
                .clearDisplayOnFinish();
    }

    /** The progress bar library's console consumer, writing to the command's {@code err} instead of a stream. */
    static ConsoleProgressBarConsumer consumer(PrintWriter err) {
        return new ConsoleProgressBarConsumer(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                // the library prints whole strings, each arriving here in one piece
                err.write(new String(b, off, len, StandardCharsets.UTF_8));
                err.flush();
            }

            @Override
            public void flush() {
                err.flush();
            }
        }, true, StandardCharsets.UTF_8));
    }
}
