package io.mediamatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * The one JSON writer of the CLI: every {@code --json} record is a map (insertion order is field order) or list
 * written by Jackson, compact for JSON Lines or indented; thread-safe. Numbers are Jackson's ({@code Double.toString}).
 */
final class JsonOut {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
    /** hash's escaping: control characters other than newline, return and tab as lower-case 4-digit hex escapes. */
    private static final ObjectWriter HASH = JsonMapper.builder().disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build().writer().with(new HashEscapes());

    private JsonOut() {}

    /** One JSON Lines record, without the line break (match, db list, bench). */
    static String line(Object value) {
        return write(COMPACT, value);
    }

    /** An indented document, without a final line break (db stats). */
    static String pretty(Object value) {
        return write(PRETTY, value);
    }

    /** One record of {@code hash --json}, with its line break; differs from {@link #line} only in rare escapes. */
    static String hashLine(Object value) {
        return write(HASH, value) + "\n";
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // maps of strings, numbers and lists always serialise
        }
    }

    /** Jackson's escapes, except backspace and form feed, which hash writes as hex escapes, not as two characters. */
    private static final class HashEscapes extends CharacterEscapes {
        private static final SerializableString BACKSPACE = new SerializedString("\\u0008");
        private static final SerializableString FORM_FEED = new SerializedString("\\u000c");
        private final int[] table = standardAsciiEscapesForJSON();

        HashEscapes() {
            table['\b'] = ESCAPE_CUSTOM;
            table['\f'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // asked for every non-ASCII character too: null writes it as it is
            return ch == '\b' ? BACKSPACE : ch == '\f' ? FORM_FEED : null;
        }
    }
}
