package io.mediamatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import io.mediamatch.fixtures.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gives a MediaException naming the file and the cause, never a crash or a hang. */
class VideoErrorsTest {
    static Path dir;
    static Path chair;
    static final VpdqHasher HASHER = VpdqHasher.builder().build();

    @BeforeAll
    static void setUp() {
        dir = Fixtures.scratchDir("video-errors");
        chair = Fixtures.reference("video/videos/chair-19-sd-bar.mp4");
    }

    static MediaException fails(Path file, Kind kind) {
        return fails(HASHER, file, kind);
    }

    static MediaException fails(VpdqHasher hasher, Path file, Kind kind) {
        MediaException e = assertThrows(MediaException.class, () -> hasher.hash(file));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        return e;
    }

    @Test
    void missingAndDirectory() {
        fails(dir.resolve("nope.mp4"), Kind.IO);
        fails(dir, Kind.IO);
    }

    @Test
    void emptyFile() throws IOException {
        fails(Files.write(dir.resolve("empty.mp4"), new byte[0]), Kind.EMPTY);
    }

    @Test
    void notAVideo() throws IOException {
        fails(Files.writeString(dir.resolve("text.mp4"), "this is not a video\n".repeat(100)),
                Kind.UNSUPPORTED_FORMAT);
        byte[] noise = new byte[100_000];
        new Random(1).nextBytes(noise);
        fails(Files.write(dir.resolve("noise.mp4"), noise), Kind.UNSUPPORTED_FORMAT);
        Path jpeg = Fixtures.reference("pdq/images/pen-and-coaster.png");
        MediaException e = fails(jpeg, Kind.UNSUPPORTED_FORMAT);
        assertTrue(e.getMessage().contains("image"), e.getMessage());
    }

    @Test
    void audioOnly() throws IOException {
        // 0.5 s of 8 kHz mono 16-bit PCM in a WAV container.
        int samples = 4000;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8000 * Math.sin(i * 0.1)));
        }
        MediaException e = fails(Files.write(dir.resolve("tone.wav"), b.array()), Kind.UNSUPPORTED_FORMAT);
        assertTrue(e.getMessage().contains("no video stream"), e.getMessage());
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] all = Files.readAllBytes(chair);
        for (double keep : new double[] {0.001, 0.02, 0.5, 0.9}) {
            Path cut = Files.write(dir.resolve("cut-" + keep + ".mp4"),
                    Arrays.copyOf(all, (int) (all.length * keep)));
            MediaException e = assertThrows(MediaException.class, () -> HASHER.hash(cut), "kept " + keep);
            assertEquals(Kind.TRUNCATED, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(cut.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void brokenContainer() throws IOException {
        byte[] all = Files.readAllBytes(chair);
        byte[] broken = all.clone();
        // Damage the box headers at the start of the file.
        for (int i = 0; i < 64; i++) {
            broken[i] = (byte) (0x5a ^ i);
        }
        Path p = Files.write(dir.resolve("broken.mp4"), broken);
        MediaException e = assertThrows(MediaException.class, () -> HASHER.hash(p));
        assertTrue(e.kind() == Kind.UNSUPPORTED_FORMAT || e.kind() == Kind.CORRUPT, e.getMessage());
    }

    @Test
    void frameAboveThePixelLimit() {
        VpdqHasher small = VpdqHasher.builder().maxFramePixels(640 * 480).build();
        MediaException e = fails(small, chair, Kind.TOO_LARGE);
        assertTrue(e.getMessage().contains("720x480") || e.getMessage().contains("480x720"), e.getMessage());
    }

    @Test
    void zeroFrameVideo() throws Exception {
        Path p = dir.resolve("zero-frames.mp4");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(p.toFile(), 64, 48, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setFrameRate(25);
            rec.start();
            rec.stop();
        }
        MediaException e = assertThrows(MediaException.class, () -> HASHER.hash(p));
        assertEquals(Kind.EMPTY, e.kind(), e.getMessage());
    }

    @Test
    void tinyRecordedVideoHashes() throws Exception {
        Path p = dir.resolve("tiny.mp4");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(p.toFile(), 64, 48, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setFrameRate(10);
            rec.start();
            for (int i = 0; i < 25; i++) {
                Frame f = new Frame(64, 48, Frame.DEPTH_UBYTE, 3);
                ByteBuffer px = (ByteBuffer) f.image[0];
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 64; x++) {
                        int o = y * f.imageStride + 3 * x;
                        px.put(o, (byte) (x * 4 + i));
                        px.put(o + 1, (byte) (y * 5));
                        px.put(o + 2, (byte) ((x ^ y) * 3));
                    }
                }
                rec.record(f);
            }
            rec.stop();
        }
        VpdqHash every = VpdqHasher.builder().everyFrame().build().hash(p);
        assertEquals(25, every.size());
        VpdqHash perSecond = HASHER.hash(p);
        assertEquals(java.util.List.of(0, 10, 20),
                perSecond.frames().stream().map(VpdqFeature::frameNumber).toList());
        assertEquals("1.000", VpdqFeature.formatTimestamp(perSecond.frames().get(1).timestampSeconds()));
        VpdqHash down = VpdqHasher.builder().everyFrame().downsample(16).threads(3).build().hash(p);
        assertEquals(25, down.size());
    }

    @Test
    void playlistsCannotReachTheNetwork() throws IOException {
        Path m3u8 = Files.writeString(dir.resolve("remote.m3u8"),
                "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:9/segment.ts\n#EXT-X-ENDLIST\n");
        MediaException e = assertThrows(MediaException.class, () -> HASHER.hash(m3u8));
        assertTrue(e.kind() == Kind.UNSUPPORTED_FORMAT || e.kind() == Kind.CORRUPT, e.getMessage());
    }

    @Test
    void manyFailuresDoNotLeak() throws IOException {
        Path text = Files.writeString(dir.resolve("again.mp4"), "not a video");
        for (int i = 0; i < 300; i++) {
            assertThrows(MediaException.class, () -> HASHER.hash(text));
        }
    }
}
