package io.mediamatch.cli;

import io.mediamatch.index.HammingIndex;
import io.mediamatch.match.VideoMatchOptions;
import io.mediamatch.store.SignalFormat;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The picocli converters for the names options take; a bad name is bad usage (exit 2), reported by picocli as
 * "Invalid value for option '--x': " and the converter's message, which names the value given.
 */
final class Converters {
    private Converters() {}

    /** {@code --format}: a {@link SignalFormat} name. */
    static final class Format implements ITypeConverter<SignalFormat> {
        @Override
        public SignalFormat convert(String name) {
            return SignalFormat.fromName(name)
                    .orElseThrow(() -> new TypeConversionException("unknown format '" + name + "'"));
        }
    }

    /** {@code --type}: a {@link SignalType} name, as {@link SignalType#fromName} accepts it. */
    static final class Type implements ITypeConverter<SignalType> {
        @Override
        public SignalType convert(String name) {
            return SignalType.fromName(name)
                    .orElseThrow(() -> new TypeConversionException("unknown signal type '" + name + "'"));
        }
    }

    /** {@code --status}: active, disputed or deleted. */
    static final class Status implements ITypeConverter<SignalStatus> {
        @Override
        public SignalStatus convert(String name) {
            return SignalStatus.fromName(name)
                    .orElseThrow(() -> new TypeConversionException("unknown status '" + name + "'"));
        }
    }

    /** {@code match --tmk}: auto, always or never, any case. */
    static final class Tmk implements ITypeConverter<VideoMatchOptions.Tmk> {
        @Override
        public VideoMatchOptions.Tmk convert(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "auto" -> VideoMatchOptions.Tmk.AUTO;
                case "always" -> VideoMatchOptions.Tmk.ALWAYS;
                case "never" -> VideoMatchOptions.Tmk.NEVER;
                default -> throw new TypeConversionException("must be auto, always or never, not '" + name + "'");
            };
        }
    }

    /** {@code bench index --engine}: auto, scan or mih, any case. */
    static final class Engine implements ITypeConverter<HammingIndex.Engine> {
        @Override
        public HammingIndex.Engine convert(String name) {
            try {
                return HammingIndex.Engine.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be auto, scan or mih, got '" + name + "'");
            }
        }
    }
}
