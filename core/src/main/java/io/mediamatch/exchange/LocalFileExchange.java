package io.mediamatch.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.store.HashListReader;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code local_file}: the hashes in a file, or in every regular file under a directory (setting {@code path}),
 * one per line as hash lists are read ({@link HashListReader}: {@code hash[,metadata]}, {@code #} comments), or
 * pytx's {@code type value} lines; setting {@code signal_type} (default {@code pdq}) types the bare ones, and
 * {@code page_size} sets the updates per committed page (default {@value #PAGE}). Lines
 * whose type is unknown or whose value is invalid are skipped. The checkpoint is the files' sizes and modification
 * times: while they are unchanged a fetch reads nothing; once they change the checkpoint is stale, so the fetch
 * is a full re-read whose mark-and-sweep turns removed lines into tombstones (pytx never deletes them).
 * Thread-safe.
 */
final class LocalFileExchange implements ExchangeClient {
    static final String API = "local_file";
    /**
     * Updates per page of a re-read, unless the setting {@code page_size} says otherwise: large, since each commit
     * of random keys rewrites much of the key index (1M hashes: 14.7 s in pages of 100,000, 19.6 s of 20,000).
     */
    static final int PAGE = 100_000;
    /** The checkpoint of a page before the last of a re-read: stale, so nothing resumes from it. */
    static final String PARTIAL = "{}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path path;
    private final SignalType defaultType;
    private final int pageSize;

    private LocalFileExchange(String name, Path path, SignalType defaultType, int pageSize) {
        this.name = name;
        this.path = path;
        this.defaultType = defaultType;
        this.pageSize = pageSize;
    }

    /**
     * The client of {@code config}'s {@code path}; it takes no credentials.
     * @throws IllegalArgumentException if {@code path} is not set, {@code signal_type} is unknown or
     *     {@code page_size} is not a positive integer
     */
    public static ExchangeClient create(ExchangeConfig config, Path credentialsFile) {
        String p = config.setting("path", "");
        if (p.isBlank()) {
            throw new IllegalArgumentException("exchange '" + config.name() + "': local_file needs the setting path");
        }
        String t = config.setting("signal_type", "pdq");
        SignalType type = SignalType.fromName(t).orElseThrow(() -> new IllegalArgumentException(
                "exchange '" + config.name() + "': unknown signal_type '" + t + "'"));
        int pageSize;
        try {
            pageSize = Integer.parseInt(config.setting("page_size", String.valueOf(PAGE)));
        } catch (NumberFormatException e) {
            pageSize = 0;
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("exchange '" + config.name() + "': page_size must be a positive"
                    + " integer");
        }
        return new LocalFileExchange(config.name(), Path.of(p), type, pageSize);
    }

    /** Reads everything when {@code checkpoint} is null; otherwise nothing (a changed file is stale instead). */
    @Override
    public void fetch(String checkpoint, Consumer<ExchangePage> pages) throws IOException {
        if (checkpoint != null) {
            return;
        }
        List<Path> files = files();
        String done = fingerprint(files);
        List<ExchangeUpdate> page = new ArrayList<>();
        for (Path f : files) {
            Instant mtime = Files.getLastModifiedTime(f).toInstant();
            try (InputStream in = Files.newInputStream(f)) {
                HashListReader r = new HashListReader(in);
                for (HashListReader.Entry e = r.next(); e != null; e = r.next()) {
                    ExchangeUpdate u = update(e, mtime);
                    if (u == null) {
                        continue;
                    }
                    page.add(u);
                    if (page.size() >= pageSize) {
                        pages.accept(new ExchangePage(page, PARTIAL, null));
                        page.clear();
                    }
                }
            }
        }
        pages.accept(new ExchangePage(page, done, null));
    }

    private ExchangeUpdate update(HashListReader.Entry e, Instant mtime) {
        if (e.error() != null) {
            return null;
        }
        String value = e.hash();
        SignalType type = defaultType;
        String[] parts = value.split("\\s+", 2);
        if (parts.length == 2) {
            type = SignalType.fromName(parts[0]).orElse(null);
            value = parts[1].strip();
        }
        if (type == null) {
            return null;
        }
        try {
            value = type.canonical(value);
        } catch (IllegalArgumentException bad) {
            return null;
        }
        return new ExchangeUpdate(type, value, SignalStatus.ACTIVE, Set.of(), "", mtime);
    }

    @Override
    public boolean isStale(String checkpoint, Instant now) {
        try {
            return !fingerprint(files()).equals(checkpoint);
        } catch (IOException | UncheckedIOException e) {
            return true; // the fetch that follows reports why
        }
    }

    private List<Path> files() throws IOException {
        if (!Files.exists(path)) {
            throw new ExchangeException(ExchangeException.Kind.NETWORK, name + ": " + path + ": no such file");
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> s = Files.walk(path)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String fingerprint(List<Path> files) throws IOException {
        Map<String, List<Long>> fp = new TreeMap<>();
        for (Path f : files) {
            fp.put(f.toString(), List.of(Files.size(f), Files.getLastModifiedTime(f).toMillis()));
        }
        try {
            return JSON.writeValueAsString(Map.of("files", fp));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
