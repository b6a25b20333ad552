package io.mediamatch.store;

import java.time.Instant;
import java.util.Set;

/** What a codec reports rows to while reading one file. Not thread-safe. */
abstract class ReadContext {
    final String file;
    final ImportOptions options;

    ReadContext(String file, ImportOptions options) {
        this.file = file;
        this.options = options;
    }

    /** The bank for rows that name none. */
    String defaultBank() {
        return options.bank() != null ? options.bank() : ImportOptions.DEFAULT_BANK;
    }

    /** The source for rows whose format names none. */
    String source(String formatName) {
        return options.source() != null ? options.source() : formatName;
    }

    /**
     * A parsed row. {@code s.firstSeen()/updated()} may be null when the format has no times (the store then
     * uses the import time and treats the row as undated: it never revives a tombstone).
     */
    abstract void signal(long line, Signal s);

    /** A bank definition (jsonl); ignored when the options force a bank. */
    abstract void bank(long line, Bank b);

    /** A row that could not be parsed. */
    abstract void bad(long line, String message);

    /** A well-formed row of a kind we do not store. */
    abstract void unsupported(long line, String message);

    /** Parses a value of {@code type}, reporting a bad row and returning null when it is wrong. */
    String value(long line, SignalType type, String text) {
        try {
            return type.canonical(text);
        } catch (IllegalArgumentException e) {
            bad(line, e.getMessage());
            return null;
        }
    }

    /**
     * Parses a time as the exchanges write it: ISO-8601 with {@code Z}, {@code +00:00} or {@code +0000}, or
     * without a zone (read as UTC), a date alone, or epoch seconds (fraction allowed).
     * @throws IllegalArgumentException if none fits
     */
    static Instant parseTime(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty time");
        }
        if (t.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.')) {
            return epochSeconds(Double.parseDouble(t), t);
        }
        try {
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            // try the other spellings
        }
        try {
            return java.time.OffsetDateTime.parse(t, OFFSET_NO_COLON).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            // try the other spellings
        }
        try {
            return java.time.LocalDateTime.parse(t).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            // try the other spellings
        }
        try {
            return java.time.LocalDate.parse(t).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a time: '" + t + "'");
        }
    }

    static Instant epochSeconds(double seconds, String text) {
        if (!(seconds >= 0 && seconds < 1e11)) {
            throw new IllegalArgumentException("time out of range: " + text);
        }
        long s = (long) seconds;
        return Instant.ofEpochSecond(s, Math.round((seconds - s) * 1000) * 1_000_000L);
    }

    private static final java.time.format.DateTimeFormatter OFFSET_NO_COLON =
            new java.time.format.DateTimeFormatterBuilder()
                    .append(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .appendOffset("+HHMM", "Z")
                    .toFormatter(java.util.Locale.ROOT);

    static Signal draft(String bank, SignalType type, String value, Set<String> labels, String source,
                        String externalId, Instant first, Instant updated, SignalStatus status) {
        return new Signal(0, bank, type, value, labels, source, externalId, first, updated, status);
    }
}
