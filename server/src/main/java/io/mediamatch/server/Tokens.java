package io.mediamatch.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * API tokens read from a file, kept only as SHA-256 digests and compared in constant time. One token per line:
 * {@code <sha256 hex of the token> <role>[,<role>...] [name]} (roles {@code hasher}, {@code matcher},
 * {@code curator}, or {@code all}); {@code #} starts a comment. Immutable and thread-safe.
 */
final class Tokens {
    /** HMA's three roles: hashing ({@code /h}), matching ({@code /m}) and curation ({@code /c}). */
    enum Role { HASHER, MATCHER, CURATOR }

    /** One token's digest, roles and name (for logs). */
    record Entry(byte[] digest, Set<Role> roles, String name) {}

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads a token file. @throws IllegalArgumentException naming the file and line of a malformed entry
     */
    static Tokens read(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+", 3);
            String where = file + ":" + (i + 1) + ": ";
            if (f.length < 2 || !f[0].matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(where + "expected '<sha256 hex of the token> <roles> [name]'");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String r : f[1].split(",")) {
                String name = r.trim().toUpperCase(Locale.ROOT);
                if (name.equals("ALL")) {
                    roles.addAll(EnumSet.allOf(Role.class));
                    continue;
                }
                try {
                    roles.add(Role.valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "unknown role '" + r + "' (hasher, matcher, curator,"
                            + " all)");
                }
            }
            out.add(new Entry(HexFormat.of().parseHex(f[0].toLowerCase(Locale.ROOT)), roles,
                    f.length > 2 ? f[2] : "token " + (out.size() + 1)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no tokens");
        }
        return new Tokens(out);
    }

    /** The entry of a presented token, checking every entry in constant time per entry. */
    Optional<Entry> check(String token) {
        byte[] d = digest(token);
        Entry found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), d)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The SHA-256 digest of a token's UTF-8 bytes. */
    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A new random token (32 bytes, URL-safe base64) and its token-file line. */
    static String[] generate(String roles, String name) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return new String[] {token, HexFormat.of().formatHex(digest(token)) + " " + roles + " " + name};
    }
}
