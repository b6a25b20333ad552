package io.mediamatch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mediamatch.eval.Evaluation.Original;
import io.mediamatch.eval.Evaluation.Query;
import io.mediamatch.eval.Evaluation.TransformResult;
import io.mediamatch.pdq.Hash256;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tiny hand-made database where every count can be worked out on paper. */
class EvaluationTest {
    /** Word-level masks: {@code w3} low {@code bits} set. */
    private static Hash256 lowBits(int word, int bits) {
        long v = bits == 64 ? -1L : (1L << bits) - 1;
        long[] w = new long[4];
        w[word] = v;
        return Hash256.fromWords(w, 0);
    }

    private static final Hash256 A = Hash256.ZERO;
    private static final Hash256 B = Hash256.of(-1L, -1L, 0, 0); // 128 bits from A
    private static final Hash256 C = lowBits(3, 20); // an edit of A, 20 bits away, same family

    private static final List<Original> ORIGINALS = List.of(
            new Original("A", "a", A, 100), new Original("B", "b", B, 100), new Original("C", "a", C, 100));

    private static final List<Query> QUERIES = List.of(
            // own 10 (A); C is 30 away; B 138
            new Query("v1", 0, "t1", List.of(lowBits(2, 10)), 100),
            // 25 from A but 5 from C, its family: own 5
            new Query("v2", 0, "t1", List.of(lowBits(3, 25)), 100),
            // B less 30 bits: own 30; A 98, C 118
            new Query("v3", 1, "t2", List.of(B.xor(lowBits(0, 30))), 100),
            // dihedral pair: one far from everything, one equal to A: own min(256,128)=128, crosses A at 0
            new Query("v4", 1, "t2", List.of(Hash256.of(0, 0, -1L, -1L), A), 100),
            // distractors: 64 from A and B, 84 from C; and 3 from A, 23 from C
            new Query("d1", -1, null, List.of(lowBits(0, 64)), 100),
            new Query("d2", -1, null, List.of(lowBits(1, 3)), 100));

    private final Evaluation e = Evaluation.of(ORIGINALS, QUERIES, new int[] {16, 31, 64}, 1);

    @Test
    void closestWrongDistancesNameTheNearestDistractor() {
        assertEquals(3, e.closestDistractorDistance());
        assertEquals(0, e.closestWrongDistance(), "v4's second hash equals A, of another family");
        assertEquals(List.of(new Evaluation.Miss("d2", 0, null, 3)), e.closestDistractors());
        Evaluation none = Evaluation.of(ORIGINALS, QUERIES.subList(0, 2), new int[] {31}, 5);
        assertEquals(-1, none.closestDistractorDistance());
        assertEquals(List.of(), none.closestDistractors());
    }

    @Test
    void recallCountsOwnFamily() {
        TransformResult t1 = e.transforms().get(0);
        assertEquals("t1", t1.transform());
        assertEquals(2, t1.variants());
        assertEquals(List.of(2, 2, 2), t1.recalled());
        assertEquals(List.of(0, 0, 0), t1.crossMatched());
        assertEquals(7.5, t1.meanDistance(), 1e-9);
        assertEquals(5, t1.medianDistance());
        assertEquals(10, t1.maxDistance());

        TransformResult t2 = e.transforms().get(1);
        assertEquals(List.of(0, 1, 1), t2.recalled());
        assertEquals(List.of(1, 1, 1), t2.crossMatched());
        assertEquals(128, t2.maxDistance());
        assertEquals(0.5, t2.recall(1), 1e-9);

        assertEquals(4, e.overall().variants());
        assertEquals(List.of(2, 3, 3), e.overall().recalled());
    }

    @Test
    void falsePositivesCountOtherFamiliesAndDistractors() {
        assertEquals(2, e.distractors());
        assertEquals(List.of(1, 1, 2), e.distractorsMatched());
        assertEquals(2.0 / 6, e.falsePositiveRate(0), 1e-9);
        assertEquals(3.0 / 6, e.falsePositiveRate(2), 1e-9);
        assertEquals(12, e.impostorPairs());
        assertEquals(List.of(2L, 4L, 6L), e.impostorPairsWithin());
        assertEquals(6.0 / 12, e.pairFalseMatchRate(2), 1e-9);
    }

    @Test
    void histogramsAndWorstMisses() {
        assertEquals(Evaluation.HISTOGRAM_BINS, e.ownHistogram().size());
        assertEquals(1L, e.ownHistogram().get(128));
        assertEquals(4L, e.ownHistogram().stream().mapToLong(Long::longValue).sum());
        assertEquals(12L, e.impostorHistogram().stream().mapToLong(Long::longValue).sum());
        assertEquals(1L, e.impostorHistogram().get(0)); // v4 against A
        // closest other family per query: v1 138, v2 153, v3 98, v4 0, d1 64, d2 3
        for (int d : new int[] {0, 3, 64, 98, 138, 153}) {
            assertEquals(1L, e.closestImpostorHistogram().get(d), "d=" + d);
        }
        assertEquals(6L, e.closestImpostorHistogram().stream().mapToLong(Long::longValue).sum());
        for (int i = 0; i < e.distances().size(); i++) {
            int d = e.distances().get(i);
            assertEquals(e.falsePositiveRate(i), e.falsePositiveRateAt(d), 1e-12);
            assertEquals(e.overall().recall(i), e.recallAt(d), 1e-12);
        }
        assertEquals(1, e.worstMisses().size());
        assertEquals("v4", e.worstMisses().get(0).name());
        assertEquals(128, e.worstMisses().get(0).distance());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Evaluation.of(ORIGINALS, QUERIES, new int[] {31, 16}, 0));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.of(ORIGINALS,
                List.of(new Query("x", 7, "t", List.of(A), 100)), new int[] {31}, 0));
    }
}
