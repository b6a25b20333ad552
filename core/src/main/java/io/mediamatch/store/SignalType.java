package io.mediamatch.store;

import io.mediamatch.tmk.TmkFormatException;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.video.VpdqHash;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of signal a bank can hold, with their canonical text form (what every format reads and writes) and
 * their compact stored form (bytes). Names follow python-threatexchange where it has one ({@code pdq});
 * {@link #fromName} also accepts the exchange spellings ({@code video_md5}, {@code HASH_PDQ}, ...).
 */
public enum SignalType {
    /** PDQ image hash: 64 lowercase hex digits, stored as 32 bytes. */
    PDQ("pdq", 1),
    /**
     * vPDQ video hash: the reference text format ({@code frameNumber,quality,pdqHex,timestamp} per frame, lines
     * joined by {@code \n}, no trailing newline), stored as UTF-8. python-threatexchange's JSON list form is
     * accepted and converted to it (frames numbered by position).
     */
    VPDQ("vpdq", 2),
    /** TMK+PDQF video feature: the bytes of a reference {@code .tmk} file as base64 text, stored as the raw bytes. */
    TMK_PDQF("tmk_pdqf", 3),
    /** MD5 of the file bytes: 32 lowercase hex digits, stored as 16 bytes. */
    MD5("md5", 4),
    /** SHA-256 of the file bytes: 64 lowercase hex digits, stored as 32 bytes. */
    SHA256("sha256", 5);

    private static final HexFormat HEX = HexFormat.of();

    private final String wireName;
    private final int code;

    SignalType(String wireName, int code) {
        this.wireName = wireName;
        this.code = code;
    }

    /** The canonical lower-case name ({@code pdq}, {@code vpdq}, {@code tmk_pdqf}, {@code md5}, {@code sha256}). */
    public String wireName() {
        return wireName;
    }

    /** The integer stored in the database; stable across versions. */
    int code() {
        return code;
    }

    static SignalType fromCode(int code) {
        for (SignalType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalStateException("unknown signal type code " + code + " in the database");
    }

    /**
     * Resolves a type name as written by us or by the exchanges: {@code pdq}, {@code vpdq}, {@code tmk_pdqf}
     * ({@code tmk}), {@code md5} ({@code video_md5}, {@code photo_md5}, TE's {@code HASH_MD5}, {@code HASH_VIDEO_MD5}),
     * {@code sha256} ({@code video_sha256}, {@code HASH_SHA256}...), TE's {@code HASH_PDQ}. Case-insensitive.
     */
    public static Optional<SignalType> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("hash_")) {
            n = n.substring(5);
        }
        switch (n) {
            case "pdq":
            case "photo_pdq":
            case "imagepdq":
                return Optional.of(PDQ);
            case "vpdq":
            case "video_vpdq":
                return Optional.of(VPDQ);
            case "tmk_pdqf":
            case "tmk":
            case "video_tmk":
            case "videotmk":
                return Optional.of(TMK_PDQF);
            case "md5":
            case "video_md5":
            case "photo_md5":
            case "videomd5":
                return Optional.of(MD5);
            case "sha256":
            case "sha-256":
            case "video_sha256":
            case "photo_sha256":
                return Optional.of(SHA256);
            default:
                return Optional.empty();
        }
    }

    /**
     * Checks and normalises a value's text form (hex to lower case, surrounding blanks removed).
     *
     * @throws IllegalArgumentException naming what is wrong (length, characters)
     */
    public String canonical(String text) {
        return format(parse(text));
    }

    /**
     * The stored bytes of a value given in text form.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public byte[] parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing " + wireName + " value");
        }
        String t = text.trim();
        switch (this) {
            case PDQ:
            case SHA256:
                return hex(t, 64);
            case MD5:
                return hex(t, 32);
            case VPDQ:
                if (t.isEmpty()) {
                    throw new IllegalArgumentException("empty vpdq value");
                }
                VpdqHash v = VpdqHash.parseSignal(t);
                if (v.size() == 0) {
                    throw new IllegalArgumentException("vpdq value holds no frame");
                }
                return v.toText().strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            case TMK_PDQF:
                if (t.isEmpty()) {
                    throw new IllegalArgumentException("empty tmk_pdqf value");
                }
                byte[] raw;
                try {
                    raw = Base64.getDecoder().decode(t);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("tmk_pdqf value is not base64: " + e.getMessage());
                }
                try {
                    TmkHash.parse(raw, "tmk_pdqf value");
                } catch (TmkFormatException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                return raw;
            default:
                throw new AssertionError(this);
        }
    }

    /** True if {@code text} is a valid value of this type ({@link #canonical} would accept it). */
    public boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The text form of stored bytes. */
    public String format(byte[] bytes) {
        switch (this) {
            case PDQ:
            case SHA256:
            case MD5:
                return HEX.formatHex(bytes);
            case VPDQ:
                return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            case TMK_PDQF:
                return Base64.getEncoder().encodeToString(bytes);
            default:
                throw new AssertionError(this);
        }
    }

    private byte[] hex(String t, int digits) {
        if (t.length() != digits) {
            throw new IllegalArgumentException(wireName + " needs " + digits + " hex digits, got " + t.length()
                    + " characters");
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(wireName + " value has a non-hex character '" + t.charAt(i)
                        + "' at position " + (i + 1));
            }
        }
        return HEX.parseHex(t);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
