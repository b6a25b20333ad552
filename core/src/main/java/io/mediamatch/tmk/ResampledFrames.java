package io.mediamatch.tmk;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_frame_rate;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getColorspaceDetails;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import io.mediamatch.image.ForeignImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes a video into the frames the reference TMK hasher sees: what
 * {@code ffmpeg -i V -s 64:64 -an -f rawvideo -c:v rawvideo -pix_fmt rgb24 -r 15 pipe:1} (FFmpeg 5.1) writes.
 * That command converts the frame rate in the CLI's constant-frame-rate output sync (not the {@code fps} filter): each
 * decoded frame is dropped, kept or repeated by its drift from the output clock with a tolerance of 1.1 frames; this
 * class reproduces that decision. Each kept frame goes through the CLI's autorotation (90/180/270 degrees), then one
 * swscale pass to 64x64 RGB24 with bicubic filtering and the scale filter's colour-matrix choice.
 *
 * <p>Not thread-safe; one instance per video. Errors are {@link MediaException}s naming the file.
 */
final class ResampledFrames {
    /** Receives the resampled frames in output order. */
    interface Sink {
        /**
         * One output frame: 64x64 packed RGB24 (row stride 192), valid only during the call. {@code sourceIndex} is
         * the decoded frame it shows: repeated frames arrive with the same index.
         */
        void frame(byte[] rgb, long sourceIndex);
    }

    /** Resampled-frame budget: 4 hours at 15 fps. Also stops hostile timestamps from repeating a frame forever. */
    static final long MAX_OUTPUT_FRAMES = 4L * 3600 * TmkParameters.FRAMES_PER_SECOND;
    /** Largest decoded frame accepted (8K UHD, as for vPDQ): bounds native memory on hostile headers. */
    static final long MAX_PIXELS = 7680L * 4320;
    private static final int SIZE = TmkParameters.FRAME_SIZE;

    static {
        av_log_set_level(AV_LOG_QUIET);
    }

    private final Path file;
    private final Sink sink;
    private final byte[] rgb = new byte[SIZE * SIZE * 3];
    private final byte[] rotated = new byte[SIZE * SIZE * 3];
    private final BytePointer rgbNative = new BytePointer((long) SIZE * SIZE * 3);
    private final PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
    private final IntPointer dstStride = new IntPointer(4);
    private SwsContext sws;
    private long rgbIndex = -1;
    private int rotation;

    // Output sync state, as the CLI keeps it per output stream.
    private long syncOpts;
    private final int[] lastNb0 = new int[3];
    private long emitted;

    private ResampledFrames(Path file, Sink sink) {
        this.file = file;
        this.sink = sink;
    }

    /** Decodes {@code file} and feeds every resampled frame to {@code sink}; returns the number of frames fed. */
    static long decode(Path file, Sink sink) throws MediaException {
        if (!Files.isRegularFile(file)) {
            throw new MediaException(file, Kind.IO, "no such file", null);
        }
        try {
            if (Files.size(file) == 0) {
                throw new MediaException(file, Kind.EMPTY, "empty file", null);
            }
        } catch (MediaException e) {
            throw e;
        } catch (IOException e) {
            throw new MediaException(file, Kind.IO, "cannot read: " + e, e);
        }
        ForeignImage.refuseAsVideo(file);
        ResampledFrames frames = new ResampledFrames(file, sink);
        try {
            return frames.run();
        } finally {
            frames.release();
        }
    }

