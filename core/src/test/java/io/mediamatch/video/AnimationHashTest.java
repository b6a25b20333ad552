package io.mediamatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.primitives.Bytes;
import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every frame of an animated GIF, APNG and WebP hashed as vPDQ. The three files in {@code animated/} are the same
 * 3-second cut (seconds 6-9, 6 fps, 128 px wide) of the reference video {@code chair-20-sd-bar.mp4}, written by
 * FFmpeg 5.1 (GIF with palettegen/paletteuse, APNG) and libwebp's {@code img2webp -lossy} (frames stored as
 * sub-rectangles blended over the previous ones): each must match that video's reference vPDQ hash (every frame,
 * Meta's tool; the camera moves so fast that frames a second apart share nothing) as the matcher compares them.
 */
class AnimationHashTest {
    private static final Path DIR = Fixtures.dataDir().resolve("animated");
    private static final List<String> CUTS = List.of("chair-20-cut.gif", "chair-20-cut.apng", "chair-20-cut.webp");

    @Test
    void eachFormatHashesEveryFrameWithItsDelayAndMatchesTheVideoItWasCutFrom() throws Exception {
        VpdqHash video = VpdqHash.read(Fixtures.reference("video/vpdq/every-frame/chair-20-sd-bar.txt"));
        VpdqHasher hasher = VpdqHasher.builder().build();
        VpdqHash gif = null;
        for (String name : CUTS) {
            VpdqHash h = hasher.hashAnimation(DIR.resolve(name));
            assertEquals(18, h.frames().size(), name);
            for (int i = 0; i < 18; i++) {
                VpdqFeature f = h.frames().get(i);
                assertEquals(i, f.frameNumber(), name);
                // 1/6 s per frame, as the delays say: GIF in 1/100 s (17), WebP in ms (167), APNG as a fraction
                assertEquals(i / 6.0, f.timestampSeconds(), 0.02 * i + 1e-9, name + " frame " + i);
                assertTrue(f.quality() >= 50, name + " frame " + i + " quality " + f.quality());
            }
            VpdqMatch m = new VpdqMatcher().compare(h, video);
            assertTrue(m.isMatch(), name + " should match the video it was cut from: " + m);
            assertTrue(m.queryPercent() >= 80, name + ": " + m);
            if (gif == null) {
                gif = h;
            } else {
                // the same frames in another format: close frame by frame (WebP is lossy, GIF has 256 colours)
                for (int i = 0; i < 18; i++) {
                    int d = gif.frames().get(i).hash().distance(h.frames().get(i).hash());
                    assertTrue(d <= 31, name + " frame " + i + " is " + d + " bits from the GIF's");
                }
            }
        }
    }

    @Test
    void theFirstFrameOfAGifOrApngIsItsStillImage() throws Exception {
        for (String name : List.of("chair-20-cut.gif", "chair-20-cut.apng")) {
            Path file = DIR.resolve(name);
            PdqHash still = new PdqHasher().hash(file, ImageDecoder.defaults());
            VpdqFeature first = VpdqHasher.builder().build().hashAnimation(file).frames().get(0);
            assertEquals(still.hash(), first.hash(), name);
            assertEquals(still.quality(), first.quality(), name);
        }
    }

    /**
     * GIF and APNG frames through FFmpeg are the frames ImageMagick 6.9.11 composites ({@code -coalesce}): the PDQ
     * hash of each (by the conformant still hasher, {@code expected-frame-hashes.csv}) is the vPDQ frame's hash.
     */
    @Test
    void gifAndApngFramesHashAsImageMagicksCoalescedFrames() throws Exception {
        List<String> rows = Files.readAllLines(DIR.resolve("expected-frame-hashes.csv"));
        VpdqHasher hasher = VpdqHasher.builder().build();
        for (String name : List.of("chair-20-cut.gif", "chair-20-cut.apng")) {
            List<String> want = rows.stream().filter(r -> r.startsWith(name + ",")).map(r -> r.split(",")[2]).toList();
            List<String> got = hasher.hashAnimation(DIR.resolve(name)).frames().stream()
                    .map(f -> f.hash().toHex()).toList();
            assertEquals(want, got, name);
        }
    }

