package io.mediamatch.image;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_WEBP;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_from_data;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVA420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Lossy (VP8) WebP as libwebp, and so ImageMagick, decodes it. VP8 reconstruction is bit-exact by specification, so
 * FFmpeg's decoder gives libwebp's Y, U, V planes; the conversion to RGB then follows libwebp's default path: "fancy"
 * chroma upsampling (9-3-3-1 weights, the first and an even-height last row from one chroma row) and its 14-bit
 * fixed-point BT.601 YUV to RGB. Alpha is dropped. Returns null for anything else (lossless, animation), which the
 * caller decodes with the ImageIO plug-in.
 */
final class WebpLossyDecoder {
    static {
        av_log_set_level(AV_LOG_QUIET); // FFmpeg would otherwise print on our stderr
    }

    private WebpLossyDecoder() {}

    /** The decoded image, or null when FFmpeg does not give planar 4:2:0 for this file. */
    static BufferedImage decode(byte[] data) {
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_WEBP);
        if (codec == null) {
            return null;
        }
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVPacket pkt = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            ctx.thread_count(1);
            if (avcodec_open2(ctx, codec, (AVDictionary) null) < 0) {
                return null;
            }
            BytePointer buf = new BytePointer(av_malloc(data.length + AV_INPUT_BUFFER_PADDING_SIZE));
            buf.put(data, 0, data.length);
            for (int i = 0; i < AV_INPUT_BUFFER_PADDING_SIZE; i++) {
                buf.put(data.length + i, (byte) 0);
            }
            if (av_packet_from_data(pkt, buf, data.length) < 0) {
                return null;
            }
            if (avcodec_send_packet(ctx, pkt) < 0 || avcodec_receive_frame(ctx, frame) < 0) {
                return null;
            }
            int fmt = frame.format();
            if (fmt != AV_PIX_FMT_YUV420P && fmt != AV_PIX_FMT_YUVA420P) {
                return null;
            }
            int w = frame.width();
            int h = frame.height();
            int uvW = (w + 1) / 2;
            int uvH = (h + 1) / 2;
            byte[] y = plane(frame, 0, w, h);
            byte[] u = plane(frame, 1, uvW, uvH);
            byte[] v = plane(frame, 2, uvW, uvH);
            return toRgb(y, u, v, w, h);
        } finally {
            av_frame_free(frame);
            av_packet_free(pkt);
            avcodec_free_context(ctx);
        }
    }

    private static byte[] plane(AVFrame f, int i, int w, int h) {
        BytePointer p = f.data(i);
        int stride = f.linesize(i);
        byte[] out = new byte[w * h];
        for (int r = 0; r < h; r++) {
            p.position((long) r * stride).get(out, r * w, w);
        }
        return out;
    }

    static BufferedImage toRgb(byte[] y, byte[] u, byte[] v, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int uvW = (w + 1) / 2;
        // row 0 from chroma row 0 alone
        upsamplePair(y, 0, -1, u, v, 0, 0, dst, w);
        int row = 1;
        for (int k = 1; row + 1 < h; k++, row += 2) {
            upsamplePair(y, row * w, (row + 1) * w, u, v, (k - 1) * uvW, k * uvW, dst, w);
        }
        if (row < h) { // even height: the last row from the last chroma row alone
            int last = (h / 2 - 1) * uvW;
            upsamplePair(y, row * w, -1, u, v, last, last, dst, w);
        }
        return img;
    }

    /**
     * One libwebp upsampling step: output row {@code topY} (weights 3:1 toward chroma row {@code topUv}) and, when
     * {@code bottomY >= 0}, row {@code bottomY} (3:1 toward {@code curUv}). U and V travel packed in one int.
     */
    private static void upsamplePair(byte[] y, int topY, int bottomY, byte[] u, byte[] v, int topUv, int curUv,
                                     byte[] dst, int len) {
        int lastPair = (len - 1) >> 1;
        int tl = uv(u, v, topUv);
        int l = uv(u, v, curUv);
        emit(y, topY, (3 * tl + l + 0x00020002) >>> 2, dst);
        if (bottomY >= 0) {
            emit(y, bottomY, (3 * l + tl + 0x00020002) >>> 2, dst);
        }
        for (int x = 1; x <= lastPair; x++) {
            int t = uv(u, v, topUv + x);
            int c = uv(u, v, curUv + x);
            int avg = tl + t + l + c + 0x00080008;
            int diag12 = (avg + 2 * (t + l)) >>> 3;
            int diag03 = (avg + 2 * (tl + c)) >>> 3;
            emit(y, topY + 2 * x - 1, (diag12 + tl) >>> 1, dst);
            emit(y, topY + 2 * x, (diag03 + t) >>> 1, dst);
            if (bottomY >= 0) {
                emit(y, bottomY + 2 * x - 1, (diag03 + l) >>> 1, dst);
                emit(y, bottomY + 2 * x, (diag12 + c) >>> 1, dst);
            }
            tl = t;
            l = c;
        }
        if ((len & 1) == 0) {
            emit(y, topY + len - 1, (3 * tl + l + 0x00020002) >>> 2, dst);
            if (bottomY >= 0) {
                emit(y, bottomY + len - 1, (3 * l + tl + 0x00020002) >>> 2, dst);
            }
        }
    }

    private static int uv(byte[] u, byte[] v, int i) {
        return (u[i] & 0xFF) | ((v[i] & 0xFF) << 16);
    }

    /** Writes pixel {@code i} (an index into the Y plane, also the output pixel index) as B, G, R. */
    private static void emit(byte[] yPlane, int i, int packedUv, byte[] dst) {
        int yy = yPlane[i] & 0xFF;
        int uu = packedUv & 0xFF;
        int vv = (packedUv >>> 16) & 0xFF;
        int ys = (yy * 19077) >> 8;
        int o = i * 3;
        dst[o] = (byte) clip8(ys + ((uu * 33050) >> 8) - 17685);
        dst[o + 1] = (byte) clip8(ys - ((uu * 6419) >> 8) - ((vv * 13320) >> 8) + 8708);
        dst[o + 2] = (byte) clip8(ys + ((vv * 26149) >> 8) - 14234);
    }

    private static int clip8(int v) {
        return (v & ~16383) == 0 ? v >> 6 : v < 0 ? 0 : 255;
    }
}
