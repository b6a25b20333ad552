package io.mediamatch.cli;

import io.mediamatch.store.ImportOptions;
import io.mediamatch.store.SignalFormat;
import io.mediamatch.store.SignalStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;

/**
 * The bundled sample database: {@code sample-signals.jsonl} (made-up labels on the PDQ reference images, three
 * banks including a negative one) materialised once into an SQLite file under the temp directory, named by the
 * content's hash so that a new version gets a new file.
 */
final class SampleDatabase {
    static final String RESOURCE = "sample-signals.jsonl";

    private SampleDatabase() {}

    static synchronized Path path() throws IOException {
        byte[] jsonl;
        try (InputStream in = SampleDatabase.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the bundled sample database (" + RESOURCE + ") is missing from the jar");
            }
            jsonl = in.readAllBytes();
        }
        String tag;
        try {
            tag = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(jsonl), 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path db = dir.resolve("mediamatch-sample-" + tag + "-v" + SignalStore.SCHEMA_VERSION + ".db");
        if (Files.isRegularFile(db)) {
            return db;
        }
        Path work = Files.createTempDirectory(dir, "mediamatch-sample");
        Path src = work.resolve("sample.jsonl");
        Path tmp = work.resolve("sample.db");
        Files.write(src, jsonl);
        try (SignalStore s = SignalStore.open(tmp)) {
            s.importFiles(List.of(src), SignalFormat.JSONL, ImportOptions.defaults().withStrict(true), null);
        }
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Files.deleteIfExists(work.resolve("sample.db" + suffix));
        }
        try {
            Files.move(tmp, db, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, db, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another process made it first
        }
        Files.deleteIfExists(src);
        Files.deleteIfExists(tmp);
        Files.deleteIfExists(work);
        return db;
    }
}
