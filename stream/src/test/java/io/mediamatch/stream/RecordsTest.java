package io.mediamatch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.store.SignalType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordsTest {
    private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    @Test
    void uploadsRoundTripAndNameWhatIsWrong() {
        Upload u = Upload.parse("{\"id\":\"a\",\"hashes\":[{\"type\":\"pdq\",\"value\":\"" + PDQ.toUpperCase() + "\"}]}");
        assertEquals(List.of(new Upload.Hash(SignalType.PDQ, PDQ)), u.hashes());
        assertEquals(u, Upload.parse(u.toJson()));
        assertEquals("x.jpg", Upload.parse("{\"id\":\"b\",\"path\":\"x.jpg\"}").path());

        assertTrue(assertThrows(BadRecordException.class, () -> Upload.parse("{\"id\":")).getMessage()
                .contains("malformed JSON"));
        assertTrue(assertThrows(BadRecordException.class, () -> Upload.parse("{\"path\":\"x\"}")).getMessage()
                .contains("'id'"));
        assertTrue(assertThrows(BadRecordException.class,
                () -> Upload.parse("{\"id\":\"c\",\"path\":\"x\",\"uri\":\"y\"}")).getMessage()
                .contains("exactly one"));
        assertTrue(assertThrows(BadRecordException.class,
                () -> Upload.parse("{\"id\":\"d\",\"hashes\":[{\"type\":\"pdq\",\"value\":\"zz\"}]}")).getMessage()
                .contains("upload d: not a valid pdq value"));
    }

    @Test
    void bankRecordsRoundTripAndAreToldApartFromSignalKeys() {
        BankChange b = new BankChange("a|pdq|" + PDQ, false, false, java.util.OptionalInt.of(12), true);
        assertEquals(b, TopicChange.parse(b.key(), b.valueJson()), "a bank name that looks like a signal key");
        assertEquals(BankChange.dropped("a|pdq|" + PDQ), TopicChange.parse(b.key(), null));
        SignalChange s = new SignalChange("a", SignalType.PDQ, PDQ, false, Set.of(), "", "");
        assertEquals(s, TopicChange.parse(s.key(), s.valueJson()));
        assertTrue(assertThrows(BadRecordException.class, () -> TopicChange.parse(BankChange.KEY_PREFIX + "x",
                "{\"bank\":\"x\",\"match_distance\":300}")).getMessage().contains("bank record x: 'match_distance'"));
        assertTrue(assertThrows(BadRecordException.class, () -> TopicChange.parse(BankChange.KEY_PREFIX + "a\tb",
                "{}")).getMessage().contains("control characters"));
    }

    @Test
    void signalChangesAreKeyedAndTombstonesAreNullValues() {
        SignalChange up = new SignalChange("a|b", SignalType.PDQ, PDQ, false, Set.of("x"), "file", "e1");
        assertEquals("a|b|pdq|" + PDQ, up.key());
        assertEquals(up, SignalChange.parse(up.key(), up.valueJson()));
        SignalChange gone = new SignalChange("a|b", SignalType.PDQ, PDQ, true, Set.of(), "", "");
        assertNull(gone.valueJson());
        assertEquals(gone, SignalChange.parse(gone.key(), null));
        assertThrows(BadRecordException.class, () -> SignalChange.parse("nokey", null));
    }

    @Test
    void errorRecordsCarryTheIdAndCause() {
        assertEquals("{\"id\":\"u1\",\"error\":\"missing file x\"}", MatchRecords.error("u1", "missing file x"));
    }
}
