package io.mediamatch.exchange;

import java.util.List;
import java.util.Objects;

/**
 * One setting an exchange API reads from its {@link ExchangeConfig}, as its schema describes it (HMA's
 * {@code config_schema} field): name, type ({@code string}, {@code number}, {@code boolean} or {@code enum}),
 * whether it is required, its default (null: none), a one-line help, and the choices of an enum.
 */
public record ExchangeSetting(String name, String type, boolean required, String defaultValue, String help,
                              List<String> choices) {
    public ExchangeSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        choices = List.copyOf(choices);
    }

    static ExchangeSetting string(String name, boolean required, String defaultValue, String help) {
        return new ExchangeSetting(name, "string", required, defaultValue, help, List.of());
    }

    static ExchangeSetting number(String name, String defaultValue, String help) {
        return new ExchangeSetting(name, "number", false, defaultValue, help, List.of());
    }

    static ExchangeSetting choice(String name, String defaultValue, List<String> choices, String help) {
        return new ExchangeSetting(name, "enum", false, defaultValue, help, choices);
    }
}
