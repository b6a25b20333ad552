package io.mediamatch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * MD5 and SHA-256 of a file's bytes (lower-case hex), the exact-match signals of hash-sharing programmes.
 * Computed in one streamed pass with a fixed 64 KiB buffer, so any file size works. Immutable.
 */
public record FileDigests(String md5, String sha256) {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Reads {@code file} once and digests it.
     *
     * @throws IOException when the file cannot be read
     */
    public static FileDigests of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    /** Digests everything {@code in} yields (the stream is read to its end, not closed). */
    public static FileDigests of(InputStream in) throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha = digest("SHA-256");
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            md5.update(buf, 0, n);
            sha.update(buf, 0, n);
        }
        return new FileDigests(HEX.formatHex(md5.digest()), HEX.formatHex(sha.digest()));
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is required of every JRE", e);
        }
    }
}
