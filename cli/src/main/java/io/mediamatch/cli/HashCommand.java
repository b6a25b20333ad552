package io.mediamatch.cli;

import io.mediamatch.MediaException;
import io.mediamatch.augment.Augment;
import io.mediamatch.augment.AugmentHasher;
import io.mediamatch.augment.ViewHash;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.pdq.PdqHasher;
import io.mediamatch.preprocess.Preprocess;
import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqHasher;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mediamatch hash}: PDQ hashes of image files and vPDQ hashes of video files, printed as the reference
 * tools print them.
 */
@Command(name = "hash",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Compute PDQ hashes of images (JPEG, PNG, GIF, BMP, WebP, TIFF) at full resolution, as Meta's reference does,"
                + " and vPDQ hashes of videos (MP4, MOV, MKV, WebM, AVI, ... through the bundled FFmpeg), as Meta's"
                + " vpdq-hash-video does.",
            "Prints one line 'hash,quality,path' per image (8 lines with --dihedral) and one line"
                + " 'frameNumber,quality,pdqHex,timestampSeconds,path' per hashed video frame, in argument order;"
                + " directories are walked recursively (sorted), keeping files with an image or video extension."
                + " A file named explicitly with another extension, or any file with --all-files, is tried as an"
                + " image, then as a video. Each file a walk skips is named on stderr with the reason.",
            "With -o DIR each video's hash goes to DIR/NAME.txt (NAME = the file name without its extension) in the"
                + " reference format 'frameNumber,quality,pdqHex,timestampSeconds', readable by Meta's vpdq tools.",
            "With --tmk: TMK+PDQF hashes of videos instead (directories keep files with a video extension), each written"
                + " with -o as a .tmk file byte-compatible with Meta's tmk-hash-video.",
            "A file that cannot be read prints one error line on stderr and the run goes on.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every file was hashed",
            "1:some files could not be read or decoded (see stderr)",
            "2:bad usage",
        })
