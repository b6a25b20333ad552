package io.mediamatch.store;

import java.nio.file.Path;
import java.util.List;

/** Child process of {@link CrashSafetyTest}: imports a big hash list, saying "importing" once rows flow. */
public final class CrashImportChild {
    private CrashImportChild() {}

    public static void main(String[] args) throws Exception {
        try (SignalStore s = SignalStore.open(Path.of(args[0]))) {
            boolean[] said = new boolean[1];
            s.importFiles(List.of(Path.of(args[1])), SignalFormat.HASHLIST,
                    ImportOptions.defaults().withBank("incoming"), (file, read, total) -> {
                        if (!said[0] && read > (2 << 20)) {
                            said[0] = true;
                            System.out.println("importing");
                            System.out.flush();
                        }
                    });
            System.out.println("committed");
        }
    }
}
