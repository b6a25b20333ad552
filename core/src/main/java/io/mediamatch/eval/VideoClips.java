package io.mediamatch.eval;

import io.mediamatch.MediaException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the evaluation's video files through the bundled FFmpeg: an original cut and scaled from a source file
 * ({@link #prepare}), a synthetic clip ({@link #write}), and a seeded {@link VideoEdit} of an original
 * ({@link #edit}). Files are MPEG-4 Part 2 in MP4, even-sized, without audio; the same inputs and seed give the
 * same frames. Thread-safe (every call owns its decoder and encoder). Failures throw {@link MediaException} naming
 * the file.
 */
public final class VideoClips {
    /** MPEG-4 quantiser of originals: near lossless, so edits start from clean frames. */
    static final int ORIGINAL_QUANTISER = 2;

    private VideoClips() {}

    /** What a decoded video holds: frame size, frame rate, and the number of frames actually decoded. */
    public record Info(int width, int height, double fps, int frames) {
        /** Duration in seconds: frames / fps. */
        public double seconds() {
            return frames / fps;
        }
    }

    /** Decodes every frame of {@code file} and reports its geometry and frame count. */
    public static Info probe(Path file) throws MediaException {
        try (VideoCodec.Reader in = new VideoCodec.Reader(file)) {
            int n = 0;
            int w = in.width();
            int h = in.height();
            BufferedImage f;
            while ((f = in.next()) != null) {
                w = f.getWidth();
                h = f.getHeight();
                n++;
            }
            if (n == 0) {
                throw new MediaException(file.toString(), MediaException.Kind.EMPTY, "no decodable frame", null);
            }
            return new Info(w, h, in.frameRate(), n);
        }
    }

    /**
     * Writes the first {@code seconds} of {@code source} to {@code out}, scaled down (never up) so that its short
     * side is at most {@code maxShortSide}, at near-lossless quality.
     */
    public static Info prepare(Path source, Path out, double seconds, int maxShortSide) throws MediaException {
        try (VideoCodec.Reader in = new VideoCodec.Reader(source)) {
            double fps = in.frameRate();
            int limit = (int) Math.max(1, Math.round(seconds * fps));
            double s = Math.min(1.0, (double) maxShortSide / Math.min(in.width(), in.height()));
            int w = even(in.width() * s);
            int h = even(in.height() * s);
            int n = 0;
            try (VideoCodec.Writer writer = new VideoCodec.Writer(out, w, h, fps, ORIGINAL_QUANTISER)) {
                BufferedImage f;
                while (n < limit && (f = in.next()) != null) {
                    writer.write(f.getWidth() == w && f.getHeight() == h ? f : Edits.resize(f, w, h));
                    n++;
                }
            }
            if (n == 0) {
                throw new MediaException(source.toString(), MediaException.Kind.EMPTY, "no decodable frame", null);
            }
            return new Info(w, h, fps, n);
        }
    }

    /** Writes every frame of {@code clip} at {@code fps}, near lossless; the clip's size must be even. */
    public static Info write(SyntheticVideos clip, double fps, Path out) throws MediaException {
        try (VideoCodec.Writer writer = new VideoCodec.Writer(out, clip.width(), clip.height(), fps,
                ORIGINAL_QUANTISER)) {
            for (int i = 0; i < clip.frames(); i++) {
                writer.write(clip.frame(i));
            }
        }
        return new Info(clip.width(), clip.height(), fps, clip.frames());
    }

    /**
     * Writes {@code edit} of {@code original} to {@code out}; random choices (a logo's corner, filler footage) come
     * from {@code seed}. An odd output size loses its last row or column.
     */
    public static Info edit(Path original, VideoEdit edit, long seed, Path out) throws MediaException {
        Info src = probe(original);
        VideoEdit.Timing timing = edit.timing();
        int frames = timing.frames(src.frames());
        double fps = timing.fps(src.fps());
        SyntheticVideos filler = null;
        int fillerIndex = 0;
        try (VideoCodec.Reader in = new VideoCodec.Reader(original)) {
            VideoCodec.Writer writer = null;
            try {
                int current = -1;
                BufferedImage frame = null;
                int w = 0;
                int h = 0;
                for (int j = 0; j < frames; j++) {
                    int s = timing.source(j, src.frames());
                    BufferedImage shown;
                    if (s < 0) {
                        if (filler == null) {
                            filler = SyntheticVideos.clip(seed ^ 0x9E3779B97F4A7C15L, src.width(), src.height(),
                                    frames, src.fps());
                        }
                        shown = filler.frame(fillerIndex++);
                    } else {
                        while (current < s) {
                            BufferedImage next = in.next();
                            if (next == null) {
                                break; // fewer frames than the probe saw: repeat the last
                            }
                            frame = next;
                            current++;
                        }
                        shown = frame;
                    }
                    BufferedImage edited = edit.apply(shown, new Random(seed));
                    if (writer == null) {
                        w = edited.getWidth() & ~1;
                        h = edited.getHeight() & ~1;
                        writer = new VideoCodec.Writer(out, w, h, fps, edit.quantiser());
                    }
                    if (edited.getWidth() != w || edited.getHeight() != h) {
                        edited = Edits.crop(edited, 0, 0, w, h);
                    }
                    writer.write(edited);
                }
                return new Info(w, h, fps, frames);
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
        }
    }

    private static int even(double v) {
        return Math.max(2, (int) Math.round(v / 2) * 2);
    }
}
