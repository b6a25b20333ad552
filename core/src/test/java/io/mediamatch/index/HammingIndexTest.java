package io.mediamatch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.index.HammingIndex.Engine;
import io.mediamatch.pdq.Hash256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HammingIndexTest {
    private static final int[] DISTANCES = {0, 1, 15, 31, 32, 64, 128};

    private static List<Hash256> queries(List<Hash256> db, Random r) {
        List<Hash256> qs = new ArrayList<>();
        for (int flips : new int[] {0, 1, 8, 15, 16, 31, 32, 40, 64, 128}) {
            qs.add(Naive.flip(db.get(r.nextInt(db.size())), flips, r));
        }
        qs.add(Naive.random(r));
        qs.add(Naive.random(r));
        return qs;
    }

    private static HammingIndex build(List<Hash256> db, long[] ids, Engine e) {
        HammingIndex.Builder b = HammingIndex.builder().engine(e);
        for (int i = 0; i < db.size(); i++) {
            b.add(ids[i], db.get(i));
        }
        return b.build();
    }

    private static long[] shuffledIds(int n, Random r) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextLong() >> 8; // arbitrary, unsorted, some negative
        }
        return ids;
    }

    private void checkAllEngines(List<Hash256> db, long seed) {
        Random r = new Random(seed);
        long[] ids = shuffledIds(db.size(), r);
        Naive naive = new Naive();
        for (int i = 0; i < db.size(); i++) {
            naive.put(ids[i], db.get(i));
        }
        List<Hash256> qs = queries(db, r);
        for (Engine e : Engine.values()) {
            HammingIndex index = build(db, ids, e);
            assertEquals(naive.entries.size(), index.size());
            for (int d : DISTANCES) {
                List<List<IndexMatch>> batch = index.rangeBatch(qs, d);
                for (int i = 0; i < qs.size(); i++) {
                    List<IndexMatch> want = naive.range(qs.get(i), d);
                    assertEquals(want, index.range(qs.get(i), d), e + " range d=" + d + " query " + i);
                    assertEquals(want, batch.get(i), e + " rangeBatch d=" + d + " query " + i);
                }
                List<Hash256> eight = qs.subList(0, 8);
                assertEquals(naive.dihedral(eight, d), index.rangeDihedral(eight, d), e + " dihedral d=" + d);
            }
            for (int k : new int[] {1, 3, 10}) {
                List<List<IndexMatch>> batch = index.nearestBatch(qs, k);
                for (int i = 0; i < qs.size(); i++) {
                    List<IndexMatch> want = naive.nearest(qs.get(i), k);
                    assertEquals(want, index.nearest(qs.get(i), k), e + " nearest k=" + k + " query " + i);
                    assertEquals(want, batch.get(i), e + " nearestBatch k=" + k + " query " + i);
                }
            }
        }
    }

    @Test
    void uniformDataAllEnginesMatchNaive() {
        checkAllEngines(Naive.uniform(3000, new Random(1)), 11);
    }

    @Test
    void clusteredDataAllEnginesMatchNaive() {
        checkAllEngines(Naive.clustered(3000, new Random(2)), 12);
    }

    @Test
    void duplicateHashesUnderDistinctIdsAreAllReturned() {
        Random r = new Random(3);
        List<Hash256> db = new ArrayList<>();
        Hash256 h = Naive.random(r);
        for (int i = 0; i < 50; i++) {
            db.add(i % 2 == 0 ? h : Naive.random(r));
        }
        checkAllEngines(db, 13);
        HammingIndex index = build(db, shuffledIds(50, new Random(4)), Engine.MIH);
        assertEquals(25, index.range(h, 0).size());
    }

    @Test
    void broadwordSelectFindsEveryNthSetBit() {
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            long x = i % 3 == 0 ? r.nextLong() : r.nextLong() & r.nextLong() & (i % 2 == 0 ? -1L : r.nextLong());
            if (i < 64) {
                x = -1L >>> i;
            }
            long y = x;
            for (int k = 0; k < Long.bitCount(x); k++) {
                assertEquals(Long.numberOfTrailingZeros(y), UnarySelect.select64(x, k),
                        Long.toHexString(x) + " k=" + k);
                y &= y - 1;
            }
        }
    }

    @Test
    void unaryBucketStartsAndSizesMatchACountingPass() {
        Random r = new Random(8);
        for (int round = 0; round < 20; round++) {
            int buckets = 1 + r.nextInt(5000);
            int[] size = new int[buckets];
            for (int b = 0; b < buckets; b++) {
                int kind = r.nextInt(20);
                size[b] = kind == 0 ? r.nextInt(300) : kind < 8 ? 0 : r.nextInt(3);
            }
            long total = Arrays.stream(size).asLongStream().sum() + buckets;
            long[] bits = new long[(int) ((total + 63) >>> 6) + 1];
            int shift = UnarySelect.SAMPLE_SHIFT;
            int[] samp = new int[((buckets - 1) >>> shift) + 1];
            long pos = 0;
            long[] start = new long[buckets];
            for (int b = 0; b < buckets; b++) {
                if ((b & ((1 << shift) - 1)) == 0) {
                    samp[b >>> shift] = (int) pos;
                }
                start[b] = pos;
                for (int j = 0; j < size[b]; j++, pos++) {
                    bits[(int) (pos >>> 6)] |= 1L << pos;
                }
                pos++;
            }
            for (int b = 0; b < buckets; b++) {
                assertEquals(start[b], UnarySelect.bucketStart(bits, samp, b), "bucket " + b);
                assertEquals(size[b], UnarySelect.runOfOnes(bits, start[b]), "bucket " + b);
            }
        }
    }

    @Test
    void hugeBucketsStayExactAndSurviveSaveLoad() throws IOException {
        // 70,000 copies of one hash and 70,000 of a hash 2 bits away: buckets whose unary runs span thousands of
        // words, next to buckets of one entry
        Random r = new Random(21);
        Hash256 h = Naive.random(r);
        Hash256 near = Naive.flip(h, 2, r);
        long[] words = new long[4 * 150_000];
        List<Hash256> db = new ArrayList<>();
        for (int i = 0; i < 150_000; i++) {
            Hash256 x = i < 70_000 ? h : i < 140_000 ? near : Naive.random(r);
            db.add(x);
            x.copyTo(words, 4 * i);
        }
        long[] ids = new long[db.size()];
        Naive naive = new Naive();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
            naive.put(i, db.get(i));
        }
        HammingIndex index = HammingIndex.of(ids, words, Engine.MIH);
        Path file = Fixtures.scratchDir("index-full-buckets").resolve("full.idx");
        index.save(file);
        HammingIndex loaded = HammingIndex.load(file);
        for (Hash256 q : List.of(h, near, Naive.flip(h, 1, r), db.get(145_000), Naive.random(r))) {
            for (int d : new int[] {0, 1, 2, 31}) {
                List<IndexMatch> want = naive.range(q, d);
                assertEquals(want, index.range(q, d), "range d=" + d);
                assertEquals(want, loaded.range(q, d), "loaded range d=" + d);
            }
        }
        assertEquals(140_000, index.range(h, 2).size());
    }

    @Test
    void repeatedIdKeepsLastHash() {
        Random r = new Random(5);
        Hash256 a = Naive.random(r);
        Hash256 b = Naive.random(r);
        for (Engine e : Engine.values()) {
            HammingIndex index = HammingIndex.builder().engine(e).add(7, a).add(8, a).add(7, b).build();
            assertEquals(2, index.size());
            assertEquals(List.of(new IndexMatch(7, 0, 0)), index.range(b, 0));
            assertEquals(List.of(new IndexMatch(8, 0, 0)), index.range(a, 0));
            index.add(8, b);
            assertEquals(2, index.size());
            assertEquals(List.of(new IndexMatch(7, 0, 0), new IndexMatch(8, 0, 0)), index.range(b, 0));
        }
    }

    @Test
    void emptyAndSingleEntryIndexes() {
        Hash256 h = Naive.random(new Random(6));
        for (Engine e : Engine.values()) {
            HammingIndex empty = HammingIndex.builder().engine(e).build();
            assertEquals(0, empty.size());
            assertTrue(empty.range(h, 256).isEmpty());
            assertTrue(empty.nearest(h, 3).isEmpty());
            assertTrue(empty.rangeDihedral(List.of(h, h), 64).isEmpty());
            HammingIndex one = HammingIndex.of(new long[] {42}, wordsOf(List.of(h)), e);
            assertEquals(List.of(new IndexMatch(42, 0, 0)), one.range(h, 0));
            assertEquals(List.of(new IndexMatch(42, 256, 0)), one.nearest(h.xor(allOnes()), 5));
            assertTrue(one.range(h.xor(allOnes()), 255).isEmpty());
            assertTrue(one.remove(42));
            assertFalse(one.remove(42));
            assertTrue(one.nearest(h, 1).isEmpty());
        }
    }

    private static Hash256 allOnes() {
        return Hash256.of(-1L, -1L, -1L, -1L);
    }

    static long[] wordsOf(List<Hash256> hs) {
        long[] w = new long[4 * hs.size()];
        for (int i = 0; i < hs.size(); i++) {
            hs.get(i).copyTo(w, 4 * i);
        }
        return w;
    }

    static List<Hash256> readHashes(Path file) throws IOException {
        List<Hash256> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String hex = line.split(",", 2)[0].trim();
            if (Hash256.isHex(hex)) {
                out.add(Hash256.fromHex(hex));
            }
        }
        return out;
    }

    @Test
    void realHaystackAndNeedles() throws IOException {
        List<Hash256> hay = readHashes(Fixtures.reference("index/haystack.txt"));
        List<Hash256> needles = readHashes(Fixtures.reference("index/needles.txt"));
        assertEquals(1350, hay.size());
        assertEquals(100, needles.size());
        Naive naive = new Naive();
        long[] ids = new long[hay.size()];
        for (int i = 0; i < hay.size(); i++) {
            ids[i] = i + 1;
            naive.put(i + 1, hay.get(i));
        }
        int found = 0;
        for (Engine e : Engine.values()) {
            HammingIndex index = HammingIndex.of(ids, wordsOf(hay), e);
            for (int d : DISTANCES) {
                List<List<IndexMatch>> batch = index.rangeBatch(needles, d);
                for (int i = 0; i < needles.size(); i++) {
                    List<IndexMatch> want = naive.range(needles.get(i), d);
                    assertEquals(want, batch.get(i), e + " d=" + d + " needle " + i);
                    if (d == 31) {
                        found += want.size();
                    }
                }
            }
            for (Hash256 n : needles) {
                assertEquals(naive.nearest(n, 2), index.nearest(n, 2), e + " nearest");
            }
        }
        assertTrue(found > 0, "the real needles should have neighbours within 31 in the haystack");
    }

    @Test
    void multiIndexIsExactForEveryPlannableRadius() {
        // drive the multi-index directly at every distance, whatever its cost model prefers
        for (List<Hash256> db : List.of(Naive.uniform(2000, new Random(7)), Naive.clustered(2000, new Random(8)))) {
            long[] words = wordsOf(db);
            Random r = new Random(9);
            MultiIndex m = MultiIndex.build(words, db.size(), MultiIndex.widthsFor(db.size()));
            for (int d : new int[] {0, 1, 2, 7, 15, 16, 31, 32, 47, 64}) {
                int[] radii = MultiIndexPlanner.planIgnoringCost(m, d);
                assertNotNull(radii, "d=" + d);
                for (int qi = 0; qi < 6; qi++) {
                    Hash256 q = Naive.flip(db.get(r.nextInt(db.size())), r.nextInt(d + 2), r);
                    long[] qw = wordsOf(List.of(q));
                    List<Integer> got = new ArrayList<>();
                    MultiIndexSearcher.range(m, words, qw[0], qw[1], qw[2], qw[3], d, radii, 0, (x, pos, dist) -> {
                        assertEquals(db.get(pos).distance(q), dist);
                        got.add(pos);
                    });
                    List<Integer> want = new ArrayList<>();
                    for (int i = 0; i < db.size(); i++) {
                        if (db.get(i).distance(q) <= d) {
                            want.add(i);
                        }
                    }
                    got.sort(null);
                    assertEquals(want, got, "d=" + d + " radii " + Arrays.toString(radii));
                }
            }
        }
    }

    /**
     * Hits of m for queries [0, nq) of qw, as sorted (query, position, distance) triples: by single queries
     * (chunk 0) or by batches of at most chunk queries.
     */
    /** Hits as sorted (query, position, distance) longs: single queries when chunk is 0, else batches. */
    private static List<Long> hits(MultiIndex m, long[] words, long[] qw, int nq, int d, int[] radii, int chunk,
            int candidates) {
        List<Long> out = new ArrayList<>();
        Scan.Sink sink = (qi, pos, dist) -> out.add((long) qi << 40 | (long) pos << 9 | dist);
        if (chunk > 0) {
            MultiIndexBatchSearcher.rangeBatch(m, words, qw, nq, d, radii, sink, chunk, candidates);
        } else {
            for (int i = 0; i < nq; i++) {
                MultiIndexSearcher.range(m, words, qw[4 * i], qw[4 * i + 1], qw[4 * i + 2], qw[4 * i + 3], d, radii, i,
                        sink);
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void batchSearchFindsExactlyWhatSingleQueriesFind() {
        // 65,536 hashes: tables of 16-17 bits, 32 bins of 2,048 buckets each. 20 queries leave the bins sparse
        // (a select per probe), 2,000 make them dense (bounds decoded per bin), in one chunk or in three. The
        // candidates are verified all at once (regions of hashes read front to back), or 1,000 at a time, from
        // the middle of a table (regions sparse: each candidate's hash touched alone).
        int n = 1 << 16;
        for (boolean clustered : new boolean[] {false, true}) {
            List<Hash256> db = clustered ? Naive.clustered(n, new Random(22)) : Naive.uniform(n, new Random(21));
            long[] words = wordsOf(db);
            MultiIndex m = MultiIndex.build(words, n, MultiIndex.widthsFor(n));
            Random r = new Random(23);
            List<Hash256> qs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                qs.add(i % 3 == 2 ? Naive.random(r) : Naive.flip(db.get(r.nextInt(n)), r.nextInt(70), r));
            }
            long[] qw = wordsOf(qs);
            for (int d : new int[] {0, 7, 31, 64}) {
                int[] radii = MultiIndexPlanner.planIgnoringCost(m, d);
                assertNotNull(radii, "d=" + d);
                for (int nq : new int[] {0, 20, qs.size()}) {
                    List<Long> want = hits(m, words, qw, nq, d, radii, 0, 0);
                    for (int chunk : new int[] {MultiIndexPlanner.chunkOf(m, radii), 700}) {
                        for (int candidates : new int[] {MultiIndexBatchSearcher.BATCH_CANDIDATES, 1000}) {
                            String what = "d=" + d + " nq=" + nq + " chunk=" + chunk + " candidates=" + candidates;
                            List<Long> got = hits(m, words, qw, nq, d, radii,
                                    Math.min(chunk, MultiIndexPlanner.chunkOf(m, radii)), candidates);
                            assertEquals(want.size(), got.size(), what);
                            assertEquals(want, got, what);
                        }
                    }
                    if (d >= 31 && nq == qs.size()) {
                        assertTrue(want.size() >= nq / 6, "queries flipped <= d bits find their source, d=" + d);
                    }
                    for (long h : want) {
                        int qi = (int) (h >>> 40);
                        int pos = (int) ((h >>> 9) & ((1 << 31) - 1));
                        assertEquals(db.get(pos).distance(qs.get(qi)), (int) (h & 511));
                    }
                }
            }
            // through the public API, where the batch path is chosen by size, with removed entries
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = 1000 + i;
            }
            HammingIndex index = HammingIndex.of(ids, words.clone(), Engine.MIH);
            for (int i = 0; i < n; i += 97) {
                assertTrue(index.remove(1000 + i));
            }
            int[] radii = MultiIndexPlanner.plan(m, 31);
            if (!clustered) { // the cost model scans clustered data of this size
                assertTrue(radii != null && MultiIndexPlanner.batchPays(m, qs.size(), radii)
                        && !MultiIndexPlanner.batchPays(m, 8, radii));
            }
            List<List<IndexMatch>> batch = index.rangeBatch(qs, 31);
            for (int i = 0; i < qs.size(); i++) {
                assertEquals(index.range(qs.get(i), 31), batch.get(i), "query " + i);
            }
        }
    }

    @Test
    void batchSearchOverMoreTablesThanASortedCandidateNames() {
        // 3,000 hashes: 22 tables of 11-12 bits; a sorted candidate names its table in TABLE_BITS bits counted
        // from the first table since the last verification, so candidates are verified before that overflows
        int n = 3000;
        List<Hash256> db = Naive.uniform(n, new Random(31));
        long[] words = wordsOf(db);
        MultiIndex m = MultiIndex.build(words, n, MultiIndex.widthsFor(n));
        assertTrue(m.tables > 1 << MultiIndexBatchSearcher.TABLE_BITS, m.tables + " tables");
        Random r = new Random(32);
        List<Hash256> qs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            qs.add(Naive.flip(db.get(r.nextInt(n)), r.nextInt(60), r));
        }
        long[] qw = wordsOf(qs);
        for (int d : new int[] {15, 31, 64}) {
            int[] radii = MultiIndexPlanner.planIgnoringCost(m, d);
            List<Long> want = hits(m, words, qw, qs.size(), d, radii, 0, 0);
            assertFalse(want.isEmpty(), "d=" + d);
            assertEquals(want, hits(m, words, qw, qs.size(), d, radii, MultiIndexPlanner.chunkOf(m, radii),
                    MultiIndexBatchSearcher.BATCH_CANDIDATES), "d=" + d);
        }
    }

    @Test
    void liveUpdatesMatchNaiveAcrossMerges() {
        Random r = new Random(10);
        Naive naive = new Naive();
        List<Hash256> db = Naive.clustered(HammingIndex.AUTO_MIH_MIN_SIZE + 100, r);
        long[] ids = new long[db.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 2L * i;
            naive.put(ids[i], db.get(i));
        }
        HammingIndex index = HammingIndex.of(ids, wordsOf(db), Engine.AUTO);
        assertTrue(index.multiIndexWidths().length > 0);
        // more adds than MAX_DELTA forces a merge; removes hit both base and delta
        for (int i = 0; i < HammingIndex.MAX_DELTA + 500; i++) {
            long id = 2L * r.nextInt(ids.length * 2) + 1;
            Hash256 h = Naive.flip(db.get(r.nextInt(db.size())), r.nextInt(20), r);
            index.add(id, h);
            naive.put(id, h);
            if (i % 7 == 0) {
                long victim = r.nextBoolean() ? ids[r.nextInt(ids.length)] : id;
                assertEquals(naive.entries.remove(victim) != null, index.remove(victim));
            }
        }
        assertEquals(naive.entries.size(), index.size());
        List<Hash256> qs = queries(db, r);
        for (int d : new int[] {0, 15, 31, 64}) {
            for (Hash256 q : qs) {
                assertEquals(naive.range(q, d), index.range(q, d), "d=" + d);
            }
        }
        for (Hash256 q : qs) {
            assertEquals(naive.nearest(q, 4), index.nearest(q, 4));
        }
    }

    @Test
    void saveLoadRoundTripAndCorruptFilesRejected() throws IOException {
        Path dir = Fixtures.scratchDir("index-file");
        Random r = new Random(11);
        List<Hash256> db = Naive.clustered(5000, r);
        long[] ids = shuffledIds(db.size(), r);
        HammingIndex index = HammingIndex.of(ids, wordsOf(db), Engine.MIH);
        index.remove(ids[0]);
        index.add(123456789L, db.get(1));
        Path f = dir.resolve("idx.bin");
        index.save(f);
        HammingIndex loaded = HammingIndex.load(f);
        assertEquals(index.size(), loaded.size());
        assertEquals(Engine.MIH, loaded.engine());
        for (Hash256 q : queries(db, r)) {
            assertEquals(index.range(q, 31), loaded.range(q, 31));
            assertEquals(index.nearest(q, 3), loaded.nearest(q, 3));
        }
        byte[] bytes = Files.readAllBytes(f);

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        IOException e1 = assertThrows(IOException.class, () -> HammingIndex.load(write(dir, "flip.bin", flipped)));
        assertTrue(e1.getMessage().contains("flip.bin") && e1.getMessage().contains("checksum"), e1.getMessage());

        byte[] cut = Arrays.copyOf(bytes, bytes.length - 9);
        IOException e2 = assertThrows(IOException.class, () -> HammingIndex.load(write(dir, "cut.bin", cut)));
        assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());

        byte[] magic = bytes.clone();
        magic[0] = 'X';
        IOException e3 = assertThrows(IOException.class, () -> HammingIndex.load(write(dir, "magic.bin", magic)));
        assertTrue(e3.getMessage().contains("magic"), e3.getMessage());

        byte[] huge = bytes.clone();
        huge[23] = 0x7f; // count field claims an enormous size: rejected before allocating
        IOException e4 = assertThrows(IOException.class, () -> HammingIndex.load(write(dir, "huge.bin", huge)));
        assertTrue(e4.getMessage().contains("huge.bin"), e4.getMessage());

        // A file whose checksum is right but whose first multi-index table names a position past the hashes (what
        // fuzzing found: a search then ran off the hash array): refused at load.
        byte[] table = bytes.clone();
        int n = index.size();
        int[] widths = index.multiIndexWidths();
        int packedAt = 32 + 40 * n + 8 + 8 * widths.length + 8 * MultiIndex.unaryLength(n, widths[0]);
        Arrays.fill(table, packedAt, packedAt + 8, (byte) 0xFF); // the first entries' position bits all ones
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(table, 8, 16);
        crc.update(table, 32, table.length - 32);
        java.nio.ByteBuffer.wrap(table).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(24, crc.getValue());
        IOException e5 = assertThrows(IOException.class, () -> HammingIndex.load(write(dir, "table.bin", table)));
        assertTrue(e5.getMessage().contains("table.bin") && e5.getMessage().contains("position past the"), e5.getMessage());

        assertThrows(IOException.class, () -> HammingIndex.load(write(dir, "empty.bin", new byte[0])));
        assertThrows(IOException.class, () -> HammingIndex.load(dir.resolve("missing.bin")));
    }

    private static Path write(Path dir, String name, byte[] b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    @Test
    void multiThreadedScanMatchesSingleThreaded() {
        Random r = new Random(12);
        List<Hash256> db = Naive.clustered(140_000, r);
        long[] ids = shuffledIds(db.size(), r);
        HammingIndex.Builder one = HammingIndex.builder().engine(Engine.SCAN);
        HammingIndex.Builder two = HammingIndex.builder().engine(Engine.SCAN).threads(2);
        for (int i = 0; i < db.size(); i++) {
            one.add(ids[i], db.get(i));
            two.add(ids[i], db.get(i));
        }
        HammingIndex a = one.build();
        HammingIndex b = two.build();
        List<Hash256> qs = queries(db, r);
        for (int d : new int[] {0, 31, 64}) {
            assertEquals(a.rangeBatch(qs, d), b.rangeBatch(qs, d), "d=" + d);
            assertEquals(a.rangeDihedral(qs.subList(0, 8), d), b.rangeDihedral(qs.subList(0, 8), d), "d=" + d);
        }
        assertEquals(a.nearestBatch(qs, 5), b.nearestBatch(qs, 5));
    }

    @Test
    void rejectsBadArguments() {
        HammingIndex index = HammingIndex.builder().build();
        Hash256 h = Hash256.ZERO;
        assertThrows(IllegalArgumentException.class, () -> index.range(h, -1));
        assertThrows(IllegalArgumentException.class, () -> index.nearest(h, -1));
        assertThrows(IllegalArgumentException.class, () -> index.rangeDihedral(List.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> HammingIndex.of(new long[2], new long[7], Engine.AUTO));
    }
}