    private long run() throws MediaException {
        AVFormatContext fmt = new AVFormatContext(null);
        AVCodecContext codec = null;
        AVPacket packet = null;
        AVFrame current = null;
        AVFrame last = null;
        AVDictionary options = new AVDictionary(null);
        // Only local files: a playlist disguised as a video must not reach the network.
        av_dict_set(options, "protocol_whitelist", "file", 0);
        int ret;
        try (BytePointer url = new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8)) {
            ret = avformat_open_input(fmt, url, null, options);
        } finally {
            av_dict_free(options);
        }
        if (ret < 0) {
            throw error(Kind.UNSUPPORTED_FORMAT, "not a video FFmpeg can open", ret);
        }
        try {
            ret = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (ret < 0) {
                throw error(Kind.CORRUPT, "cannot read stream information", ret);
            }
            int streamIndex = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (streamIndex < 0) {
                throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, "no video stream", null);
            }
            AVStream stream = fmt.streams(streamIndex);
            AVCodecParameters par = stream.codecpar();
            AVCodec decoder = avcodec_find_decoder(par.codec_id());
            if (decoder == null || decoder.isNull()) {
                throw new MediaException(file, Kind.UNSUPPORTED_FORMAT,
                        "no decoder for the video codec (id " + par.codec_id() + ")", null);
            }
            if ((long) par.width() * par.height() > MAX_PIXELS) {
                throw new MediaException(file, Kind.TOO_LARGE, "video frames of " + par.width() + "x" + par.height()
                        + " pixels exceed the limit of " + MAX_PIXELS, null);
            }
            codec = avcodec_alloc_context3(decoder);
            if (avcodec_parameters_to_context(codec, par) < 0) {
                throw new MediaException(file, Kind.CORRUPT, "bad video codec parameters", null);
            }
            codec.thread_count(0);
            codec.max_pixels(MAX_PIXELS); // frames that grow past the header's size are refused by the decoder
            ret = avcodec_open2(codec, decoder, (PointerPointer<?>) null);
            if (ret < 0) {
                throw error(Kind.UNSUPPORTED_FORMAT, "cannot open the video decoder", ret);
            }
            rotation = rotationDegrees(par);

