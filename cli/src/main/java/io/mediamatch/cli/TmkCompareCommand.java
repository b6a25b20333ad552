package io.mediamatch.cli;

import io.mediamatch.MediaException;
import io.mediamatch.tmk.TmkIndex;
import io.mediamatch.tmk.TmkHash;
import io.mediamatch.tmk.TmkScores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mediamatch tmk compare A.tmk B.tmk...}: level-1 and level-2 scores of every pair, as the reference. */
@Command(name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Score every pair of .tmk files: prints 'a,b,level1,level2' (6 decimals) for each pair a before b in argument"
                + " order. Level 1: cosine of the average features (-1..1); level 2: the temporal match kernel (0..1).",
            "Upstream's match thresholds are 0.7 for both; >= 0.9 suggests near-identical copies.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every pair was scored",
            "1:a file could not be read (see stderr); the other pairs are printed",
            "2:bad usage, or hashes made with different TMK parameters",
        })
public final class TmkCompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "FILE.tmk", description = ".tmk files (at least two).")
    List<Path> files;

    @Option(names = "--matches-only", description = "Print only pairs with level1 >= --c1 and level2 >= --c2.")
    boolean matchesOnly;

    @Option(names = "--c1", paramLabel = "X", description = "Level-1 threshold for --matches-only (default:"
            + " ${DEFAULT-VALUE}).", defaultValue = "" + TmkIndex.DEFAULT_LEVEL1_THRESHOLD)
    float level1Threshold;

    @Option(names = "--c2", paramLabel = "Y", description = "Level-2 threshold for --matches-only (default:"
            + " ${DEFAULT-VALUE}).", defaultValue = "" + TmkIndex.DEFAULT_LEVEL2_THRESHOLD)
    float level2Threshold;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> names = new ArrayList<>();
        List<TmkHash> hashes = new ArrayList<>();
        int failed = 0;
        for (Path f : files) {
            try {
                hashes.add(TmkHash.read(f));
                names.add(f);
            } catch (MediaException e) {
                failed++;
                err.println("mediamatch tmk compare: " + e.getMessage());
            }
        }
        for (int i = 0; i < hashes.size(); i++) {
            for (int j = i + 1; j < hashes.size(); j++) {
                TmkHash a = hashes.get(i);
                TmkHash b = hashes.get(j);
                if (!a.isCompatibleWith(b)) {
                    out.flush();
                    err.println("mediamatch tmk compare: " + names.get(i) + " and " + names.get(j)
                            + " were hashed with different TMK parameters: " + a + " vs " + b);
                    err.flush();
                    return 2;
                }
                float l1 = TmkScores.level1(a, b);
                float l2 = TmkScores.level2(a, b);
                if (!matchesOnly || l1 >= level1Threshold && l2 >= level2Threshold) {
                    out.printf(Locale.ROOT, "%s,%s,%.6f,%.6f%n", names.get(i), names.get(j), l1, l2);
                }
            }
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }
}
