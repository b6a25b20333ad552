package io.mediamatch.image;

import static io.mediamatch.image.JpegDecodingTest.assertSameSamples;
import static io.mediamatch.image.JpegDecodingTest.jdkBgr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mediamatch.MediaException;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.pdq.DihedralHashes;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The libturbojpeg path: the samples it gives must be the JDK reader's on every JPEG it takes, the pixel-sink entry
 * points must hash exactly like decode-then-hash, and anything it cannot decode cleanly must reach the JDK reader.
 * Skipped where libturbojpeg is not installed, unless MEDIAMATCH_REQUIRE_TURBOJPEG is set (CI sets it).
 */
class TurboJpegTest {
    @BeforeAll
    static void needsTheLibrary() {
        if (System.getenv("MEDIAMATCH_REQUIRE_TURBOJPEG") != null) {
            assertTrue(TurboJpeg.AVAILABLE, "libturbojpeg loads (install libturbojpeg0)");
        }
        assumeTrue(TurboJpeg.AVAILABLE, "libturbojpeg is not installed");
    }

    @Test
    void takesEveryGreyAndYccReferenceJpegWithTheJdkReadersSamples() throws IOException {
        int taken = 0;
        int progressive = 0;
        for (Path p : JpegDecodingTest.referenceJpegs()) {
            byte[] data = Files.readAllBytes(p);
            JpegHeader h = JpegHeader.parse(data, data.length);
            BufferedImage img = TurboJpeg.decode(data, h);
            if (!h.greyOrPlainYcc()) {
                assertNull(img, p + ": CMYK and ambiguous colour spaces stay with the JDK reader");
                continue;
            }
            assertNotNull(img, p.toString());
            assertSameSamples(jdkBgr(data), img, p.toString());
            taken++;
            progressive += h.progressive ? 1 : 0;
        }
        assertTrue(taken >= 30 && progressive >= 8, "taken " + taken + ", progressive " + progressive);
    }

    @Test
    void pixelSinkHashesExactlyLikeDecodeThenHash() throws IOException, MediaException {
        PdqHasher hasher = new PdqHasher();
        ImageDecoder decoder = ImageDecoder.defaults();
        int viaPixels = 0;
        List<Path> files = new ArrayList<>(JpegDecodingTest.referenceJpegs());
        files.add(Fixtures.reference("pdq/images/pen-and-coaster.png"));
        for (Path p : files) {
            BufferedImage img = decoder.decode(p);
            assertEquals(hasher.hash(img), hasher.hash(p, decoder), p.toString());
            assertEquals(hasher.hashDihedral(img), hasher.hashDihedral(p, decoder), p.toString());
            byte[] data = Files.readAllBytes(p);
            assertEquals(hasher.hash(img), hasher.hash(data, p.toString(), decoder), p.toString());
            viaPixels += decoder.decode(p, new Kind()) ? 1 : 0;
        }
        assertTrue(viaPixels >= 30, "JPEGs handed over as native samples: " + viaPixels);
        assertEquals(false, decoder.decode(Fixtures.reference("pdq/images/pen-and-coaster.png"), new Kind()));
    }

    /** Whether a decode arrived as native samples (true) or as an image (false). */
    private static final class Kind implements PixelSink<Boolean> {
        @Override
        public Boolean pixels(ByteBuffer samples, int width, int height, int channels) {
            assertEquals((long) width * height * channels, samples.limit());
            return true;
        }

        @Override
        public Boolean image(BufferedImage image) {
            return false;
        }
    }

