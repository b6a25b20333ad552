package io.mediamatch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Starting and stopping: the spool directory is removed on close and when the port is taken; the store reopens. */
class StartupTest {
    private static List<Path> spoolDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("mediamatch-serve-")).toList();
        }
    }

    @Test
    void closeRemovesTheSpoolDirectory() throws Exception {
        List<Path> before = spoolDirs();
        try (ServerHarness h = ServerHarness.start("startup-close")) {
            assertEquals(before.size() + 1, spoolDirs().size());
            assertEquals(200, h.upload("/h/hash", "photo", Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg"))
                    .status());
        }
        assertEquals(before, spoolDirs());
    }

    @Test
    void aTakenPortFailsCleanly() throws Exception {
        Path db = Fixtures.scratchDir("server-startup-port").resolve("store.db");
        List<Path> before = spoolDirs();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IOException e = assertThrows(IOException.class,
                    () -> MatchServer.start(ServeOptions.defaults(db).withPort(taken.getLocalPort())));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
        assertEquals(before, spoolDirs(), "the spool directory was removed");
        // and the store was closed: another server opens it
        try (ServerHarness h = ServerHarness.over(db, o -> o)) {
            assertEquals("[]\n", h.get("/c/banks").body());
        }
    }
}
