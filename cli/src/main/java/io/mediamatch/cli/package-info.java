/**
 * The {@code mediamatch} command line: one picocli command class per subcommand ({@code hash}, {@code db},
 * {@code match}, {@code eval}, {@code bench}, {@code tmk}), each a {@code Callable<Integer>} returning its exit code.
 * The entry point is {@link io.mediamatch.cli.Main}; the hashing and matching work itself lives in core.
 */
package io.mediamatch.cli;
