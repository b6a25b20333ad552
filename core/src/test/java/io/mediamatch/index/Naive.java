package io.mediamatch.index;

import io.mediamatch.pdq.Hash256;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The obviously-correct reference the engines are checked against, plus data generators. */
final class Naive {
    final Map<Long, Hash256> entries = new LinkedHashMap<>();

    static final Comparator<IndexMatch> ORDER =
            Comparator.comparingInt(IndexMatch::distance).thenComparingLong(IndexMatch::id);

    void put(long id, Hash256 h) {
        entries.put(id, h);
    }

    List<IndexMatch> range(Hash256 q, int d) {
        List<IndexMatch> out = new ArrayList<>();
        entries.forEach((id, h) -> {
            int dist = h.distance(q);
            if (dist <= d) {
                out.add(new IndexMatch(id, dist, 0));
            }
        });
        out.sort(ORDER);
        return out;
    }

    List<IndexMatch> nearest(Hash256 q, int k) {
        List<IndexMatch> all = range(q, 256);
        return new ArrayList<>(all.subList(0, Math.min(k, all.size())));
    }

    List<IndexMatch> dihedral(List<Hash256> qs, int d) {
        List<IndexMatch> out = new ArrayList<>();
        entries.forEach((id, h) -> {
            int best = Integer.MAX_VALUE;
            int bestO = -1;
            for (int o = 0; o < qs.size(); o++) {
                int dist = h.distance(qs.get(o));
                if (dist < best) {
                    best = dist;
                    bestO = o;
                }
            }
            if (best <= d) {
                out.add(new IndexMatch(id, best, bestO));
            }
        });
        out.sort(ORDER);
        return out;
    }

    static Hash256 random(Random r) {
        return Hash256.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }

    /** {@code h} with {@code bits} distinct random bits flipped. */
    static Hash256 flip(Hash256 h, int bits, Random r) {
        return h.flipRandomBits(bits, r);
    }

    /** n hashes in families of about 20 near-duplicates (6 bits from a centre), as real banks have. */
    static List<Hash256> clustered(int n, Random r) {
        List<Hash256> centres = new ArrayList<>();
        for (int i = 0; i < Math.max(1, n / 20); i++) {
            centres.add(random(r));
        }
        List<Hash256> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(flip(centres.get(r.nextInt(centres.size())), r.nextInt(7), r));
        }
        return out;
    }

    static List<Hash256> uniform(int n, Random r) {
        List<Hash256> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(random(r));
        }
        return out;
    }
}
