package io.mediamatch.image;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import java.awt.image.BufferedImage;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/** Test helper: encodes an image as a WebP file with FFmpeg's libwebp encoder (lossless or lossy). */
final class WebpEncoder {
    private WebpEncoder() {}

    static byte[] encode(BufferedImage img, boolean lossless) {
        AVCodec codec = avcodec_find_encoder_by_name("libwebp");
        if (codec == null) {
            throw new IllegalStateException("FFmpeg has no libwebp encoder");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket pkt = av_packet_alloc();
        AVDictionary opts = new AVDictionary(null);
        try {
            ctx.width(w).height(h).pix_fmt(AV_PIX_FMT_BGRA).time_base(new AVRational().num(1).den(25));
            av_dict_set(opts, "lossless", lossless ? "1" : "0", 0);
            if (avcodec_open2(ctx, codec, opts) < 0) {
                throw new IllegalStateException("cannot open libwebp encoder");
            }
            frame.format(AV_PIX_FMT_BGRA).width(w).height(h);
            if (av_frame_get_buffer(frame, 0) < 0) {
                throw new IllegalStateException("av_frame_get_buffer");
            }
            BytePointer data = frame.data(0);
            int stride = frame.linesize(0);
            byte[] row = new byte[w * 4];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = img.getRaster().getNumBands() >= 3
                            ? (img.getRaster().getSample(x, y, 0) << 16) | (img.getRaster().getSample(x, y, 1) << 8)
                                    | img.getRaster().getSample(x, y, 2)
                            : img.getRaster().getSample(x, y, 0) * 0x010101;
                    row[4 * x] = (byte) argb;
                    row[4 * x + 1] = (byte) (argb >> 8);
                    row[4 * x + 2] = (byte) (argb >> 16);
                    row[4 * x + 3] = (byte) 0xFF;
                }
                data.position((long) y * stride).put(row, 0, row.length);
            }
            frame.pts(0);
            if (avcodec_send_frame(ctx, frame) < 0 || avcodec_send_frame(ctx, null) < 0
                    || avcodec_receive_packet(ctx, pkt) < 0) {
                throw new IllegalStateException("libwebp encode failed");
            }
            byte[] out = new byte[pkt.size()];
            pkt.data().get(out);
            return out;
        } finally {
            av_dict_free(opts);
            av_packet_free(pkt);
            av_frame_free(frame);
            avcodec_free_context(ctx);
        }
    }
}
