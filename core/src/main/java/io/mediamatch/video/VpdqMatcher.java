package io.mediamatch.video;

import com.google.common.base.Preconditions;
import io.mediamatch.pdq.Hash256;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares vPDQ hashes with the reference algorithm: quality filter F, optional de-duplication, frame distance
 * D, percentages of matched frames on both sides, thresholds P_q and P_c (see {@link VpdqMatchOptions}).
 * Immutable and thread-safe.
 */
public final class VpdqMatcher {
    private final VpdqMatchOptions options;

    /** A matcher with these options. */
    public VpdqMatcher(VpdqMatchOptions options) {
        this.options = Preconditions.checkNotNull(options, "options");
    }

    /** A matcher with {@link VpdqMatchOptions#DEFAULTS}. */
    public VpdqMatcher() {
        this(VpdqMatchOptions.DEFAULTS);
    }

    public VpdqMatchOptions options() {
        return options;
    }

    /**
     * Compares {@code query} with {@code compared}. When either side has no frame of quality >= F both
     * percentages are 0 and it is not a match.
     */
    public VpdqMatch compare(VpdqHash query, VpdqHash compared) {
        return compare(prepare(query), prepare(compared));
    }

    /** Compares two prepared hashes (see {@link #prepare}); they must come from this matcher's options. */
    public VpdqMatch compare(Prepared query, Prepared compared) {
        int nq = query.size();
        int nc = compared.size();
        if (nq == 0 || nc == 0) {
            return new VpdqMatch(0, 0, false);
        }
        int d = options.inclusiveDistance();
        double q = countMatched(query.words, compared.words, d) * 100.0 / nq;
        double c = countMatched(compared.words, query.words, d) * 100.0 / nc;
        boolean match = q >= options.queryPercent() && c >= options.comparedPercent();
        return new VpdqMatch(q, c, match);
    }

    /** Number of frames of {@code a} within {@code maxDistance} of some frame of {@code b}. */
    static int countMatched(long[] a, long[] b, int maxDistance) {
        int matched = 0;
        for (int i = 0; i < a.length; i += 4) {
            long a0 = a[i];
            long a1 = a[i + 1];
            long a2 = a[i + 2];
            long a3 = a[i + 3];
            for (int j = 0; j < b.length; j += 4) {
                int dist = Long.bitCount(a0 ^ b[j]) + Long.bitCount(a1 ^ b[j + 1])
                        + Long.bitCount(a2 ^ b[j + 2]) + Long.bitCount(a3 ^ b[j + 3]);
                if (dist <= maxDistance) {
                    matched++;
                    break;
                }
            }
        }
        return matched;
    }

    /** The frames of {@code hash} this matcher compares: quality >= F, then unique hashes unless demo-compatible. */
    public Prepared prepare(VpdqHash hash) {
        List<VpdqFeature> frames = hash.frames();
        long[] words = new long[frames.size() * 4];
        Set<Hash256> seen = options.demoCompatible() ? null : new HashSet<>();
        int n = 0;
        for (VpdqFeature f : frames) {
            if (f.quality() < options.qualityThreshold()) {
                continue;
            }
            if (seen != null && !seen.add(f.hash())) {
                continue;
            }
            f.hash().copyTo(words, n * 4);
            n++;
        }
        return new Prepared(java.util.Arrays.copyOf(words, n * 4));
    }

    /** The frame hashes of one video as the comparison sees them, flat (4 words per frame). Immutable. */
    public static final class Prepared {
        private final long[] words;

        Prepared(long[] words) {
            this.words = words;
        }

        /** Number of frames taking part in the comparison. */
        public int size() {
            return words.length / 4;
        }

        /** Frame {@code i}'s hash. */
        public Hash256 hash(int i) {
            return Hash256.fromWords(words, i * 4);
        }
    }
}