    @Test
    void stillImagesAreRefusedSoTheirPlainHashStays() throws Exception {
        Path still = Fixtures.reference("pdq/images/pen-and-coaster.png");
        MediaException e = assertThrows(MediaException.class, () -> VpdqHasher.builder().build().hashAnimation(still));
        assertEquals(Kind.UNSUPPORTED_FORMAT, e.kind());
        assertTrue(e.getMessage().contains("not an animated image"), e.getMessage());
    }

    @Test
    void damagedAnimationsAreRefusedBeforeAnyFrameIsHashed() throws Exception {
        Path dir = Fixtures.scratchDir("animation-damage");
        VpdqHasher hasher = VpdqHasher.builder().build();
        for (String name : CUTS) {
            byte[] data = Files.readAllBytes(DIR.resolve(name));
            Path cut = dir.resolve("cut-" + name);
            Files.write(cut, Arrays.copyOf(data, data.length * 2 / 3));
            MediaException e = assertThrows(MediaException.class, () -> hasher.hashAnimation(cut), name);
            assertEquals(Kind.TRUNCATED, e.kind(), e.getMessage());
            assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        }
        // a WebP frame placed outside its canvas
        byte[] webp = Files.readAllBytes(DIR.resolve("chair-20-cut.webp"));
        int anmf = Bytes.indexOf(webp, "ANMF".getBytes(StandardCharsets.US_ASCII));
        webp[anmf + 8] = (byte) 0xFF; // x offset / 2, low byte: 510 px, on a 128 px canvas
        Path outside = dir.resolve("outside.webp");
        Files.write(outside, webp);
        MediaException e = assertThrows(MediaException.class, () -> hasher.hashAnimation(outside));
        assertEquals(Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("outside the 128x192 canvas"), e.getMessage());
        // a WebP frame whose VP8 data claims more pixels than its frame header (fuzzing found the allocation)
        byte[] big = Files.readAllBytes(DIR.resolve("chair-20-cut.webp"));
        int vp8 = Bytes.indexOf(big, "VP8 ".getBytes(StandardCharsets.US_ASCII));
        big[vp8 + 8 + 7] = 0x3F; // width 16383 - 255 or so, in the key frame header's 14 bits
        Path bigFrame = dir.resolve("big-frame.webp");
        Files.write(bigFrame, big);
        e = assertThrows(MediaException.class, () -> hasher.hashAnimation(bigFrame));
        assertEquals(Kind.CORRUPT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("image data, its frame header says 128x192"), e.getMessage());
        e = assertThrows(MediaException.class, () -> ImageDecoder.defaults().decode(bigFrame)); // the still path too
        assertTrue(e.getMessage().contains("its frame header says 128x192"), e.getMessage());
        // a GIF block that is no GIF block
        byte[] gif = Files.readAllBytes(DIR.resolve("chair-20-cut.gif"));
        gif[gif.length - 1] = 0x42; // the trailer
        Path badTrailer = dir.resolve("trailer.gif");
        Files.write(badTrailer, gif);
        e = assertThrows(MediaException.class, () -> hasher.hashAnimation(badTrailer));
        assertEquals(Kind.CORRUPT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("unknown block 0x42"), e.getMessage());
    }

    @Test
    void theFrameCountLimitHolds() {
        VpdqHasher hasher = VpdqHasher.builder().maxAnimationFrames(17).build();
        for (String name : CUTS) {
            MediaException e = assertThrows(MediaException.class, () -> hasher.hashAnimation(DIR.resolve(name)));
            assertEquals(Kind.TOO_LARGE, e.kind(), name);
            assertTrue(e.getMessage().contains("18 frames, above the limit of 17"), e.getMessage());
        }
    }
}
