package io.mediamatch.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}: machine-readable output through {@link JsonOut}; each command's help says its shape (help text
 * per command: {@code Options.properties}).
 */
final class JsonOption {
    @Option(names = "--json", description = "JSON Lines, every field.")
    boolean enabled;
}
