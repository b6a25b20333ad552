package io.mediamatch.cli;

import picocli.CommandLine.Option;

/** {@code --all-files}: a directory walk tries every regular file by its content instead of by its name. */
final class AllFilesOption {
    @Option(names = "--all-files", description = "Directories: try every file by its content, whatever its name"
            + " (default: keep files with a media extension and name each skipped file on stderr).")
    boolean enabled;

    /** What a walk keeps: {@code usual}, or every file with --all-files. */
    MediaFiles.Keep keep(MediaFiles.Keep usual) {
        return enabled ? MediaFiles.Keep.ALL : usual;
    }
}
