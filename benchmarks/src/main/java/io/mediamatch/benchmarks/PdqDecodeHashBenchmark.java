package io.mediamatch.benchmarks;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
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
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.mediamatch.MediaException;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.spi.ImageReaderSpi;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + PDQ hash from JPEG bytes held in memory, single thread: the bridge photo (1600x1004) and a 12 MP phone
 * photo (4032x3024), and a progressive JPEG of the bridge. Also decode alone per decoder (ours = {@link ImageDecoder}:
 * the JDK reader into an R, G, B byte-order destination, Leptonica's libjpeg-turbo for the progressive file; the JDK
 * reader into TYPE_3BYTE_BGR, our previous path; TwelveMonkeys' reader;
 * FFmpeg's mjpeg + swscale to RGB24) and the peer, Meta's Java reference
 * ({@code pdqhashing.hasher.PDQHasher}: JDK ImageIO decode + its hasher), loaded from the jar named by
 * {@code -Dpdq.reference.jar=...} (built outside this repository; without it that benchmark fails alone).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
@State(Scope.Thread)
public class PdqDecodeHashBenchmark {
    /** The bridge photo, the 12 MP phone photo, and a progressive JPEG of the bridge (9 scans). */
    @Param({"bridge-1600x1004", "photo-4032x3024", "bridge-progressive-1600x1004"})
    public String image;

    private byte[] jpeg;
    private PdqHasher hasher;
    private ImageReaderSpi jdkJpeg;
    private ImageReaderSpi twelveMonkeysJpeg;

    @Setup
    public void setup() throws IOException {
        String rel = switch (image) {
            case "bridge-1600x1004" -> "pdq/images/bridge-mods/aaa-orig.jpg";
            case "bridge-progressive-1600x1004" -> "pdq/images/dih/bridge-3-rotate-180.jpg";
            default -> "pdq/images/exif-rotn/exif-rotn-1.jpg";
        };
        jpeg = Files.readAllBytes(Fixtures.reference(rel));
        hasher = new PdqHasher();
        jdkJpeg = jpegSpi("com.sun.imageio");
        twelveMonkeysJpeg = jpegSpi("com.twelvemonkeys");
        av_log_set_level(AV_LOG_QUIET);
    }

    /** The registered JPEG reader whose class lives in package {@code pkg}. */
    static ImageReaderSpi jpegSpi(String pkg) {
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReaderSpi spi = it.next().getOriginatingProvider();
            if (spi.getClass().getName().startsWith(pkg)) {
                return spi;
            }
        }
        throw new IllegalStateException("no JPEG reader from " + pkg);
    }

    /** Decodes with {@code spi}'s reader and its default destination. */
    static BufferedImage read(ImageReaderSpi spi, byte[] data) throws IOException {
        return read(spi, data, null);
    }

    /** Decodes with {@code spi}'s reader into TYPE_3BYTE_BGR (our decode path before the R, G, B destination). */
    static BufferedImage readBgr(ImageReaderSpi spi, byte[] data) throws IOException {
        return read(spi, data, ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR));
    }

    private static BufferedImage read(ImageReaderSpi spi, byte[] data, ImageTypeSpecifier type) throws IOException {
        ImageReader r = spi.createReaderInstance();
        try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(data)) {
            r.setInput(in, true, true);
            ImageReadParam param = r.getDefaultReadParam();
            param.setDestinationType(type);
            return r.read(0, param);
        } finally {
            r.dispose();
        }
    }

    /** Ours, end to end: {@link ImageDecoder} (exact pixels) then {@link PdqHasher}. */
    @Benchmark
    public PdqHash decodeHash() throws MediaException {
        return hasher.hash(jpeg, image, ImageDecoder.defaults());
    }

    /** Ours, decode only: what users get (JDK libjpeg reader, ICC segments dropped, R, G, B byte-order destination). */
    @Benchmark
    public BufferedImage decodeOnlyImageDecoder() throws MediaException {
        return ImageDecoder.defaults().decode(jpeg, image);
    }

    /** The same JDK reader into TYPE_3BYTE_BGR (our previous path): ImageIO reorders every sample on the way. */
    @Benchmark
    public BufferedImage decodeOnlyJdkBgrDestination() throws IOException {
        return readBgr(jdkJpeg, jpeg);
    }

    /** TwelveMonkeys' JPEG reader with its defaults (colour-manages ICC images, so not used for hashing). */
    @Benchmark
    public BufferedImage decodeOnlyTwelveMonkeys() throws IOException {
        return read(twelveMonkeysJpeg, jpeg);
    }

    /** FFmpeg's mjpeg decoder + swscale to RGB24 (one thread); different chroma upsampling, not exact. */
    @Benchmark
    public byte[] decodeOnlyFfmpeg() {
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        ctx.thread_count(1);
        AVPacket pkt = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            if (avcodec_open2(ctx, codec, (AVDictionary) null) < 0) {
                throw new IllegalStateException("avcodec_open2");
            }
            BytePointer buf = new BytePointer(av_malloc(jpeg.length + AV_INPUT_BUFFER_PADDING_SIZE));
            buf.put(jpeg, 0, jpeg.length);
            for (int i = 0; i < AV_INPUT_BUFFER_PADDING_SIZE; i++) {
                buf.put(jpeg.length + i, (byte) 0);
            }
            av_packet_from_data(pkt, buf, jpeg.length);
            if (avcodec_send_packet(ctx, pkt) < 0 || avcodec_receive_frame(ctx, frame) < 0) {
                throw new IllegalStateException("mjpeg decode failed");
            }
            int w = frame.width();
            int h = frame.height();
            SwsContext sws = sws_getContext(w, h, frame.format(), w, h, AV_PIX_FMT_RGB24,
                    SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, null, null, (DoublePointer) null);
            BytePointer out = new BytePointer((long) w * h * 3 + 64);
            try (PointerPointer<BytePointer> dst = new PointerPointer<>(1);
                 IntPointer stride = new IntPointer(1)) {
                dst.put(0, out);
                stride.put(0, w * 3);
                sws_scale(sws, frame.data(), frame.linesize(), 0, h, dst, stride);
            } finally {
                sws_freeContext(sws);
            }
            byte[] rgb = new byte[w * h * 3];
            out.get(rgb);
            out.close();
            return rgb;
        } finally {
            av_frame_free(frame);
            av_packet_free(pkt);
            avcodec_free_context(ctx);
        }
    }

    /** The peer: Meta's Java reference, decode with the JDK's ImageIO JPEG reader then its fromBufferedImage. */
    @State(Scope.Thread)
    public static class MetaReference {
        Object hasher;
        Method fromBufferedImage;
        URLClassLoader loader;

        @Setup(Level.Trial)
        public void load() throws Exception {
            String jar = System.getProperty("pdq.reference.jar");
            if (jar == null || !Files.isRegularFile(Path.of(jar))) {
                throw new IllegalStateException("set -Dpdq.reference.jar to a build of ThreatExchange pdq/java");
            }
            loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                    PdqDecodeHashBenchmark.class.getClassLoader());
            Class<?> c = loader.loadClass("pdqhashing.hasher.PDQHasher");
            hasher = c.getConstructor().newInstance();
            Class<?> f2 = Array.newInstance(float.class, 0, 0).getClass();
            fromBufferedImage = c.getMethod("fromBufferedImage", BufferedImage.class, float[].class, float[].class,
                    f2, f2, f2);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            loader.close();
        }

        /** What the reference's {@code fromFile} does after decoding: hash with fresh buffers. */
        Object hash(BufferedImage img) throws Exception {
            int n = img.getWidth() * img.getHeight();
            return fromBufferedImage.invoke(hasher, img, new float[n], new float[n],
                    new float[64][64], new float[16][64], new float[16][16]);
        }
    }

    @Benchmark
    public Object peerMetaJavaReference(MetaReference ref) throws Exception {
        return ref.hash(read(jdkJpeg, jpeg));
    }
}
