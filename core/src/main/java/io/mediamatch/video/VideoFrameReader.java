package io.mediamatch.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import io.mediamatch.image.ForeignImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes the first video stream of a file with FFmpeg and converts sampled frames to packed RGB24, the way
 * Meta's vPDQ reference does: frame number = decoder output count - 1, swscale with {@code SWS_AREA} to the
 * stream's size (or the downsample size), frame rate from {@code avg_frame_rate} (else {@code r_frame_rate}).
 * Not thread-safe; owns native memory until {@link #close()}.
 */
final class VideoFrameReader implements AutoCloseable {
    private static final int EAGAIN = -11;

    static {
        // FFmpeg prints to stderr otherwise; our errors carry the cause instead.
        av_log_set_level(AV_LOG_QUIET);
    }

    private final Path file;
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame decoded;
    private AVFrame rgb;
    private SwsContext sws;
    private int streamIndex;
    private int width;
    private int height;
    private double frameRate;
    private final long maxFramePixels;
    private int swsSrcW;
    private int swsSrcH;
    private int swsSrcFmt;
    private boolean draining;
    private boolean finished;
    private long framesDecoded;
    private double timeBase;
    private double timestamp;

    private VideoFrameReader(Path file, long maxFramePixels) {
        this.file = file;
        this.maxFramePixels = maxFramePixels;
    }

    private void init(int downsample, boolean decoderThreads, String demuxer) throws MediaException {
        if (!Files.isRegularFile(file)) {
            throw new MediaException(file, Kind.IO,
                    Files.exists(file) ? "not a regular file" : "no such file", null);
        }
        if (!Files.isReadable(file)) {
            throw new MediaException(file, Kind.IO, "not readable", null);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (java.io.IOException e) {
            throw new MediaException(file, Kind.IO, "cannot read the file size", e);
        }
        if (size == 0) {
            throw new MediaException(file, Kind.EMPTY, "empty file (0 bytes)", null);
        }
        if (demuxer == null) {
            ForeignImage.refuseAsVideo(file);
        }
        AVInputFormat forced = demuxer == null ? null : av_find_input_format(demuxer);
        if (demuxer != null && forced == null) {
            throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, "the bundled FFmpeg has no " + demuxer
                    + " demuxer", null);
        }
        format = avformat_alloc_context();
        AVDictionary options = new AVDictionary(null);
        // Only local files: playlists and other indirections must not reach the network.
        av_dict_set(options, "protocol_whitelist", "file", 0);
        int err;
        try (BytePointer url = new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8)) {
            err = avformat_open_input(format, url, forced, options);
        } finally {
            av_dict_free(options);
        }
        if (err < 0) {
            format = null; // avformat_open_input frees the context on failure
            if (err == AVERROR_EOF()) {
                throw new MediaException(file, Kind.TRUNCATED, "the file ends inside the container header", null);
            }
            throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, "not a video container FFmpeg can read ("
                    + errorText(err) + ")", null);
        }
        if (avformat_find_stream_info(format, (PointerPointer<?>) null) < 0) {
            throw new MediaException(file, Kind.CORRUPT, "cannot read the stream information", null);
        }
        String opened = format.iformat() == null ? "" : format.iformat().name().getString();
        if (demuxer == null && (opened.startsWith("image2") || opened.endsWith("_pipe"))) {
            throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, "a still image, not a video (" + opened + ")", null);
        }
        int index = -1;
        for (int i = 0; i < format.nb_streams(); i++) {
            if (format.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            if (format.nb_streams() == 0) {
                throw new MediaException(file, Kind.EMPTY, "the container (" + opened + ") holds no stream", null);
            }
            throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, "no video stream (" + opened + " with "
                    + format.nb_streams() + " other stream(s), e.g. audio only)", null);
        }
        streamIndex = index;
        AVStream stream = format.streams(index);
        timeBase = stream.time_base().den() == 0 ? 0 : (double) stream.time_base().num() / stream.time_base().den();
        AVCodecParameters par = stream.codecpar();
        int w = par.width();
        int h = par.height();
        if (w <= 0 || h <= 0) {
            throw new MediaException(file, Kind.CORRUPT, "video stream has no frame size (" + w + "x" + h + ")", null);
        }
        checkPixels(w, h);
        AVCodec decoder = avcodec_find_decoder(par.codec_id());
        if (decoder == null) {
            throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, "no decoder for video codec id " + par.codec_id(), null);
        }
        codec = avcodec_alloc_context3(decoder);
        if (codec == null || avcodec_parameters_to_context(codec, par) < 0) {
            throw new MediaException(file, Kind.CORRUPT, "cannot set up the video decoder", null);
        }
        // Threading changes speed, not output.
        codec.thread_count(decoderThreads ? 0 : 1);
        if (avcodec_open2(codec, decoder, (AVDictionary) null) < 0) {
            throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, "cannot open the video decoder", null);
        }
        AVRational rate = stream.avg_frame_rate();
        if (rate.num() == 0 || rate.den() == 0) {
            rate = stream.r_frame_rate();
        }
        double fps = rate.den() == 0 ? 0 : (double) rate.num() / rate.den();
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new MediaException(file, Kind.CORRUPT, "video frame rate unknown or zero", null);
        }
        frameRate = fps;
        width = downsample > 0 ? downsample : w;
        height = downsample > 0 ? downsample : h;
        packet = av_packet_alloc();
        decoded = av_frame_alloc();
        rgb = av_frame_alloc();
        if (packet == null || decoded == null || rgb == null) {
            throw new MediaException(file, Kind.TOO_LARGE, "out of native memory", null);
        }
        rgb.format(AV_PIX_FMT_RGB24);
        rgb.width(width);
        rgb.height(height);
        if (av_frame_get_buffer(rgb, 0) < 0) {
            throw new MediaException(file, Kind.TOO_LARGE, "cannot allocate an RGB frame of " + width + "x" + height, null);
        }
        // The reference builds its converter from the decoder's size and format before decoding.
        ensureScaler(codec.width(), codec.height(), codec.pix_fmt());
    }

    /**
     * Opens {@code file}.
     *
     * @param downsample 0 for the stream's own frame size, else frames are scaled to this many pixels square
     * @param maxFramePixels largest accepted decoded frame (width x height)
     * @param decoderThreads let FFmpeg use several threads to decode (same output)
     * @throws MediaException when the file is missing, not a video, has no video stream, or is too large
     */
    static VideoFrameReader open(Path file, int downsample, long maxFramePixels, boolean decoderThreads)
            throws MediaException {
        return open(file, downsample, maxFramePixels, decoderThreads, null);
    }

    /**
     * Opens an animated image (GIF, APNG) with the named FFmpeg demuxer, which still images are otherwise kept
     * away from; frames then carry their presentation time ({@link #timestamp()}) from the frame delays.
     */
    static VideoFrameReader openAnimation(Path file, String demuxer, long maxFramePixels) throws MediaException {
        return open(file, 0, maxFramePixels, false, demuxer);
    }

    private static VideoFrameReader open(Path file, int downsample, long maxFramePixels, boolean decoderThreads,
            String demuxer) throws MediaException {
        VideoFrameReader reader = new VideoFrameReader(file, maxFramePixels);
        try {
            reader.init(downsample, decoderThreads, demuxer);
            return reader;
        } catch (MediaException | RuntimeException | Error e) {
            reader.close();
            throw e;
        }
    }

    /** Width of the RGB frames handed out (the hashed size). */
    int width() {
        return width;
    }

    /** Height of the RGB frames handed out. */
    int height() {
        return height;
    }

    /** Bytes per row of the RGB frames handed out (at least {@code 3 * width}). */
    int stride() {
        return rgb.linesize(0);
    }

    /** Size a buffer for {@link #next} needs: {@code stride() * height()}. */
    int frameBytes() {
        return stride() * height;
    }

    /** Frames per second as the reference reads it. */
    double frameRate() {
        return frameRate;
    }

    /**
     * Presentation time in seconds of the frame {@link #next} returned last, from its timestamp in the stream (its
     * frame number over the frame rate when the stream gives none).
     */
    double timestamp() {
        return timestamp;
    }

    /** Frames decoded so far, sampled or not. */
    long framesDecoded() {
        return framesDecoded;
    }

    /**
     * Decodes up to the next frame whose number is a multiple of {@code frameMod}, converts it into
     * {@code dst} (packed RGB24, {@link #stride()} bytes per row) and returns its frame number; -1 at the end.
     *
     * @throws MediaException when the stream is damaged beyond what the decoder conceals
     */
    long next(long frameMod, byte[] dst) throws MediaException {
        while (!finished) {
            int r = avcodec_receive_frame(codec, decoded);
            if (r >= 0) {
                framesDecoded++;
                long frameNumber = codec.frame_num() - 1;
                try {
                    if (frameNumber % frameMod == 0) {
                        long pts = decoded.best_effort_timestamp();
                        timestamp = pts == AV_NOPTS_VALUE() || timeBase <= 0 || pts < 0 ? frameNumber / frameRate
                                : pts * timeBase;
                        convert(dst);
                        return frameNumber;
                    }
                } finally {
                    av_frame_unref(decoded);
                }
                continue;
            }
            if (r == AVERROR_EOF()) {
                finished = true;
                break;
            }
            if (r != EAGAIN || draining) {
                throw damaged("video decoding failed", r);
            }
            feed();
        }
        return -1;
    }

    /** Sends the next packet of the video stream to the decoder, or starts draining at the end of input. */
    private void feed() throws MediaException {
        while (true) {
            int r = av_read_frame(format, packet);
            if (r < 0) {
                if (r != AVERROR_EOF()) {
                    throw damaged("reading the container failed", r);
                }
                // Drain the decoder's delayed frames.
                draining = true;
                avcodec_send_packet(codec, null);
                return;
            }
            try {
                if (packet.stream_index() != streamIndex) {
                    continue;
                }
                int s = avcodec_send_packet(codec, packet);
                if (s < 0 && s != EAGAIN) {
                    throw damaged("the decoder rejected a packet", s);
                }
                return;
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /** A decoding failure: TRUNCATED when the input hit the end of the file, else CORRUPT. */
    private MediaException damaged(String what, int err) {
        boolean atEnd = format.pb() != null && format.pb().eof_reached() != 0;
        String where = " after " + framesDecoded + " frame(s) (" + errorText(err) + ")";
        return atEnd
                ? new MediaException(file, Kind.TRUNCATED, what + where + ": the file ends inside the video", null)
                : new MediaException(file, Kind.CORRUPT, what + where, null);
    }

    private void convert(byte[] dst) throws MediaException {
        int w = decoded.width();
        int h = decoded.height();
        if (w != swsSrcW || h != swsSrcH || decoded.format() != swsSrcFmt) {
            checkPixels(w, h);
            ensureScaler(w, h, decoded.format());
        }
        // The reference converts the whole decoder height in one slice.
        sws_scale(sws, decoded.data(), decoded.linesize(), 0, h, rgb.data(), rgb.linesize());
        rgb.data(0).get(dst, 0, frameBytes());
    }

    private void ensureScaler(int srcW, int srcH, int srcFmt) throws MediaException {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        sws = sws_getContext(srcW, srcH, srcFmt, width, height, AV_PIX_FMT_RGB24, SWS_AREA, null, null,
                (DoublePointer) null);
        if (sws == null) {
            throw new MediaException(file, Kind.UNSUPPORTED_FORMAT, "cannot convert pixel format " + srcFmt
                    + " at " + srcW + "x" + srcH + " to RGB24", null);
        }
        swsSrcW = srcW;
        swsSrcH = srcH;
        swsSrcFmt = srcFmt;
    }

    private void checkPixels(int w, int h) throws MediaException {
        if ((long) w * h > maxFramePixels) {
            throw new MediaException(file, Kind.TOO_LARGE, "video frame " + w + "x" + h + " exceeds the limit of "
                    + maxFramePixels + " pixels", null);
        }
    }

    private static String errorText(int err) {
        byte[] buf = new byte[256];
        if (av_strerror(err, buf, buf.length) < 0) {
            return "error " + err;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        VideoFrameReader r = this;
        if (r.sws != null) {
            sws_freeContext(r.sws);
            r.sws = null;
        }
        if (r.rgb != null) {
            av_frame_free(r.rgb);
            r.rgb = null;
        }
        if (r.decoded != null) {
            av_frame_free(r.decoded);
            r.decoded = null;
        }
        if (r.packet != null) {
            av_packet_free(r.packet);
            r.packet = null;
        }
        if (r.codec != null) {
            avcodec_free_context(r.codec);
            r.codec = null;
        }
        if (r.format != null) {
            avformat_close_input(r.format);
            r.format = null;
        }
    }
}
