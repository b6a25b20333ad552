package io.mediamatch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.fixtures.ReferencePhotos;
import io.mediamatch.match.MatchOptions;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.match.QueryHash;
import io.mediamatch.store.ImportOptions;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetroScanTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void onlyTheSignalsAddedSinceTheSequenceAreScannedFor() throws Exception {
        List<Path> photos = ReferencePhotos.originals(Fixtures.reference());
        Path dir = Fixtures.scratchDir("retro-scan");
        try (SignalStore store = SignalStore.open(dir.resolve("db.sqlite"))) {
            List<String> pdqs = new ArrayList<>();
            try (MediaMatcher hasher = MediaMatcher.over(store, MatchOptions.defaults())) {
                for (Path p : photos) {
                    for (QueryHash h : hasher.match(p).hashes()) {
                        if (h.type() == SignalType.PDQ) {
                            pdqs.add(h.value());
                        }
                    }
                }
            }
            store.importSignals(List.of(signal("old", pdqs.get(0)), signal("old", pdqs.get(1))), ImportOptions.defaults());
            long since = store.changeSequence();
            store.importSignals(List.of(signal("new", pdqs.get(3))), ImportOptions.defaults());

            List<SignalChange> changes = RetroScan.changesSince(store, since);
            assertEquals(1, changes.size());
            List<String> history = new ArrayList<>();
            for (int i = 0; i < photos.size(); i++) {
                history.add(new Upload("u" + i, photos.get(i).toString(), null, null).toJson());
            }
            history.add("not json");
            Set<String> matched = new TreeSet<>();
            int errors = 0;
            List<String> out = RetroScan.run(changes, history, 2);
            for (String r : out) {
                JsonNode n = new ObjectMapper().readTree(r);
                if (n.path("matched").asBoolean()) {
                    matched.add(n.path("id").asText());
                    assertEquals("new", n.path("matches").path(0).path("bank").asText());
                }
                errors += n.has("error") ? 1 : 0;
            }
            assertEquals(photos.size() + 1, out.size(), "one record per past upload");
            assertEquals(Set.of("u3"), matched, "only the new signal is scanned for");
            assertEquals(1, errors);
        }
    }

    private static Signal signal(String bank, String pdq) {
        return new Signal(0, bank, SignalType.PDQ, pdq, Set.of(), "test", "", null, null, SignalStatus.ACTIVE);
    }
}
