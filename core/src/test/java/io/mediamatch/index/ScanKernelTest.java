package io.mediamatch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every scan kernel this JVM can run (the scalar one always; the Vector API one on JDK 25 with the incubator
 * module, which the build's JDK 25 run requires) against a pairwise reference: ranges, nearest-per-position and
 * top-k, for 1..8 queries, unaligned bounds, tails that are not a multiple of 8, dead positions and dense hits.
 */
class ScanKernelTest {
    private static final int N = 2_061;

    /** Hashes with a run of near neighbours of each query planted at distances 0..96. */
    private static long[] data(long[] q, Random r) {
        long[] w = new long[4 * N];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextLong();
        }
        int nq = q.length / 4;
        for (int i = 0; i < 400; i++) {
            int pos = r.nextInt(N);
            int j = r.nextInt(nq);
            System.arraycopy(q, 4 * j, w, 4 * pos, 4);
            for (int f = r.nextInt(97); f > 0; f--) {
                int bit = r.nextInt(256);
                w[4 * pos + (bit >>> 6)] ^= 1L << bit;
            }
        }
        return w;
    }

    private static int distance(long[] w, int pos, long[] q, int j) {
        int d = 0;
        for (int k = 0; k < 4; k++) {
            d += Long.bitCount(w[4 * pos + k] ^ q[4 * j + k]);
        }
        return d;
    }

    static List<Scan.Kernel> kernels() {
        List<Scan.Kernel> ks = new ArrayList<>();
        ks.add(new ScalarScan());
        String[] why = new String[1];
        Scan.Kernel v = Scan.vector(why);
        if (v != null) {
            ks.add(v);
        }
        return ks;
    }

    @Test
    void theRequiredKernelIsTheOneInUse() {
        String mode = System.getProperty("mediamatch.scan", "auto");
        String[] why = new String[1];
        Scan.Kernel v = Scan.vector(why);
        if (mode.equals("vector")) {
            assertNotNull(v, "vector kernel required: " + why[0]);
            assertTrue(HammingIndex.scanKernel().startsWith("vector"), HammingIndex.scanKernel());
        } else if (mode.equals("scalar") || v == null) {
            assertEquals("scalar", HammingIndex.scanKernel());
        } else {
            assertEquals(v.name(), HammingIndex.scanKernel());
        }
    }

    @Test
    void rangeFindsEveryPairWithinTheRadius() {
        Random r = new Random(11);
        for (int nq = 1; nq <= 8; nq++) {
            long[] q = new long[4 * nq];
            for (int i = 0; i < q.length; i++) {
                q[i] = r.nextLong();
            }
            long[] w = data(q, r);
            for (int maxD : new int[] {0, 20, 31, 64, 128, 256}) {
                int from = r.nextInt(13);
                int to = N - r.nextInt(13);
                TreeSet<String> expected = new TreeSet<>();
                for (int pos = from; pos < to; pos++) {
                    for (int j = 0; j < nq; j++) {
                        int d = distance(w, pos, q, j);
                        if (d <= maxD) {
                            expected.add((5 + j) + "/" + pos + "/" + d);
                        }
                    }
                }
                for (Scan.Kernel k : kernels()) {
                    TreeSet<String> got = new TreeSet<>();
                    List<String> calls = new ArrayList<>();
                    k.rangeMulti(w, from, to, q, nq, maxD, 5, (j, pos, d) -> calls.add(j + "/" + pos + "/" + d));
                    got.addAll(calls);
                    assertEquals(expected, got, k.name() + " nq=" + nq + " maxD=" + maxD);
                    assertEquals(got.size(), calls.size(), k.name() + ": a pair reported twice");
                }
            }
        }
    }

    @Test
    void rangeBestReportsEachPositionOnceWithItsNearestQuery() {
        Random r = new Random(12);
        for (int nq = 1; nq <= 8; nq++) {
            long[] q = new long[4 * nq];
            for (int i = 0; i < q.length; i++) {
                q[i] = r.nextLong();
            }
            // ties: some queries repeat an earlier one, so the lowest index must win
            if (nq > 2) {
                System.arraycopy(q, 0, q, 4 * (nq - 1), 4);
            }
            long[] w = data(q, r);
            for (int maxD : new int[] {0, 31, 100, 256}) {
                int from = r.nextInt(13);
                int to = N - r.nextInt(13);
                List<String> expected = new ArrayList<>();
                for (int pos = from; pos < to; pos++) {
                    int best = -1;
                    int bestD = Integer.MAX_VALUE;
                    for (int j = 0; j < nq; j++) {
                        int d = distance(w, pos, q, j);
                        if (d < bestD) {
                            best = j;
                            bestD = d;
                        }
                    }
                    if (bestD <= maxD) {
                        expected.add(best + "/" + pos + "/" + bestD);
                    }
                }
                for (Scan.Kernel k : kernels()) {
                    List<String> got = new ArrayList<>();
                    k.rangeBest(w, from, to, q, nq, maxD, (j, pos, d) -> got.add(j + "/" + pos + "/" + d));
                    assertEquals(expected, got, k.name() + " nq=" + nq + " maxD=" + maxD);
                }
            }
        }
    }

    @Test
    void nearestKeepsTheKBestLivePositions() {
        Random r = new Random(13);
        for (int nq = 1; nq <= 8; nq++) {
            long[] q = new long[4 * nq];
            for (int i = 0; i < q.length; i++) {
                q[i] = r.nextLong();
            }
            long[] w = data(q, r);
            Tombstones dead = Tombstones.NONE;
            for (int i = 0; i < 300; i++) {
                dead = dead.with(r.nextInt(N));
            }
            long[] ids = new long[N];
            for (int i = 0; i < N; i++) {
                ids[i] = 1_000_000L - 7L * i; // not in position order, so ties on distance are settled by id
            }
            for (int k : new int[] {1, 3, 40}) {
                for (boolean withIds : new boolean[] {false, true}) {
                    int from = r.nextInt(13);
                    int to = N - r.nextInt(13);
                    List<List<IndexMatch>> expected = new ArrayList<>();
                    for (int j = 0; j < nq; j++) {
                        Hits all = new Hits();
                        for (int pos = from; pos < to; pos++) {
                            if (!dead.get(pos)) {
                                all.add(withIds ? ids[pos] : 40 + pos, distance(w, pos, q, j), 0);
                            }
                        }
                        expected.add(all.toList(false, k));
                    }
                    for (Scan.Kernel kernel : kernels()) {
                        TopK[] tops = new TopK[nq];
                        for (int j = 0; j < nq; j++) {
                            tops[j] = new TopK(k);
                        }
                        kernel.nearest(w, from, to, q, nq, tops, withIds ? ids : null, 40, dead);
                        for (int j = 0; j < nq; j++) {
                            assertEquals(expected.get(j), tops[j].toList(),
                                    kernel.name() + " nq=" + nq + " k=" + k + " query " + j);
                        }
                    }
                }
            }
        }
    }
}
