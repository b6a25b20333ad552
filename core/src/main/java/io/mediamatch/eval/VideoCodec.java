package io.mediamatch.eval;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import io.mediamatch.video.VideoFrames;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Video file I/O for the evaluation through the bundled FFmpeg: {@link Reader} decodes the first video stream to
 * {@code TYPE_INT_RGB} frames ({@link VideoFrames}), {@link Writer} encodes them with JavaCV to MPEG-4 Part 2 in
 * MP4 at a fixed quantiser, single-threaded so the same frames give the same bytes. Not thread-safe; each object owns native
 * memory until closed.
 */
final class VideoCodec {
    static {
        // JavaCV raises FFmpeg's log level when it loads; errors reach callers as exceptions instead.
        try {
            FFmpegFrameRecorder.tryLoad();
        } catch (FrameRecorder.Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        av_log_set_level(AV_LOG_QUIET);
    }

    private VideoCodec() {}

    /** Decodes frames in order (as the vPDQ hasher decodes them); {@link #next} returns null at the end. */
    static final class Reader implements AutoCloseable {
        private final VideoFrames frames;

        Reader(Path file) throws MediaException {
            this.frames = VideoFrames.open(file);
        }

        /** Frames per second of the stream. */
        double frameRate() {
            return frames.frameRate();
        }

        int width() {
            return frames.width();
        }

        int height() {
            return frames.height();
        }

        /** The next decoded frame as a fresh {@code TYPE_INT_RGB} image, or null after the last one. */
        BufferedImage next() throws MediaException {
            return frames.next();
        }

        @Override
        public void close() {
            frames.close();
        }
    }

    /** Encodes frames of one fixed, even size; {@link #close} finishes the file. */
    static final class Writer implements AutoCloseable {
        private final Path file;
        private final FFmpegFrameRecorder recorder;
        private final Java2DFrameConverter converter = new Java2DFrameConverter();
        private final int width;
        private final int height;
        private final BufferedImage bgr;

        /**
         * @param quantiser MPEG-4 qscale, 2 (near lossless) .. 31 (worst)
         */
        Writer(Path file, int width, int height, double fps, int quantiser) throws MediaException {
            if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException("frame size must be even and at least 2x2: " + width + "x" + height);
            }
            this.file = file;
            this.width = width;
            this.height = height;
            this.bgr = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            // A constant quantiser through qmin = qmax: JavaCV's setVideoQuality also passes a crf option that
            // MPEG-4 rejects (and logs).
            recorder.setVideoBitrate(50_000_000);
            recorder.setVideoOption("qmin", Integer.toString(quantiser));
            recorder.setVideoOption("qmax", Integer.toString(quantiser));
            recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
            recorder.setVideoOption("threads", "1");
            av_log_set_level(AV_LOG_QUIET);
            try {
                recorder.start();
            } catch (FrameRecorder.Exception e) {
                throw new MediaException(file.toString(), Kind.IO, "cannot start the encoder: " + e.getMessage(), e);
            }
        }

        /** Encodes {@code frame}, which must have the writer's size. */
        void write(BufferedImage frame) throws MediaException {
            if (frame.getWidth() != width || frame.getHeight() != height) {
                throw new IllegalArgumentException("frame " + frame.getWidth() + "x" + frame.getHeight()
                        + " in a " + width + "x" + height + " video");
            }
            try {
                java.awt.Graphics2D g = bgr.createGraphics();
                g.drawImage(frame, 0, 0, null);
                g.dispose();
                recorder.record(converter.convert(bgr));
            } catch (FrameRecorder.Exception e) {
                throw new MediaException(file.toString(), Kind.IO, "encoding failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws MediaException {
            try {
                recorder.stop();
                recorder.release();
            } catch (FrameRecorder.Exception e) {
                throw new MediaException(file.toString(), Kind.IO, "cannot finish the file: " + e.getMessage(), e);
            } finally {
                converter.close();
            }
        }
    }
}
