package io.mediamatch.cli;

import io.mediamatch.MediaException;
import io.mediamatch.augment.Augment;
import io.mediamatch.augment.AugmentHasher;
import io.mediamatch.augment.ViewHash;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import io.mediamatch.store.Bank;
import io.mediamatch.store.BankContents;
import io.mediamatch.store.BankContents.ItemSignal;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mediamatch db add}: banks image files as content items (HMA's "add content"): one item per file holding its
 * plain PDQ hash and, with {@code --augment}, the hashes of its augmented views, each labelled {@code aug:NAME} so a
 * match says which view matched. Exit codes: 0 all added, 1 some files could not be read (named on stderr), 2 usage.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bank image files (one content item each: the plain PDQ hash, plus with --augment the hashes"
                + " of crops and small rotations of it, labelled aug:NAME, so re-uploads that are crops or slight"
                + " rotations match and the match names the view). Prints 'itemId,signals,path' per file.",
            "Exit codes: 0 every file added; 1 some could not be read (each named on stderr); 2 bad usage."})
final class DbAddCommand implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Spec
    CommandSpec spec;

    @Option(names = "--bank", required = true, paramLabel = "BANK", description = "The bank (created if missing).")
    String bank;

    @Option(names = "--augment", paramLabel = "NAME[,NAME]", defaultValue = "",
            description = "Also bank the hashes of these views of each image: centre-K, top-K, bottom-K, left-K,"
                    + " right-K, top-left-K... (K = percent kept, 50..99), rot-cw-D, rot-ccw-D (D degrees, 1..15), or"
                    + " 'default' (" + Augment.DEFAULT_SPEC + "). Default: none (the plain hash only).")
    String augment;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note stored on each item.")
    String note;

    @Mixin
    JsonOption json;

    @Mixin
    ImageDecodeOptions decode;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files to bank.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Augment> views;
        try {
            views = Augment.parse(augment);
            Bank.named(bank); // checks the name before anything is written
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ImageDecoder decoder = decode.decoder();
        PdqHasher hasher = new PdqHasher();
        AugmentHasher augmenter = new AugmentHasher();
        int failed = 0;
        try (SignalStore store = db.openForWriting()) {
            if (store.bank(bank).isEmpty()) {
                store.putBank(Bank.named(bank));
            }
            for (Path file : files) {
                List<ItemSignal> signals = new ArrayList<>();
                if (!Files.isRegularFile(file)) {
                    failed++;
                    err.println("mediamatch db add: " + file + ": no such file");
                    continue;
                }
                try {
                    BufferedImage img = decoder.decode(file);
                    PdqHash plain = hasher.hash(img);
                    signals.add(new ItemSignal(SignalType.PDQ, plain.hash().toHex(), Set.of()));
                    for (ViewHash v : augmenter.hash(img, views)) {
                        signals.add(new ItemSignal(SignalType.PDQ, v.hash().hash().toHex(), Set.of(v.view().label())));
                    }
                } catch (MediaException e) {
                    failed++;
                    err.println("mediamatch db add: " + e.getMessage());
                    continue;
                }
                BankContents.Content item = store.contents().add(bank, signals, null, note);
                // The store keeps a value once per item: views that hash like another (a flat image) add nothing.
                int stored = (int) signals.stream().map(ItemSignal::value).distinct().count();
                if (json.enabled) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("path", file.toString());
                    m.put("item", item.id());
                    m.put("bank", bank);
                    m.put("signals", stored);
                    out.print(JsonOut.hashLine(m));
                } else {
                    out.println(item.id() + "," + stored + "," + file);
                }
            }
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
