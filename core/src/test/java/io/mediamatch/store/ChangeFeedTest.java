package io.mediamatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract written on {@link ChangeFeed}, against a real store file. */
class ChangeFeedTest {
    private static Signal pdq(String bank, String hex) {
        return new Signal(0, bank, SignalType.PDQ, hex, null, null, null, null, null, SignalStatus.ACTIVE);
    }

    private static Map<Long, SignalStatus> changedSince(ChangeFeed feed, long after, long[] seqOut) throws Exception {
        Map<Long, SignalStatus> seen = new HashMap<>();
        seqOut[0] = feed.scan(SignalType.PDQ, after, (id, bankId, value, status) -> seen.put(id, status));
        return seen;
    }

    @Test
    void sequenceGrowsAndAScanFromItSeesOnlyLaterChangesIncludingDeletes() throws Exception {
        Path db = Fixtures.scratchDir("changefeed-seq").resolve("store.db");
        try (SignalStore s = SignalStore.open(db)) {
            ChangeFeed feed = s.changes();
            assertSame(feed, s.changes());
            assertEquals(0, feed.sequence());
            s.importSignals(List.of(pdq("a", SignalStoreTest.H1), pdq("a", SignalStoreTest.H2)), null);
            long seq1 = feed.sequence();
            assertTrue(seq1 > 0);
            assertEquals(seq1, s.changeSequence());

            long[] at = new long[1];
            Map<Long, SignalStatus> all = changedSince(feed, -1, at);
            assertEquals(2, all.size());
            assertEquals(seq1, at[0]);
            assertEquals(0, changedSince(feed, seq1, at).size(), "nothing changed after the scan's number");

            long id1 = s.find(SignalType.PDQ, SignalStoreTest.H1).get(0).id();
            assertTrue(s.delete(id1));
            long seq2 = feed.sequence();
            assertTrue(seq2 > seq1);
            Map<Long, SignalStatus> after = changedSince(feed, seq1, at);
            assertEquals(Map.of(id1, SignalStatus.DELETED), after, "a delete is a change: its tombstone");
            assertEquals(seq2, at[0]);
            assertEquals(1, feed.countChangedSince(SignalType.PDQ, seq1));
            assertEquals(0, feed.countChangedSince(SignalType.PDQ, seq2));
        }
        try (SignalStore s = SignalStore.open(db)) {
            assertTrue(s.changes().sequence() >= 2, "the sequence persists across opens");
        }
    }

    @Test
    void aBankDropIsRememberedByItsSequenceNumberAcrossOpens() throws Exception {
        Path db = Fixtures.scratchDir("changefeed-drop").resolve("store.db");
        long dropped;
        try (SignalStore s = SignalStore.open(db)) {
            s.importSignals(List.of(pdq("a", SignalStoreTest.H1), pdq("b", SignalStoreTest.H2)), null);
            assertEquals(0, s.changes().lastBankDrop(), "no bank was ever dropped");
            assertFalse(s.dropBank("no-such-bank"));
            assertEquals(0, s.changes().lastBankDrop(), "dropping a missing bank drops nothing");
            assertTrue(s.dropBank("a"));
            dropped = s.changes().lastBankDrop();
            assertEquals(s.changeSequence(), dropped);
            s.importSignals(List.of(pdq("b", SignalStoreTest.H1)), null);
            assertTrue(s.changeSequence() > dropped);
            assertEquals(dropped, s.changes().lastBankDrop(), "later writes leave it");
        }
        try (SignalStore s = SignalStore.open(db)) {
            assertEquals(dropped, s.changes().lastBankDrop());
        }
    }

    @Test
    void listenersRunOnTheWritingThreadAfterTheCommitAndOnlyForRealChanges() throws Exception {
        Path db = Fixtures.scratchDir("changefeed-listen").resolve("store.db");
        try (SignalStore s = SignalStore.open(db)) {
            ChangeFeed feed = s.changes();
            List<Long> seenSeq = new ArrayList<>();
            List<Thread> seenThread = new ArrayList<>();
            Runnable listener = () -> {
                try {
                    // A reader connection only sees committed data: the write is visible here.
                    seenSeq.add(feed.countChangedSince(SignalType.PDQ, -1));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                seenThread.add(Thread.currentThread());
            };
            feed.addListener(listener);
            List<Signal> rows = List.of(pdq("a", SignalStoreTest.H1));
            s.importSignals(rows, null);
            assertEquals(List.of(1L), seenSeq);
            assertEquals(List.of(Thread.currentThread()), seenThread);

            s.importSignals(rows, null); // changes nothing
            assertFalse(s.delete(-42), "no such signal");
            assertEquals(1, seenSeq.size(), "no call for writes that changed nothing");

            s.delete(null, SignalType.PDQ, SignalStoreTest.H1);
            assertEquals(2, seenSeq.size(), "a delete calls listeners");

            feed.removeListener(listener);
            s.importSignals(List.of(pdq("a", SignalStoreTest.H2)), null);
            assertEquals(2, seenSeq.size());
        }
    }
}