            Clock clock = new Clock(fmt, stream);
            packet = av_packet_alloc();
            current = av_frame_alloc();
            last = av_frame_alloc();
            long decoded = 0;
            boolean haveLast = false;
            boolean draining = false;
            while (true) {
                if (!draining) {
                    ret = av_read_frame(fmt, packet);
                    if (ret < 0) {
                        draining = true;
                        avcodec_send_packet(codec, null);
                    } else {
                        if (packet.stream_index() == streamIndex) {
                            // Like the CLI, corrupt packets are skipped and decoding goes on.
                            avcodec_send_packet(codec, packet);
                        }
                        av_packet_unref(packet);
                    }
                }
                while (true) {
                    ret = avcodec_receive_frame(codec, current);
                    if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                        break;
                    }
                    if (ret < 0) {
                        break; // a decoding error on this frame: skip it, as the CLI does
                    }
                    long index = decoded++;
                    syncFrame(clock, current, index, haveLast ? last : null, index - 1);
                    av_frame_unref(last);
                    av_frame_move_ref(last, current);
                    haveLast = true;
                }
                if (draining) {
                    break; // the receive loop above ran the flushed decoder dry
                }
            }
            if (decoded == 0) {
                throw new MediaException(file, Kind.CORRUPT, "no decodable video frames", null);
            }
            // End of stream: the CLI repeats the last frame the median number of times it repeated recent ones.
            int tail = median(lastNb0[0], lastNb0[1], lastNb0[2]);
            for (int i = 0; i < tail; i++) {
                emit(last, decoded - 1);
            }
            return emitted;
        } finally {
            av_frame_free(current);
            av_frame_free(last);
            av_packet_free(packet);
            avcodec_free_context(codec);
            avformat_close_input(fmt);
        }
    }

    /** The CLI's constant-frame-rate decision for one decoded frame: how many copies of it (or the previous one). */
    private void syncFrame(Clock clock, AVFrame frame, long index, AVFrame previous, long previousIndex)
            throws MediaException {
        double syncIpts = clock.syncIpts(frame);
        double duration = clock.duration(frame);
        double delta0 = syncIpts - syncOpts;
        double delta = delta0 + duration;
        int nb0 = 0;
        long nb = 1;
        if (delta0 < 0 && delta > 0) {
            // Clip a frame that starts slightly before the output clock (delta stays as computed, as in the CLI).
            delta0 = 0;
        }
        if (delta < -1.1) {
            nb = 0;
        } else if (delta > 1.1) {
            nb = (long) Math.rint((float) delta);
            if (delta0 > 1.1) {
                nb0 = (int) Math.min(Math.rint((float) (delta0 - 0.6)), Integer.MAX_VALUE);
            }
        }
        if (emitted + nb > MAX_OUTPUT_FRAMES) {
            throw new MediaException(file, Kind.TOO_LARGE,
                    "longer than " + MAX_OUTPUT_FRAMES + " frames at 15 fps (or broken timestamps)", null);
        }
        nb0 = (int) Math.min(nb0, nb);
        lastNb0[2] = lastNb0[1];
        lastNb0[1] = lastNb0[0];
        lastNb0[0] = nb0;
        for (long i = 0; i < nb; i++) {
            if (i < nb0 && previous != null) {
                emit(previous, previousIndex);
            } else {
                emit(frame, index);
            }
        }
    }

    private void emit(AVFrame frame, long index) throws MediaException {
        if (rgbIndex != index) {
            convert(frame);
            rgbIndex = index;
        }
        syncOpts++;
        emitted++;
        sink.frame(rgb, index);
    }

    private void convert(AVFrame frame) throws MediaException {
        int w = frame.width();
        int h = frame.height();
        sws = sws_getCachedContext(sws, w, h, frame.format(), SIZE, SIZE, AV_PIX_FMT_RGB24, SWS_BICUBIC,
                null, null, (double[]) null);
        if (sws == null || sws.isNull()) {
            throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, "cannot convert " + w + "x" + h
                    + " frames of pixel format " + frame.format() + " to RGB", null);
        }
        applyColorMatrix(frame);
        dstData.put(0, rgbNative);
        dstStride.put(0, SIZE * 3);
        sws_scale(sws, frame.data(), frame.linesize(), 0, h, dstData, dstStride);
        if (rotation == 0) {
            rgbNative.get(rgb);
        } else {
            rgbNative.get(rotated);
            rotate(rotated, rgb, rotation);
        }
    }

    /**
     * The scale filter's default {@code in_color_matrix=auto}: the frame's own YCbCr matrix (BT.601 when unspecified)
     * and its range when tagged; otherwise the scaler's defaults.
     */
    private void applyColorMatrix(AVFrame frame) {
        PointerPointer<?> invTable = new PointerPointer<>(1);
        PointerPointer<?> table = new PointerPointer<>(1);
        IntPointer srcRange = new IntPointer(1);
        IntPointer dstRange = new IntPointer(1);
        IntPointer brightness = new IntPointer(1);
        IntPointer contrast = new IntPointer(1);
        IntPointer saturation = new IntPointer(1);
        try {
            if (sws_getColorspaceDetails(sws, invTable, srcRange, table, dstRange, brightness, contrast,
                    saturation) < 0) {
                return; // not a YCbCr <-> RGB conversion: nothing to choose
            }
            int colorspace = frame.colorspace();
            if (colorspace < 1 || colorspace > 10 || colorspace == 8) {
                colorspace = 5; // BT.470BG, i.e. BT.601
            }
            IntPointer coefficients = sws_getCoefficients(colorspace);
            int inFull = srcRange.get();
            int range = frame.color_range();
            if (range != AVCOL_RANGE_UNSPECIFIED) {
                inFull = range == AVCOL_RANGE_JPEG ? 1 : 0;
            }
            sws_setColorspaceDetails(sws, coefficients, inFull, coefficients, dstRange.get(), brightness.get(),
                    contrast.get(), saturation.get());
        } finally {
            invTable.close();
            table.close();
            srcRange.close();
            dstRange.close();
            brightness.close();
            contrast.close();
            saturation.close();
        }
    }

    /** The CLI's autorotation angle (clockwise degrees: 0, 90, 180, 270) from the stream's display matrix. */
    private static int rotationDegrees(AVCodecParameters par) {
        AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.data() == null || sd.size() < 36) {
            return 0;
        }
        double theta = -Math.round(av_display_rotation_get(new IntPointer(sd.data())));
        theta -= 360 * Math.floor(theta / 360 + 0.9 / 360);
        for (int angle : new int[] {90, 180, 270}) {
            if (Math.abs(theta - angle) < 1.0) {
                return angle;
            }
        }
        return 0;
    }

    /** Rotates a square SIZE x SIZE RGB24 image clockwise by 90, 180 or 270 degrees. */
    static void rotate(byte[] src, byte[] dst, int degrees) {
        int n = SIZE;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int sr;
                int sc;
                if (degrees == 90) {
                    sr = n - 1 - c;
                    sc = r;
                } else if (degrees == 180) {
                    sr = n - 1 - r;
                    sc = n - 1 - c;
                } else {
                    sr = c;
                    sc = n - 1 - r;
                }
                int d = (r * n + c) * 3;
                int s = (sr * n + sc) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
    }

    private static int median(int a, int b, int c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private MediaException error(Kind kind, String what, int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new MediaException(file, kind, what + " (" + new String(buf, 0, n, StandardCharsets.UTF_8) + ")", null);
    }

    private void release() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        rgbNative.close();
        dstData.close();
        dstStride.close();
    }

    /** Timestamps in output-frame units (1/15 s), computed as the CLI computes them. */
    private static final class Clock {
        private final AVRational streamTimeBase;
        private final AVRational encoderTimeBase = av_make_q(1, TmkParameters.FRAMES_PER_SECOND);
        private final AVRational precise;
        private final int extraBits;
        private final long tsOffset;
        private final double frameRateDuration;

        Clock(AVFormatContext fmt, AVStream stream) {
            streamTimeBase = av_make_q(stream.time_base().num(), stream.time_base().den());
            int den = encoderTimeBase.den();
            int log2 = 31 - Integer.numberOfLeadingZeros(den);
            extraBits = Math.max(0, Math.min(16, 29 - log2));
            precise = av_make_q(1, den << extraBits);
            // The CLI shifts input timestamps so that the file starts at 0.
            long start = fmt.start_time();
            tsOffset = start == AV_NOPTS_VALUE ? 0
                    : av_rescale_q(-start, av_make_q(1, AV_TIME_BASE), streamTimeBase);
            AVRational rate = av_guess_frame_rate(fmt, stream, null);
            double d = 0;
            if (rate.num() > 0 && rate.den() > 0) {
                d = 1 / (q2d(rate) * q2d(encoderTimeBase));
            }
            if (stream.start_time() != AV_NOPTS_VALUE) {
                d = Math.min(d, 1 / (TmkParameters.FRAMES_PER_SECOND * q2d(encoderTimeBase)));
            }
            frameRateDuration = d;
        }

        double syncIpts(AVFrame frame) {
            long pts = frame.best_effort_timestamp();
            if (pts == AV_NOPTS_VALUE) {
                return (double) AV_NOPTS_VALUE; // far in the past: the frame is dropped, as by the CLI
            }
            pts += tsOffset;
            double floatPts = av_rescale_q(pts, streamTimeBase, precise);
            floatPts /= 1 << extraBits;
            // The CLI nudges timestamps off exact midpoints.
            floatPts += (floatPts > 0 ? 1 : -1) * 1.0 / (1 << 17);
            return floatPts;
        }

        double duration(AVFrame frame) {
            double d = frameRateDuration;
            float fromPacket = (float) (frame.duration() * q2d(streamTimeBase) / q2d(encoderTimeBase));
            long rounded = (long) Math.rint(fromPacket);
            if (rounded > 0) {
                d = rounded;
            }
            return d;
        }

        private static double q2d(AVRational q) {
            return q.num() / (double) q.den();
        }
    }
}
