package io.mediamatch.video;

import com.google.common.base.Preconditions;
import io.mediamatch.index.HammingIndex;
import io.mediamatch.index.IndexMatch;
import io.mediamatch.pdq.Hash256;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Banked vPDQ hashes searchable by a query video, as the vPDQ README's candidate pruning describes: the unique
 * frame hashes of all banked videos go into a Hamming range index; a query's frames look up the videos sharing
 * a frame within D, and only those candidates get the full comparison. Results equal a comparison against every
 * banked video. Immutable and thread-safe once built.
 */
public final class VpdqIndex {
    private final VpdqMatcher matcher;
    private final long[] videoIds;
    private final VpdqMatcher.Prepared[] videos;
    private final HammingIndex index;
    // unique frame ordinal -> the banked videos (positions in videoIds) holding it
    private final int[][] videosOfFrame;

    private VpdqIndex(VpdqMatcher matcher, long[] videoIds, VpdqMatcher.Prepared[] videos, HammingIndex index,
            int[][] videosOfFrame) {
        this.matcher = matcher;
        this.videoIds = videoIds;
        this.videos = videos;
        this.index = index;
        this.videosOfFrame = videosOfFrame;
    }

    /** A builder comparing with {@code options}. */
    public static Builder builder(VpdqMatchOptions options) {
        return new Builder(options);
    }

    /** Number of banked videos. */
    public int size() {
        return videoIds.length;
    }

    /** Number of distinct frame hashes in the index. */
    public int uniqueFrames() {
        return videosOfFrame.length;
    }

    /** The options every comparison uses. */
    public VpdqMatchOptions options() {
        return matcher.options();
    }

    /**
     * The banked videos that match {@code query} (both thresholds reached), best first (query percentage, then
     * compared percentage, descending; then id).
     */
    public List<Result> search(VpdqHash query) {
        List<Result> all = compareCandidates(query);
        all.removeIf(r -> !r.match().isMatch());
        return all;
    }

    /**
     * Full comparison of {@code query} with every banked video sharing at least one frame within D, whether or
     * not it reaches the thresholds; best first.
     */
    public List<Result> compareCandidates(VpdqHash query) {
        VpdqMatcher.Prepared q = matcher.prepare(query);
        int[] candidates = candidates(q);
        List<Result> out = new ArrayList<>(candidates.length);
        for (int v : candidates) {
            out.add(new Result(videoIds[v], matcher.compare(q, videos[v])));
        }
        out.sort(Comparator.comparingDouble((Result r) -> -r.match().queryPercent())
                .thenComparingDouble(r -> -r.match().comparedPercent())
                .thenComparingLong(Result::videoId));
        return out;
    }

    /** Positions of banked videos with a frame within D of some query frame, ascending. */
    int[] candidates(VpdqMatcher.Prepared q) {
        boolean[] seen = new boolean[videoIds.length];
        int count = 0;
        int d = matcher.options().inclusiveDistance();
        if (d < 0 || q.size() == 0) {
            return new int[0];
        }
        List<Hash256> frames = new ArrayList<>(q.size());
        for (int i = 0; i < q.size(); i++) {
            frames.add(q.hash(i));
        }
        for (List<IndexMatch> hits : index.rangeBatch(frames, d)) {
            for (IndexMatch hit : hits) {
                for (int v : videosOfFrame[(int) hit.id()]) {
                    if (!seen[v]) {
                        seen[v] = true;
                        count++;
                    }
                }
            }
        }
        int[] out = new int[count];
        int n = 0;
        for (int v = 0; v < seen.length; v++) {
            if (seen[v]) {
                out[n++] = v;
            }
        }
        return out;
    }

    /** One banked video compared with the query. */
    public record Result(long videoId, VpdqMatch match) {}

    /** Collects banked videos; not thread-safe. */
    public static final class Builder {
        private final VpdqMatcher matcher;
        private final List<Long> ids = new ArrayList<>();
        private final List<VpdqMatcher.Prepared> prepared = new ArrayList<>();

        private Builder(VpdqMatchOptions options) {
            this.matcher = new VpdqMatcher(options);
        }

        /**
         * Banks {@code hash} under {@code videoId} (the caller's key, e.g. a store row id). Frames below the
         * quality threshold are dropped; a video left with no frame can never match.
         */
        public Builder add(long videoId, VpdqHash hash) {
            Preconditions.checkNotNull(hash, "hash");
            ids.add(videoId);
            prepared.add(matcher.prepare(hash));
            return this;
        }

        /** Builds the frame index. */
        public VpdqIndex build() {
            Map<Hash256, List<Integer>> owners = new LinkedHashMap<>();
            for (int v = 0; v < prepared.size(); v++) {
                VpdqMatcher.Prepared p = prepared.get(v);
                for (int i = 0; i < p.size(); i++) {
                    List<Integer> list = owners.computeIfAbsent(p.hash(i), h -> new ArrayList<>(1));
                    if (list.isEmpty() || list.get(list.size() - 1) != v) {
                        list.add(v);
                    }
                }
            }
            Hash256[] frames = owners.keySet().toArray(new Hash256[0]);
            int[][] videosOfFrame = new int[frames.length][];
            int f = 0;
            for (List<Integer> list : owners.values()) {
                videosOfFrame[f++] = list.stream().mapToInt(Integer::intValue).toArray();
            }
            long[] videoIds = ids.stream().mapToLong(Long::longValue).toArray();
            // Index ids are positions in 'frames'; the index picks scan or multi-index hashing by size.
            long[] frameIds = new long[frames.length];
            long[] words = new long[frames.length * 4];
            for (int i = 0; i < frames.length; i++) {
                frameIds[i] = i;
                frames[i].copyTo(words, i * 4);
            }
            return new VpdqIndex(matcher, videoIds, prepared.toArray(new VpdqMatcher.Prepared[0]),
                    HammingIndex.of(frameIds, words, HammingIndex.Engine.AUTO), videosOfFrame);
        }
    }
}
