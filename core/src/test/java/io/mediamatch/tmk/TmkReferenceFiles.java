package io.mediamatch.tmk;

import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The published {@code .tmk} hashes of the reference videos, read once per test JVM. */
final class TmkReferenceFiles {
    private static Map<String, TmkHash> published;

    private TmkReferenceFiles() {}

    static Path dir() {
        return Fixtures.reference("video/tmk");
    }

    /** Video name (file name without {@code .tmk}) to its published hash. */
    static synchronized Map<String, TmkHash> published() {
        if (published == null) {
            Map<String, TmkHash> m = new TreeMap<>();
            try (Stream<Path> files = Files.list(dir())) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".tmk")) {
                        m.put(name.substring(0, name.length() - 4), TmkHash.read(p));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            published = m;
        }
        return published;
    }
}
