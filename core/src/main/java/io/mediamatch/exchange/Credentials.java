package io.mediamatch.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds an exchange's credential the way python-threatexchange does, so an existing setup works: an explicit file
 * first, then the environment variable, then the dot-file in the home directory (e.g. {@code TX_STOPNCII_KEYS},
 * {@code ~/.tx_stopncii_keys}). The value is returned trimmed and is never logged.
 */
public final class Credentials {
    private Credentials() {}

    /**
     * The credential, or empty when none of the three places has one.
     * @throws IOException if the explicit file cannot be read
     */
    public static Optional<String> find(Path explicitFile, String envVar, String dotFile) throws IOException {
        if (explicitFile != null) {
            return nonBlank(Files.readString(explicitFile, StandardCharsets.UTF_8));
        }
        Optional<String> env = nonBlank(System.getenv(envVar));
        if (env.isPresent()) {
            return env;
        }
        Path home = Path.of(System.getProperty("user.home"), dotFile);
        if (Files.isRegularFile(home)) {
            return nonBlank(Files.readString(home, StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    /**
     * The credential, found as {@link #find} does.
     * @throws ExchangeException CREDENTIALS when none is found, saying where to put one and in what {@code form}
     * @throws IOException if the explicit file cannot be read
     */
    static String require(Path explicitFile, String envVar, String dotFile, String exchange, String what,
                          String form) throws IOException {
        return find(explicitFile, envVar, dotFile).orElseThrow(() -> new ExchangeException(
                ExchangeException.Kind.CREDENTIALS, exchange + ": no " + what + ": set " + envVar + " or write "
                + form + " to ~/" + dotFile));
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
