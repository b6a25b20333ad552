package io.mediamatch.stream;

import io.mediamatch.MediaException;
import io.mediamatch.match.MatchResult;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.core.fs.FileSystem;

/**
 * Turns one upload record into one output record with core's {@link MediaMatcher}: a match record, or an error
 * record naming the upload and the cause (bad JSON, a missing or unreadable file, a hostile image). Never throws
 * for bad input; stateless apart from the matcher and a scratch directory for files on remote file systems.
 */
final class UploadMatching {
    private UploadMatching() {
    }

    /** The output record for {@code json}. */
    static String match(String json, MediaMatcher matcher, Path scratch) {
        Upload u;
        try {
            u = Upload.parse(json);
        } catch (BadRecordException e) {
            return MatchRecords.error(Upload.idOf(json), e.getMessage());
        }
        try {
            return MatchRecords.matched(u, result(u, matcher, scratch));
        } catch (MediaException e) {
            return MatchRecords.error(u.id(), "upload " + u.id() + ": " + e.kind().name().toLowerCase(Locale.ROOT)
                    + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            return MatchRecords.error(u.id(), "upload " + u.id() + ": no such file: " + e.getFile());
        } catch (IOException | RuntimeException e) {
            // RuntimeException too: a decoder that trips on a hostile image must cost one error record, not the job
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return MatchRecords.error(u.id(), "upload " + u.id() + ": " + why);
        }
    }

    private static MatchResult result(Upload u, Upload.Hash h, MediaMatcher matcher) throws IOException {
        return switch (h.type()) {
            case PDQ -> matcher.match(Hash256.fromHex(h.value()));
            case MD5, SHA256 -> matcher.matchExact(h.type(), h.value());
            default -> throw new BadRecordException("upload " + u.id() + ": hashes of type "
                    + h.type().wireName() + " are matched from the file, not given");
        };
    }

    private static MatchResult result(Upload u, MediaMatcher matcher, Path scratch) throws IOException {
        if (u.hashes() != null) {
            if (u.hashes().size() == 1) {
                return result(u, u.hashes().get(0), matcher);
            }
            List<MatchResult> parts = new ArrayList<>();
            List<String> media = new ArrayList<>();
            for (Upload.Hash h : u.hashes()) {
                MatchResult part = result(u, h, matcher);
                parts.add(part);
                media.add(part.media());
            }
            return MediaMatcher.combine(String.join(",", media), parts);
        }
        String where = u.path() != null ? u.path() : u.uri();
        URI uri = where.contains(":/") ? URI.create(where) : null;
        if (uri == null || uri.getScheme() == null || uri.getScheme().equals("file")) {
            return matcher.match(uri == null ? Path.of(where) : Path.of(uri));
        }
        // another file system Flink knows (s3://, hdfs://, ... with its plugin): copy it here, then match
        org.apache.flink.core.fs.Path fp = new org.apache.flink.core.fs.Path(uri);
        Path tmp = Files.createTempFile(Files.createDirectories(scratch), "upload-", ".bin");
        try {
            try (InputStream in = FileSystem.get(uri).open(fp)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return matcher.match(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