    @Test
    void aDecodeInsideASinkFallsBackInsteadOfOverwritingTheBuffer() throws MediaException {
        ImageDecoder decoder = ImageDecoder.defaults();
        Path outer = Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg");
        Path inner = Fixtures.reference("pdq/images/bridge-mods/square-256x256.jpg");
        PdqHasher hasher = new PdqHasher();
        PdqHash expectedOuter = hasher.hash(decoder.decode(outer));
        PdqHash expectedInner = hasher.hash(decoder.decode(inner));
        PdqHash[] got = new PdqHash[2];
        decoder.decode(outer, new PixelSink<Void>() {
            @Override
            public Void pixels(ByteBuffer samples, int width, int height, int channels) {
                try {
                    got[1] = new PdqHasher().hash(inner, decoder); // nested: must not reuse this thread's buffer
                } catch (MediaException e) {
                    throw new AssertionError(e);
                }
                got[0] = new PdqHasher().hash(samples, width, height, channels, width * channels);
                return null;
            }

            @Override
            public Void image(BufferedImage image) {
                throw new AssertionError("the bridge JPEG takes the libturbojpeg path");
            }
        });
        assertEquals(expectedOuter, got[0]);
        assertEquals(expectedInner, got[1]);
    }

    @Test
    void exifOrientationTurnsTheImageBeforeTheSinkSeesIt() throws MediaException {
        Path six = Fixtures.reference("pdq/images/exif-rotn/exif-rotn-6.jpg");
        ImageDecoder turning = new ImageDecoder(DecodeOptions.DEFAULTS.withExifOrient(true));
        PdqHasher hasher = new PdqHasher();
        assertEquals(false, turning.decode(six, new Kind()));
        assertEquals(hasher.hash(turning.decode(six)), hasher.hash(six, turning));
        DihedralHashes stored = hasher.hashDihedral(six, ImageDecoder.defaults());
        assertEquals(hasher.hashDihedral(ImageDecoder.defaults().decode(six)), stored);
    }

    @Test
    void truncatedAndCorruptFilesGoToTheJdkReaderWhichWordsTheError() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg"));
        byte[] cut = Arrays.copyOf(full, full.length / 2);
        assertNull(TurboJpeg.decode(cut, JpegHeader.parse(cut, cut.length)), "libjpeg warns of the missing end");
        byte[] bad = full.clone();
        int sos = 0;
        while (!((bad[sos] & 0xFF) == 0xFF && (bad[sos + 1] & 0xFF) == 0xDA)) {
            sos++;
        }
        Arrays.fill(bad, sos + 400, sos + 2400, (byte) 0x00);
        bad[sos + 3000] = (byte) 0xFF; // a stray marker inside the scan
        bad[sos + 3001] = (byte) 0xD3;
        assertNull(TurboJpeg.decode(bad, JpegHeader.parse(bad, bad.length)), "libjpeg warns of corrupt data");
        byte[] badTable = full.clone();
        int dht = 0;
        while (!((badTable[dht] & 0xFF) == 0xFF && (badTable[dht + 1] & 0xFF) == 0xC4)) {
            dht++;
        }
        Arrays.fill(badTable, dht + 5, dht + 21, (byte) 0xFF); // code counts far above 256: an error in the header
        assertNull(TurboJpeg.decode(badTable, JpegHeader.parse(badTable, badTable.length)));
        // libturbojpeg 2.x leaves a handle whose header read failed unusable: the next clean file must still decode
        assertNotNull(TurboJpeg.decode(full, JpegHeader.parse(full, full.length)));
        PdqHasher hasher = new PdqHasher();
        MediaException e = assertThrows(MediaException.class,
                () -> hasher.hash(cut, "cut.jpg", ImageDecoder.defaults()));
        assertEquals(MediaException.Kind.TRUNCATED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("cut.jpg: "), e.getMessage());
    }

    @Test
    void bufferHashChecksItsArguments() {
        PdqHasher hasher = new PdqHasher();
        ByteBuffer px = ByteBuffer.allocateDirect(30 * 20 * 3);
        assertThrows(IllegalArgumentException.class, () -> hasher.hash(px, 30, 20, 2, 60));
        assertThrows(IllegalArgumentException.class, () -> hasher.hash(px, 30, 21, 3, 90));
        assertThrows(IllegalArgumentException.class, () -> hasher.hash(px, 30, 20, 3, 80));
        assertEquals(hasher.hashRgb(new byte[30 * 20 * 3], 30, 20, 90), hasher.hash(px, 30, 20, 3, 90));
    }
}