public final class HashCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or directories.")
    List<Path> paths;

    @Option(names = "--dihedral", description = "Print the 8 dihedral hashes per image (original, rotate 90, rotate"
            + " 180, rotate 270, flip x, flip y, flip +1, flip -1), one line each.")
    boolean dihedral;

    @Mixin
    JsonOption json;

    @Option(names = "--preprocess", paramLabel = "NAME[,NAME]", defaultValue = "",
            description = "Also hash a cleaned-up view of each image (${COMPLETION-CANDIDATES}) when it differs from the"
            + " image: extra record(s) whose path ends in '#NAME' (JSON: also \"view\":\"NAME\"). For queries; the"
            + " plain line is unchanged, as a shared database holds it. Default: none.",
            completionCandidates = EvalCommand.PreprocessNames.class)
    String preprocess;

    @Option(names = "--augment", paramLabel = "NAME[,NAME]", defaultValue = "",
            description = "Also print the hash of each augmented view of each image (for banking media: crops"
            + " centre-K, top-K, left-K, top-left-K..., K = percent kept; small rotations rot-cw-D, rot-ccw-D), one line"
            + " 'hash,quality,path#aug:NAME' per view after the image's own (JSON: \"view\":\"aug:NAME\"), one"
            + " hash each even with --dihedral. 'default' = " + Augment.DEFAULT_SPEC + ". Default: none.")
    String augment;

    @Mixin
    ImageDecodeOptions decode;

    @Option(names = "--tmk", description = "Compute TMK+PDQF video hashes instead, written as Meta's .tmk files"
            + " (needs -o FILE.tmk for one video, or -o DIR for DIR/NAME.tmk). Prints 'tmkfile,frames,video' per video.")
    boolean tmk;

    @Mixin
    AllFilesOption allFiles;

    @Mixin
    ThreadsOption threads;

    @Mixin
    VideoOptions video;

    @Option(names = "--downsample", paramLabel = "N", description = "Videos: scale frames to N x N (area filter)"
            + " before hashing, as the reference's -s; default: full size.", defaultValue = "0")
    int downsample;

    @Option(names = "--max-frame-pixels", paramLabel = "N", description = "Videos: refuse frames larger than N pixels"
            + " (default: ${DEFAULT-VALUE}, 8K UHD).", defaultValue = "" + VpdqHasher.DEFAULT_MAX_FRAME_PIXELS)
    long maxFramePixels;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "Videos: write each video's vPDQ hash"
            + " to DIR/NAME.txt instead of stdout (DIR is created). With --tmk: DIR/NAME.tmk, or a FILE.tmk for one"
            + " video.")
    Path outputDir;

    @Mixin
    ProgressOption progress;

    private List<Preprocess> steps = List.of();
    private List<Augment> views = List.of();
    private final ThreadLocal<AugmentHasher> augmenters = ThreadLocal.withInitial(AugmentHasher::new);
    private HashRecords records;

    /**
     * One file's outcome: lines for stdout, or an error line for stderr; {@code video} set for videos and, with
     * {@code --frames}, for animated images ({@code animation}: {@code out} then holds the still lines only).
     */
    private record Result(String out, String error, VpdqHash video, boolean animation) {
        Result(String out, String error) {
            this(out, error, null, false);
        }
    }

    private VpdqHasher videoHasher(int threadsPerVideo) {
        if (video.secondsPerHash < 0 || !Double.isFinite(video.secondsPerHash)) {
            throw new ParameterException(spec.commandLine(), "--seconds-per-hash must be a number >= 0");
        }
        if (downsample != 0 && downsample < 5) {
            throw new ParameterException(spec.commandLine(), "--downsample must be 0 or at least 5");
        }
        if (maxFramePixels <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-frame-pixels must be positive");
        }
        return VpdqHasher.builder().secondsPerHash(video.seconds()).downsample(downsample)
                .threads(threadsPerVideo).maxFramePixels(maxFramePixels).build();
    }

    /**
     * Formats a hashed video (or an animated image's frames, after its still lines) for stdout, or writes it to the
     * output directory (on the printing thread).
     */
    private Result writeVideo(Path file, Result r, Set<Path> written) {
        String still = r.animation ? r.out : "";
        if (outputDir == null) {
            return r.animation ? new Result(still + records.video(file.toString(), r.video), null) : r;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path target = outputDir.resolve((dot > 0 ? name.substring(0, dot) : name) + ".txt");
        if (!written.add(target.toAbsolutePath().normalize())) {
            return new Result(null, file + ": output " + target + " already written in this run by a file of the"
                    + " same name; not overwritten");
        }
        try {
            r.video.write(target);
            return new Result(still, null);
        } catch (IOException e) {
            return new Result(null, file + ": cannot write " + target + ": " + e.getMessage());
        }
    }

    private Result hashVideo(Path file, VpdqHasher videoHasher) throws MediaException {
        VpdqHash h = videoHasher.hash(file);
        return new Result(records.video(file.toString(), h), null, h, false);
    }

    @Override
    public Integer call() throws IOException {
        ImageDecoder decoder = decode.decoder();
        try {
            steps = Preprocess.parse(preprocess);
            views = Augment.parse(augment);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        int nThreads = threads.count();
        records = new HashRecords(json.enabled);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (tmk) {
            if (dihedral || decode.exifOrient || !views.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--dihedral, --exif-orient and --augment are for"
                        + " images, not --tmk");
            }
            return HashTmk.run(spec.commandLine(), MediaFiles.expand(paths, allFiles.keep(MediaFiles.Keep.VIDEOS)),
                    outputDir, json.enabled, nThreads, out, err);
        }
        long start = System.nanoTime();
        MediaFiles.Expansion walk = MediaFiles.expand(paths, allFiles.keep(MediaFiles.Keep.MEDIA));
        List<Path> files = walk.files();
        int[] failed = {MediaFiles.reportWalk("hash", walk, json.enabled ? "path" : null, out, err)};
        ThreadLocal<PdqHasher> hashers = ThreadLocal.withInitial(PdqHasher::new);
        VpdqHasher videoHasher = videoHasher(files.size() == 1 ? nThreads : 1);
        if (outputDir != null) {
            try {
                Files.createDirectories(outputDir);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot create output directory " + outputDir
                        + ": " + e.getMessage());
            }
        }
        Set<Path> written = new HashSet<>();

        try (ProgressBar bar = progressBar(files.size())) {
            OrderedWorkers.run(files.size(), nThreads, nThreads * 4, "mediamatch-hash",
                    i -> hashOne(files.get(i), decoder, hashers.get(), videoHasher),
                    (i, why) -> new Result(null, files.get(i) + ": " + why),
                    (i, result) -> {
                        Result r = result.video != null ? writeVideo(files.get(i), result, written) : result;
                        if (r.error != null) {
                            failed[0]++;
                            out.flush();
                            err.println("mediamatch hash: " + r.error);
                            err.flush();
                        } else {
                            out.print(r.out);
                        }
                        if (bar != null) {
                            bar.step();
                        }
                    });
        }
        out.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf("mediamatch hash: %d files, %d hashed, %d failed%s, %.2f s%n", walk.seen(),
                walk.seen() - walk.skipped().size() - failed[0], failed[0], walk.skippedSummary(), seconds);
        err.flush();
        return failed[0] == 0 ? 0 : 1;
    }

    private ProgressBar progressBar(int total) {
        if (!progress.shown() || total < 2) {
            return null;
        }
        return Progress.bar("hash", total, spec.commandLine().getErr()).build();
    }

    /** Decodes and hashes one file; dispatches on the media kind. */
    private Result hashOne(Path file, ImageDecoder decoder, PdqHasher hasher, VpdqHasher videoHasher) {
        try {
            MediaFiles.Kind kind = MediaFiles.kindOf(file);
            if (kind == MediaFiles.Kind.VIDEO) {
                return hashVideo(file, videoHasher);
            }
            String path = file.toString();
            BufferedImage img;
            try {
                if (steps.isEmpty() && views.isEmpty()) { // no views to derive: JPEG samples may go to the hash without an image
                    return withFrames(file, new Result(dihedral
                            ? records.dihedral(path, null, hasher.hashDihedral(file, decoder))
                            : records.image(path, null, hasher.hash(file, decoder)), null), videoHasher);
                }
                img = decoder.decode(file);
            } catch (MediaException e) {
                if (kind == MediaFiles.Kind.OTHER && e.kind() == MediaException.Kind.UNSUPPORTED_FORMAT) {
                    return hashVideoOrExplain(file, videoHasher, e);
                }
                throw e;
            }
            StringBuilder lines = new StringBuilder(hashLines(path, null, img, hasher));
            for (Preprocess step : steps) {
                BufferedImage view = step.apply(img);
                if (view != img) {
                    lines.append(hashLines(path + "#" + step.id(), step.id(), view, hasher));
                }
            }
            for (ViewHash v : augmenters.get().hash(img, views)) {
                lines.append(records.image(path + "#" + v.view().label(), v.view().label(), v.hash()));
            }
            return withFrames(file, new Result(lines.toString(), null), videoHasher);
        } catch (MediaException e) {
            return new Result(null, e.getMessage());
        } catch (OutOfMemoryError e) {
            return new Result(null, file + ": not enough memory to hash this file");
        } catch (RuntimeException e) {
            return new Result(null, file + ": internal error: " + e);
        }
    }

    /**
     * With {@code --frames}, an animated image's still record(s) followed by its frames' vPDQ (the result then
     * carries the hash for {@code -o}); a still image's record(s) as they are.
     */
    private Result withFrames(Path file, Result still, VpdqHasher videoHasher) throws MediaException {
        if (!video.frames) {
            return still;
        }
        VpdqHash frames = videoHasher.hashFrames(file);
        return frames == null ? still : new Result(still.out, null, frames, true);
    }

    /** The output record(s) of one image or preprocessed view ({@code view} null for the image as it is). */
    private String hashLines(String path, String view, BufferedImage img, PdqHasher hasher) {
        return dihedral ? records.dihedral(path, view, hasher.hashDihedral(img))
                : records.image(path, view, hasher.hash(img));
    }

    /** A file of unknown extension that is not an image: a video, or neither. */
    private Result hashVideoOrExplain(Path file, VpdqHasher videoHasher, MediaException asImage) {
        try {
            return hashVideo(file, videoHasher);
        } catch (MediaException e) {
            if (e.kind() == MediaException.Kind.UNSUPPORTED_FORMAT) {
                return new Result(null, asImage.getMessage() + "; not a video either");
            }
            return new Result(null, e.getMessage());
        }
    }

}
