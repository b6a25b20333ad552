package io.mediamatch.video;

import com.google.common.base.Preconditions;
import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import io.mediamatch.image.AnimatedImage;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.image.ImageFormat;
import io.mediamatch.image.WebpAnimation;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import io.mediamatch.preprocess.Preprocess;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Computes vPDQ hashes of video files as Meta's {@code vpdq-hash-video} does: FFmpeg decoding (bundled through
 * JavaCV), frames sampled every {@code secondsPerHash} (0 = every frame), RGB24 by swscale (area filter when
 * downsampling), one PDQ hash per sampled frame; frame numbers and timestamps as the reference computes them.
 * Immutable and thread-safe; each {@link #hash} call uses its own decoder and {@code threads} hashing threads,
 * holds at most {@code threads + 1} decoded frames, and releases all native memory before returning.
 */
public final class VpdqHasher {
    /** Default {@link Builder#maxFramePixels}: 8K UHD (7680 x 4320). */
    public static final long DEFAULT_MAX_FRAME_PIXELS = 7680L * 4320L;
    /** Default seconds between hashed frames, as Meta's Python tooling samples. */
    public static final double DEFAULT_SECONDS_PER_HASH = 1.0;

    /** Default {@link Builder#maxAnimationFrames}: more than any real GIF sticker or meme holds. */
    public static final int DEFAULT_MAX_ANIMATION_FRAMES = 10_000;
    /**
     * Animations whose frames add up to more pixels (frames x canvas) are refused before decoding: about a
     * minute of hashing on one core, where a small file of many large frames would otherwise keep a thread busy.
     */
    public static final long MAX_ANIMATION_PIXELS = 1L << 32;

    private static final int MIN_HASHABLE_DIM = 5;

    private final double secondsPerHash;
    private final int downsample;
    private final int threads;
    private final long maxFramePixels;
    private final Preprocess frameView;
    private final boolean trimBlackBars;
    private final int maxAnimationFrames;

    private VpdqHasher(Builder b) {
        this.maxAnimationFrames = b.maxAnimationFrames;
        this.secondsPerHash = b.secondsPerHash;
        this.downsample = b.downsample;
        this.threads = b.threads;
        this.maxFramePixels = b.maxFramePixels;
        this.frameView = b.frameView;
        this.trimBlackBars = b.trimBlackBars;
    }

    /** Whether black bars common to the sampled frames are cut off before hashing (a first decoding pass). */
    public boolean trimBlackBars() {
        return trimBlackBars;
    }

    /** The clean-up applied to each frame before it is hashed, or null (the reference: none). */
    public Preprocess frameView() {
        return frameView;
    }

    /** A builder starting from the defaults: one frame per second, full size, one thread. */
    public static Builder builder() {
        return new Builder();
    }

    /** Seconds between hashed frames; 0 hashes every frame. */
    public double secondsPerHash() {
        return secondsPerHash;
    }

    /** Frames are scaled to this many pixels square before hashing; 0 keeps the stream's size. */
    public int downsample() {
        return downsample;
    }

    /** Number of hashing threads. */
    public int threads() {
        return threads;
    }

    /**
     * Hashes the first video stream of {@code file}.
     *
     * @throws MediaException (naming the file) when it is missing or unreadable ({@code IO}), not a video or
     *     audio-only ({@code UNSUPPORTED_FORMAT}), damaged ({@code CORRUPT}), cut short ({@code TRUNCATED}),
     *     without any frame ({@code EMPTY}) or with frames above the pixel limit ({@code TOO_LARGE})
     */
    public VpdqHash hash(Path file) throws MediaException {
        Preconditions.checkNotNull(file, "file");
        try (VideoFrameReader reader = VideoFrameReader.open(file, downsample, maxFramePixels, threads > 1)) {
            if (reader.width() < MIN_HASHABLE_DIM || reader.height() < MIN_HASHABLE_DIM) {
                throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, "video frames of " + reader.width() + "x"
                        + reader.height() + " are below the 5x5 PDQ minimum", null);
            }
            long frameMod = Math.max(1, (long) (secondsPerHash * reader.frameRate()));
            int[] bars = trimBlackBars ? blackBars(file, frameMod) : new int[4];
            Geometry g = new Geometry(reader.width(), reader.height(), reader.stride(), reader.frameBytes(),
                    reader.frameRate(), bars);
            int workers = affordableThreads(g);
            List<VpdqFeature> frames = workers <= 1
                    ? hashSequential(reader, g, frameMod)
                    : hashParallel(file, reader, g, frameMod, workers);
            if (frames.isEmpty()) {
                throw new MediaException(file, Kind.EMPTY, "the video stream holds no decodable frame", null);
            }
            return VpdqHash.of(frames);
        }
    }

    /**
     * Hashes every frame of an animated image (a GIF of several images, an APNG, an animated WebP) as a vPDQ hash:
     * frame numbers in display order, timestamps from the frame delays, each frame as a viewer composites it
     * (GIF and APNG through FFmpeg's decoders, WebP by {@link WebpAnimation}). Sampling, downsampling and views do
     * not apply; the frame-size limit does. A still image is refused, so its plain PDQ hash stays what it is.
     *
     * @throws MediaException (naming the file) UNSUPPORTED_FORMAT for a still image or a file that is no GIF, PNG
     *     or WebP; CORRUPT or TRUNCATED when its structure or a frame is damaged; TOO_LARGE above the frame-count,
     *     canvas or total-pixel limits; IO when it cannot be read
     */
    public VpdqHash hashAnimation(Path file) throws MediaException {
        VpdqHash h = hashFrames(file);
        if (h == null) {
            throw new MediaException(file.toString(), Kind.UNSUPPORTED_FORMAT, "not an animated image (a GIF, APNG"
                    + " or WebP of two or more frames)");
        }
        return h;
    }

    /**
     * {@link #hashAnimation}, but null for a still image (or a file that is no GIF, PNG or WebP): for callers that
     * hash the frames of whatever is animated and leave the rest to the still hash.
     *
     * @throws MediaException as {@link #hashAnimation}, except for a still image
     */
    public VpdqHash hashFrames(Path file) throws MediaException {
        Preconditions.checkNotNull(file, "file");
        String name = file.toString();
        byte[] data = ImageDecoder.defaults().read(file);
        AnimatedImage animation = AnimatedImage.of(data, name);
        if (animation == null) {
            return null;
        }
        if (animation.frames() > maxAnimationFrames) {
            throw new MediaException(name, Kind.TOO_LARGE, "animation of " + animation.frames() + " frames, above"
                    + " the limit of " + maxAnimationFrames + " frames");
        }
        PdqHasher pdq = new PdqHasher();
        List<VpdqFeature> out = new ArrayList<>();
        if (animation.format() == ImageFormat.WEBP) {
            try (WebpAnimation webp = WebpAnimation.open(data, name, maxFramePixels)) {
                checkAnimationPixels(name, animation.frames(), webp.width(), webp.height());
                while (webp.next()) {
                    PdqHash h = pdq.hashRgb(webp.rgb(), webp.width(), webp.height(), 3 * webp.width());
                    out.add(new VpdqFeature(out.size(), h.quality(), h.hash(), webp.timestampSeconds()));
                }
            }
        } else {
            String demuxer = animation.format() == ImageFormat.GIF ? "gif" : "apng";
            try (VideoFrameReader reader = VideoFrameReader.openAnimation(file, demuxer, maxFramePixels)) {
                checkAnimationPixels(name, animation.frames(), reader.width(), reader.height());
                byte[] rgb = new byte[reader.frameBytes()];
                long fn;
                while ((fn = reader.next(1, rgb)) >= 0) {
                    if (fn >= animation.frames()) {
                        throw new MediaException(name, Kind.CORRUPT, "decodes to more frames than the "
                                + animation.frames() + " its structure declares");
                    }
                    PdqHash h = pdq.hashRgb(rgb, reader.width(), reader.height(), reader.stride());
                    out.add(new VpdqFeature((int) fn, h.quality(), h.hash(), reader.timestamp()));
                }
            }
        }
        if (out.isEmpty()) {
            throw new MediaException(name, Kind.EMPTY, "the animation holds no decodable frame");
        }
        return VpdqHash.of(out);
    }

    private static void checkAnimationPixels(String name, int frames, int width, int height) throws MediaException {
        if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) {
            throw new MediaException(name, Kind.UNSUPPORTED_FORMAT, "animation frames of " + width + "x" + height
                    + " are below the 5x5 PDQ minimum");
        }
        if ((long) frames * width * height > MAX_ANIMATION_PIXELS) {
            throw new MediaException(name, Kind.TOO_LARGE, frames + " frames of " + width + "x" + height + " = "
                    + (long) frames * width * height + " pixels, above the limit of " + MAX_ANIMATION_PIXELS
                    + " for an animation");
        }
    }

    /** What workers need of a frame, captured so they never touch the (native) reader. */
    private record Geometry(int width, int height, int stride, int frameBytes, double frameRate, int[] bars) {
        /** True when {@code bars} (left, top, right, bottom) crop something. */
        boolean cropped() {
            return bars[0] + bars[1] + bars[2] + bars[3] > 0;
        }
    }

    /** First pass over the same sampled frames: the black bars they all share ({@link BlackBars}). */
    private int[] blackBars(Path file, long frameMod) throws MediaException {
        try (VideoFrameReader reader = VideoFrameReader.open(file, downsample, maxFramePixels, threads > 1)) {
            BlackBars bars = new BlackBars(reader.width(), reader.height());
            byte[] rgb = new byte[reader.frameBytes()];
            while (reader.next(frameMod, rgb) >= 0) {
                bars.add(rgb, reader.stride());
            }
            return bars.bars();
        }
    }

    private List<VpdqFeature> hashSequential(VideoFrameReader reader, Geometry g, long frameMod)
            throws MediaException {
        PdqHasher pdq = new PdqHasher();
        byte[] rgb = new byte[g.frameBytes()];
        List<VpdqFeature> out = new ArrayList<>();
        long fn;
        while ((fn = reader.next(frameMod, rgb)) >= 0) {
            out.add(feature(pdq, rgb, g, fn));
        }
        return out;
    }

    private List<VpdqFeature> hashParallel(Path file, VideoFrameReader reader, Geometry g, long frameMod,
            int workers)
            throws MediaException {
        // Buffers circulate: the decoder fills a free one, a worker hashes it and hands it back.
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(workers + 1);
        for (int i = 0; i <= workers; i++) {
            free.add(new byte[g.frameBytes()]);
        }
        List<VpdqFeature> out = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ThreadLocal<PdqHasher> hashers = ThreadLocal.withInitial(PdqHasher::new);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "vpdq-hash");
            t.setDaemon(true);
            return t;
        });
        try {
            while (failure.get() == null) {
                byte[] rgb = free.take();
                long fn = reader.next(frameMod, rgb);
                if (fn < 0) {
                    break;
                }
                pool.execute(() -> {
                    try {
                        VpdqFeature f = feature(hashers.get(), rgb, g, fn);
                        synchronized (out) {
                            out.add(f);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        free.add(rgb);
                    }
                });
            }
            pool.shutdown();
            // Every task finishes in one frame's hashing time; the wait is bounded by workers + 1 frames.
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // keep waiting: tasks cannot block
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException(file, Kind.IO, "interrupted while hashing", e);
        } finally {
            pool.shutdownNow();
        }
        Throwable t = failure.get();
        if (t != null) {
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(t);
        }
        out.sort(Comparator.comparingInt(VpdqFeature::frameNumber));
        return out;
    }

    private VpdqFeature feature(PdqHasher pdq, byte[] rgb, Geometry g, long frameNumber) {
        PdqHash h;
        if (g.cropped()) {
            int[] b = g.bars();
            int offset = b[1] * g.stride() + b[0] * 3;
            h = pdq.hash(ByteBuffer.wrap(rgb, offset, rgb.length - offset).slice(), g.width() - b[0] - b[2],
                    g.height() - b[1] - b[3], 3, g.stride());
        } else {
            h = frameView == null ? pdq.hashRgb(rgb, g.width(), g.height(), g.stride()) : viewHash(pdq, rgb, g);
        }
        return new VpdqFeature(Math.toIntExact(frameNumber), h.quality(), h.hash(),
                VpdqFeature.timestampOf(frameNumber, g.frameRate()));
    }

    /** The hash of the frame's {@link #frameView}, or of the frame itself when the view leaves it as it is. */
    private PdqHash viewHash(PdqHasher pdq, byte[] rgb, Geometry g) {
        BufferedImage frame = new BufferedImage(g.width(), g.height(), BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) frame.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < g.height(); y++) {
            for (int x = 0, s = y * g.stride(), d = y * g.width(); x < g.width(); x++, s += 3) {
                px[d + x] = ((rgb[s] & 255) << 16) | ((rgb[s + 1] & 255) << 8) | (rgb[s + 2] & 255);
            }
        }
        BufferedImage view = frameView.apply(frame);
        return view == frame ? pdq.hashRgb(rgb, g.width(), g.height(), g.stride()) : pdq.hash(view);
    }

    /** Threads whose frame buffers (RGB plus the hasher's two float planes) fit in half the heap. */
    private int affordableThreads(Geometry g) {
        long perThread = (long) g.frameBytes() + 8L * g.width() * g.height();
        long budget = Runtime.getRuntime().maxMemory() / 2;
        long fit = Math.max(1, budget / Math.max(1, perThread) - 1);
        return (int) Math.min(threads, fit);
    }

    /** Options of a {@link VpdqHasher}; not thread-safe. */
    public static final class Builder {
        private double secondsPerHash = DEFAULT_SECONDS_PER_HASH;
        private int downsample;
        private int threads = 1;
        private long maxFramePixels = DEFAULT_MAX_FRAME_PIXELS;
        private Preprocess frameView;
        private boolean trimBlackBars;
        private int maxAnimationFrames = DEFAULT_MAX_ANIMATION_FRAMES;

        private Builder() {}

        /** Animated images of more frames are refused by {@link #hashAnimation} with TOO_LARGE. */
        public Builder maxAnimationFrames(int frames) {
            Preconditions.checkArgument(frames > 0, "max animation frames must be > 0, got %s", frames);
            this.maxAnimationFrames = frames;
            return this;
        }

        /**
         * Cut off the black letterbox/pillarbox bars that every informative sampled frame shares before hashing
         * (found in a first decoding pass; content that is dark in some frames only is kept). For queries: banks
         * hold reference hashes. Takes precedence over {@link #frameView} when bars are found.
         */
        public Builder trimBlackBars(boolean trim) {
            this.trimBlackBars = trim;
            return this;
        }

        /**
         * Hash each sampled frame's cleaned-up view (e.g. {@link Preprocess#UNLETTERBOX}: bars trimmed) instead of
         * the frame; null (the default) hashes frames as the reference does. Such hashes are for queries only:
         * banks hold reference hashes.
         */
        public Builder frameView(Preprocess view) {
            this.frameView = view;
            return this;
        }

        /** Hash one frame every {@code seconds} (the reference's {@code --seconds-per-hash}); 0 = every frame. */
        public Builder secondsPerHash(double seconds) {
            Preconditions.checkArgument(seconds >= 0 && Double.isFinite(seconds),
                    "seconds per hash must be a finite number >= 0, got %s", seconds);
            this.secondsPerHash = seconds;
            return this;
        }

        /** Hash every frame (same as {@code secondsPerHash(0)}). */
        public Builder everyFrame() {
            return secondsPerHash(0);
        }

        /** Scale frames to {@code size} x {@code size} before hashing (at least 5); 0 keeps the stream's size. */
        public Builder downsample(int size) {
            Preconditions.checkArgument(size == 0 || size >= MIN_HASHABLE_DIM,
                    "downsample size must be 0 or >= 5, got %s", size);
            this.downsample = size;
            return this;
        }

        /** Hashing threads, at least 1 (0 = one per available processor). Output does not depend on it. */
        public Builder threads(int threads) {
            Preconditions.checkArgument(threads >= 0, "threads must be >= 0, got %s", threads);
            this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
            return this;
        }

        /** Largest accepted frame (width x height) before any scaling; larger videos fail with TOO_LARGE. */
        public Builder maxFramePixels(long pixels) {
            Preconditions.checkArgument(pixels > 0, "max frame pixels must be > 0, got %s", pixels);
            this.maxFramePixels = pixels;
            return this;
        }

        public VpdqHasher build() {
            return new VpdqHasher(this);
        }
    }
}
