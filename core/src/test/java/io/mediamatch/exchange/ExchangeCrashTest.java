package io.mediamatch.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStatus;
import io.mediamatch.store.SignalStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kills a child JVM at spread-out moments of a long local_file refetch (a file that lost some lines and gained
 * others); every restart starts the refetch over, and once one completes the bank equals the file exactly.
 */
class ExchangeCrashTest {
    static final int PAGE = 5000;

    @Test
    void killDashNineDuringARefetchLosesNothingAndTheFinalBankEqualsTheFile() throws Exception {
        Path dir = Fixtures.scratchDir("exchange-crash");
        Path db = dir.resolve("store.db");
        Path file = dir.resolve("hashes.txt");
        Random rnd = new Random(18);
        List<String> v1 = hashes(60_000, rnd);
        List<String> v2 = new ArrayList<>(v1.subList(10_000, v1.size()));
        v2.addAll(hashes(40_000, rnd));
        write(file, v1, 1);
        try (SignalStore s = SignalStore.open(db)) {
            s.exchanges().put(new ExchangeConfig("local", "local_file", true, Map.of("path", file.toString(),
                    "page_size", String.valueOf(PAGE))));
            assertTrue(new ExchangeFetcher(s, null, Clock.systemUTC()).fetch("local", null).succeeded());
        }
        write(file, v2, 2);
        Set<String> union = new HashSet<>(v1);
        union.addAll(v2);
        Set<String> removed = new TreeSet<>(v1.subList(0, 10_000));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int killed = 0;
        int pagesPerFetch = (v2.size() + PAGE - 1) / PAGE;
        for (int run = 0; run < 6; run++) {
            Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashFetchChild.class.getName(), db.toString(), "local")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // kill after a spread-out number of committed pages, plus a random few milliseconds
            int pages = 1 + (run * (pagesPerFetch - 2)) / 6;
            for (int i = 0; i < pages; i++) {
                assertEquals("page", out.readLine(), "run " + run);
            }
            Thread.sleep(rnd.nextInt(40));
            if (p.isAlive()) {
                p.destroyForcibly();
                killed++;
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            try (SignalStore s = SignalStore.open(db)) {
                Map<String, SignalStatus> bank = bank(s);
                assertTrue(union.containsAll(bank.keySet()), "run " + run + ": only values of the file");
                assertTrue(bank.keySet().containsAll(v1), "run " + run + ": nothing committed is lost");
                if (s.exchanges().status("local").orElseThrow().refetching()) {
                    for (String h : removed) {
                        assertEquals(SignalStatus.ACTIVE, bank.get(h), "run " + run + ": swept too early");
                    }
                }
            }
        }
        assertTrue(killed >= 5, "the child finished before it was killed too often: " + killed);
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashFetchChild.class.getName(), db.toString(), "local")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                last = l;
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("done", last);
        try (SignalStore s = SignalStore.open(db)) {
            Map<String, SignalStatus> bank = bank(s);
            assertEquals(union.size(), bank.size(), "one row per value");
            Set<String> live = new TreeSet<>();
            Set<String> dead = new TreeSet<>();
            bank.forEach((h, st) -> (st.matchable() ? live : dead).add(h));
            assertEquals(new TreeSet<>(v2), live);
            assertEquals(removed, dead);
            ExchangeStatus st = s.exchanges().status("local").orElseThrow();
            assertTrue(st.upToDate() && !st.refetching());
        }
    }

    static Map<String, SignalStatus> bank(SignalStore s) throws Exception {
        Map<String, SignalStatus> out = new java.util.HashMap<>();
        long after = 0;
        for (List<Signal> l = s.list("local", null, null, after, 50_000); !l.isEmpty();
             l = s.list("local", null, null, after, 50_000)) {
            for (Signal sig : l) {
                SignalStatus prev = out.put(sig.value(), sig.status());
                assertEquals(null, prev, "duplicate " + sig.value());
                after = sig.id();
            }
        }
        return out;
    }

    static List<String> hashes(int n, Random rnd) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(String.format("%016x%016x%016x%016x", rnd.nextLong(), rnd.nextLong(), rnd.nextLong(),
                    rnd.nextLong()));
        }
        return out;
    }

    static void write(Path file, List<String> lines, int second) throws Exception {
        try (Writer w = Files.newBufferedWriter(file)) {
            for (String l : lines) {
                w.write(l);
                w.write('\n');
            }
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second)));
    }
}
