package io.mediamatch.benchmarks;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqMatch;
import io.mediamatch.video.VpdqMatchOptions;
import io.mediamatch.video.VpdqMatcher;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What frame pruning (vPDQ README's D_prune) does to the reference pairs: banked side pruned, query as hashed.
 * Prints frames kept and the change of query/compared percentages and of match decisions. Run from the repo root:
 * {@code java -cp benchmarks/target/benchmarks.jar io.mediamatch.benchmarks.VpdqPruningReport}.
 */
public final class VpdqPruningReport {
    private VpdqPruningReport() {}

    public static void main(String[] args) throws Exception {
        Map<String, VpdqHash> hashes = new TreeMap<>();
        try (var s = Files.list(Fixtures.reference("video/vpdq/every-frame"))) {
            for (var p : s.sorted().toList()) {
                hashes.put(p.getFileName().toString().replace(".txt", ""), VpdqHash.read(p));
            }
        }
        VpdqMatcher matcher = new VpdqMatcher();
        VpdqMatchOptions readme = VpdqMatchOptions.DEFAULTS.withThresholds(0, 80);
        List<String> names = new ArrayList<>(hashes.keySet());
        int total = hashes.values().stream().mapToInt(VpdqHash::size).sum();
        System.out.println("| D_prune | banked frames kept | max abs change query % | max abs change compared % |"
                + " mean abs change (both) | decisions changed (P_q=80,P_c=0) | decisions changed (P_q=0,P_c=80) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int d : new int[] {0, 2, 4, 8, 12, 16, 24, 31}) {
            Map<String, VpdqHash> pruned = new TreeMap<>();
            hashes.forEach((k, v) -> pruned.put(k, v.pruned(d)));
            int kept = pruned.values().stream().mapToInt(VpdqHash::size).sum();
            double maxQ = 0;
            double maxC = 0;
            double sum = 0;
            int n = 0;
            int changedDefault = 0;
            int changedReadme = 0;
            for (String q : names) {
                for (String c : names) {
                    VpdqMatch base = matcher.compare(hashes.get(q), hashes.get(c));
                    VpdqMatch p = matcher.compare(hashes.get(q), pruned.get(c));
                    maxQ = Math.max(maxQ, Math.abs(p.queryPercent() - base.queryPercent()));
                    maxC = Math.max(maxC, Math.abs(p.comparedPercent() - base.comparedPercent()));
                    sum += Math.abs(p.queryPercent() - base.queryPercent())
                            + Math.abs(p.comparedPercent() - base.comparedPercent());
                    n += 2;
                    if (p.isMatch() != base.isMatch()) {
                        changedDefault++;
                    }
                    if (decide(readme, p) != decide(readme, base)) {
                        changedReadme++;
                    }
                }
            }
            System.out.printf("| %d | %d of %d (%.1f%%) | %.2f | %.2f | %.2f | %d of %d | %d of %d |%n", d, kept,
                    total, 100.0 * kept / total, maxQ, maxC, sum / n, changedDefault, names.size() * names.size(),
                    changedReadme, names.size() * names.size());
        }
    }

    private static boolean decide(VpdqMatchOptions o, VpdqMatch m) {
        return m.queryPercent() >= o.queryPercent() && m.comparedPercent() >= o.comparedPercent()
                && m.queryPercent() + m.comparedPercent() > 0;
    }
}
