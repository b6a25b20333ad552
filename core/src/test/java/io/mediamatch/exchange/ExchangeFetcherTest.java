package io.mediamatch.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExchangeFetcherTest {
    static final String H1 = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    static final String H2 = "f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22";
    static final String H3 = "0000000000000000000000000000000000000000000000000000000000000001";
    static final String M1 = "d35c785545392755e7e4164457657269";

    static Map<String, SignalStatus> bank(SignalStore s, String bank) throws Exception {
        Map<String, SignalStatus> out = new TreeMap<>();
        for (Signal sig : s.list(bank, null, null, 0, 100_000)) {
            out.put(sig.type().wireName() + " " + sig.value(), sig.status());
        }
        return out;
    }

    static ExchangeFetcher fetcher(SignalStore s) {
        return new ExchangeFetcher(s, null, Clock.systemUTC());
    }

    /** Writes {@code text} and moves the mtime forward, so a rewrite of equal size is still seen as a change. */
    static void write(Path file, String text, int second) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second)));
    }

    @Test
    void sampleFetchedTwiceGivesTheSameBank() throws Exception {
        try (SignalStore s = SignalStore.open(Fixtures.scratchDir("fetch-sample").resolve("x.db"))) {
            s.exchanges().put(new ExchangeConfig("demo", "sample", true, null));
            ExchangeFetcher.Result r = fetcher(s).fetch("demo", null);
            assertTrue(r.succeeded(), r.error());
            assertTrue(r.refetched());
            assertEquals(4, r.records());
            Map<String, SignalStatus> first = bank(s, "demo");
            assertEquals(4, first.size());
            assertEquals(SignalStatus.ACTIVE, first.get("md5 " + M1));
            long seq = s.changeSequence();
            r = fetcher(s).fetch("demo", null);
            assertTrue(r.succeeded());
            assertEquals(0, r.swept());
            assertEquals(first, bank(s, "demo"));
            assertEquals(java.util.Set.of("sample", "tag:bridge"), s.find(SignalType.PDQ, H1).get(0).labels());
            ExchangeStatus st = s.exchanges().status("demo").orElseThrow();
            assertTrue(st.upToDate());
            assertEquals(Boolean.TRUE, st.succeeded());
            assertEquals(4, st.fetchedRecords());
            assertFalse(st.refetching());
            assertFalse(st.running());
            assertNull(st.lastError());
            assertTrue(s.changeSequence() > seq); // status writes only; no signal changed
        }
    }

    @Test
    void localFileRemovedLineBecomesATombstoneAndAnUnchangedFileFetchesNothing() throws Exception {
        Path dir = Fixtures.scratchDir("fetch-local");
        Path file = dir.resolve("hashes.txt");
        write(file, H1 + "\n# a comment\n" + H2 + ",100,photo.jpg\nmd5 " + M1 + "\nnot-a-hash\nfoo " + H3 + "\n", 1);
        try (SignalStore s = SignalStore.open(dir.resolve("x.db"))) {
            s.exchanges().put(new ExchangeConfig("local", "local_file", true, Map.of("path", file.toString())));
            ExchangeFetcher.Result r = fetcher(s).fetch("local", null);
            assertTrue(r.succeeded(), r.error());
            assertEquals(Map.of("pdq " + H1, SignalStatus.ACTIVE, "pdq " + H2, SignalStatus.ACTIVE,
                    "md5 " + M1, SignalStatus.ACTIVE), bank(s, "local"));

            r = fetcher(s).fetch("local", null);
            assertTrue(r.succeeded());
            assertFalse(r.refetched());
            assertEquals(0, r.records());

            write(file, H1 + "\nmd5 " + M1 + "\n", 2);
            r = fetcher(s).fetch("local", null);
            assertTrue(r.succeeded(), r.error());
            assertTrue(r.refetched());
            assertEquals(1, r.swept());
            assertEquals(Map.of("pdq " + H1, SignalStatus.ACTIVE, "pdq " + H2, SignalStatus.DELETED,
                    "md5 " + M1, SignalStatus.ACTIVE), bank(s, "local"));

            // put back later: a record dated after the tombstone revives it
            Files.writeString(file, H1 + "\n" + H2 + "\nmd5 " + M1 + "\n");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            assertTrue(fetcher(s).fetch("local", null).succeeded());
            assertEquals(SignalStatus.ACTIVE, bank(s, "local").get("pdq " + H2));
        }
    }

    @Test
    void localFileDirectoryIsReadWholeAcrossPages() throws Exception {
        Path dir = Fixtures.scratchDir("fetch-local-dir");
        Path src = Files.createDirectories(dir.resolve("src"));
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < 1010; i++) {
            a.append(String.format("%064x%n", i + 1));
        }
        write(src.resolve("a.txt"), a.toString(), 1);
        write(src.resolve("b.txt"), H1 + "\n", 1);
        try (SignalStore s = SignalStore.open(dir.resolve("x.db"))) {
            s.exchanges().put(new ExchangeConfig("dir", "local_file", true, Map.of("path", src.toString(),
                    "page_size", "1000")));
            List<Integer> pages = new ArrayList<>();
            ExchangeFetcher.Result r = fetcher(s).fetch("dir", p -> pages.add(p.updates().size()));
            assertTrue(r.succeeded(), r.error());
            assertEquals(List.of(1000, 11), pages);
            assertEquals(1011, s.stats().total());
            Files.delete(src.resolve("b.txt"));
            r = fetcher(s).fetch("dir", null);
            assertEquals(1, r.swept());
        }
    }

    @Test
    void aFailedFetchRecordsItsErrorAndKeepsWhatWasCommitted() throws Exception {
        Path dir = Fixtures.scratchDir("fetch-error");
        Path file = dir.resolve("h.txt");
        write(file, H1 + "\n", 1);
        try (SignalStore s = SignalStore.open(dir.resolve("x.db"))) {
            s.exchanges().put(new ExchangeConfig("local", "local_file", true, Map.of("path", file.toString())));
            assertTrue(fetcher(s).fetch("local", null).succeeded());
            Files.delete(file);
            ExchangeFetcher.Result r = fetcher(s).fetch("local", null);
            assertFalse(r.succeeded());
            assertTrue(r.error().contains("no such file"), r.error());
            ExchangeStatus st = s.exchanges().status("local").orElseThrow();
            assertEquals(Boolean.FALSE, st.succeeded());
            assertFalse(st.upToDate());
            assertEquals(r.error(), st.lastError());
            assertEquals(Map.of("pdq " + H1, SignalStatus.ACTIVE), bank(s, "local"));
            assertTrue(st.refetching(), "the refetch that failed starts over next time");

            s.exchanges().put(new ExchangeConfig("nopath", "local_file", true, null));
            r = fetcher(s).fetch("nopath", null);
            assertFalse(r.succeeded());
            assertTrue(r.error().contains("needs the setting path"), r.error());
        }
    }

    @Test
    void aClientFailingMidwayKeepsItsCommittedPagesAndResumesFromTheirCheckpoint() throws Exception {
        try (SignalStore s = SignalStore.open(Fixtures.scratchDir("fetch-midway").resolve("x.db"))) {
            s.exchanges().put(new ExchangeConfig("ex", "sample", true, null));
            s.exchanges().apply("ex", new ExchangePage(List.of(), "{\"n\":0}", null)); // a checkpoint exists
            List<String> resumedFrom = new ArrayList<>();
            ExchangeClient flaky = new ExchangeClient() {
                @Override
                public void fetch(String checkpoint, java.util.function.Consumer<ExchangePage> pages)
                        throws ExchangeException {
                    resumedFrom.add(checkpoint);
                    pages.accept(new ExchangePage(List.of(new ExchangeUpdate(SignalType.PDQ, H1,
                            SignalStatus.ACTIVE, null, "", null)), "{\"n\":1}", null));
                    throw new ExchangeException(ExchangeException.Kind.HTTP_STATUS, "ex: GET http://h/p: HTTP 503");
                }

                @Override
                public boolean isStale(String checkpoint, Instant now) {
                    return false;
                }
            };
            ExchangeFetcher.Result r = ExchangeFetcher.run(s, "ex", flaky, Clock.systemUTC(), null, null);
            assertFalse(r.succeeded());
            assertEquals("ex: GET http://h/p: HTTP 503", r.error());
            assertEquals(List.of("{\"n\":0}"), resumedFrom);
            assertEquals("{\"n\":1}", s.exchanges().status("ex").orElseThrow().checkpoint());
            assertEquals(1, s.stats().total());
            ExchangeFetcher.run(s, "ex", flaky, Clock.systemUTC(), null, null);
            assertEquals(List.of("{\"n\":0}", "{\"n\":1}"), resumedFrom);
        }
    }

    @Test
    void aSpentBudgetStopsAnIncrementalFetchAtACommittedPageAndTheNextRunGoesOn() throws Exception {
        try (SignalStore s = SignalStore.open(Fixtures.scratchDir("fetch-budget").resolve("x.db"))) {
            s.exchanges().put(new ExchangeConfig("ex", "sample", true, null));
            s.exchanges().apply("ex", new ExchangePage(List.of(), "0", null)); // a checkpoint exists
            List<String> hashes = List.of(H1, H2, H3);
            ExchangeClient threePages = new ExchangeClient() {
                @Override
                public void fetch(String checkpoint, java.util.function.Consumer<ExchangePage> pages) {
                    for (int i = Integer.parseInt(checkpoint); i < hashes.size(); i++) {
                        pages.accept(new ExchangePage(List.of(new ExchangeUpdate(SignalType.PDQ, hashes.get(i),
                                SignalStatus.ACTIVE, null, "", null)), String.valueOf(i + 1), null));
                    }
                }

                @Override
                public boolean isStale(String checkpoint, Instant now) {
                    return false;
                }
            };
            Instant spent = Instant.now().minusSeconds(1);
            ExchangeFetcher.Result r = ExchangeFetcher.run(s, "ex", threePages, Clock.systemUTC(), null, spent);
            assertTrue(r.succeeded(), r.error());
            assertFalse(r.upToDate());
            assertEquals(1, r.records());
            ExchangeStatus st = s.exchanges().status("ex").orElseThrow();
            assertEquals("1", st.checkpoint());
            assertFalse(st.upToDate());
            assertEquals(Boolean.TRUE, st.succeeded());

            r = ExchangeFetcher.run(s, "ex", threePages, Clock.systemUTC(), null, null);
            assertTrue(r.upToDate());
            assertEquals(2, r.records());
            assertEquals(3, bank(s, "ex").size());
            assertTrue(s.exchanges().status("ex").orElseThrow().upToDate());
        }
    }

    @Test
    void aRefetchIntoAnEmptyBankMarksNothingYetARefetchOfAFilledOneStillSweeps() throws Exception {
        Path dir = Fixtures.scratchDir("fetch-first");
        Path file = dir.resolve("hashes.txt");
        write(file, H1 + "\n" + H2 + "\n", 1);
        try (SignalStore s = SignalStore.open(dir.resolve("x.db"))) {
            s.exchanges().put(new ExchangeConfig("local", "local_file", true, Map.of("path", file.toString(),
                    "page_size", "1")));
            ExchangeFetcher.Result r = fetcher(s).fetch("local", null);
            assertTrue(r.succeeded() && r.refetched(), String.valueOf(r.error()));
            assertEquals(Map.of("pdq " + H1, SignalStatus.ACTIVE, "pdq " + H2, SignalStatus.ACTIVE), bank(s, "local"));
            write(file, H2 + "\n", 2);
            r = fetcher(s).fetch("local", null);
            assertEquals(1, r.swept());
            assertEquals(Map.of("pdq " + H1, SignalStatus.DELETED, "pdq " + H2, SignalStatus.ACTIVE), bank(s, "local"));
        }
    }
}
