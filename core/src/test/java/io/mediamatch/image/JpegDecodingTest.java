package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.mediamatch.MediaException;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.pdq.Pdq;
import io.mediamatch.pdq.PdqHasher;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JPEG paths of {@link ImageDecoder}: colour JPEGs are read into an R, G, B byte-order destination (no reordering
 * pass), progressive ones through Leptonica's libjpeg-turbo; these tests pin that both give exactly the samples of
 * the JDK reader's TYPE_3BYTE_BGR destination, which the conformance tests validated against the reference hashes,
 * and that bad JPEG input still fails cleanly.
 */
class JpegDecodingTest {
    private static Path scratch;

    @BeforeAll
    static void setUp() {
        scratch = Fixtures.scratchDir("jpeg-decoding");
    }

    /** Every JPEG under the reference PDQ data, sorted. */
    static List<Path> referenceJpegs() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Fixtures.reference("pdq"))) {
            s.filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.jpe?g")).sorted().forEach(out::add);
        }
        return out;
    }

    /** The samples of the JDK reader with a TYPE_3BYTE_BGR (or grey) destination: the previous decoding path. */
    static BufferedImage jdkBgr(byte[] data) throws IOException {
        JpegHeader header = JpegHeader.parse(data, data.length);
        byte[] bytes = header.hasIcc() ? header.withoutIcc(data, data.length) : data;
        ImageReader reader = ImageDecoder.Readers.JDK_JPEG.createReaderInstance();
        try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.setInput(in, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setDestinationType(ImageTypeSpecifier.createFromBufferedImageType(
                    header.components == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR));
            return reader.read(0, param);
        } finally {
            reader.dispose();
        }
    }

    static void assertSameSamples(BufferedImage expected, BufferedImage actual, String what) {
        assertEquals(expected.getWidth(), actual.getWidth(), what);
        assertEquals(expected.getHeight(), actual.getHeight(), what);
        Raster e = expected.getRaster();
        Raster a = actual.getRaster();
        assertEquals(e.getNumBands(), a.getNumBands(), what);
        int w = expected.getWidth();
        int h = expected.getHeight();
        for (int b = 0; b < e.getNumBands(); b++) {
            assertArrayEquals(e.getSamples(0, 0, w, h, b, (int[]) null), a.getSamples(0, 0, w, h, b, (int[]) null),
                    what + " band " + b);
        }
    }

    @Test
    void everyReferenceColourJpegGivesTheSamplesOfTheBgrDestination() throws IOException {
        int colour = 0;
        for (Path p : referenceJpegs()) {
            byte[] data = Files.readAllBytes(p);
            JpegHeader header = JpegHeader.parse(data, data.length);
            if (header.components != 3) {
                continue; // CMYK goes through Cmyk, unchanged
            }
            colour++;
            BufferedImage img = ImageDecoder.defaults().decode(p);
            assertEquals(BufferedImage.TYPE_CUSTOM, img.getType(), p.toString());
            assertSameSamples(jdkBgr(data), img, p.toString());
        }
        assertTrue(colour >= 25, "colour reference JPEGs found: " + colour);
    }

    @Test
    void progressiveReferenceJpegsTakeTheLeptonicaPathWithTheSameSamples() throws IOException {
        assertTrue(ProgressiveJpeg.AVAILABLE, "Leptonica natives load on this platform");
        int progressive = 0;
        for (Path p : referenceJpegs()) {
            byte[] data = Files.readAllBytes(p);
            JpegHeader header = JpegHeader.parse(data, data.length);
            if (!header.progressive) {
                assertFalse(ProgressiveJpeg.accepts(header, data), p.toString());
                continue;
            }
            progressive++;
            assertTrue(ProgressiveJpeg.accepts(header, data), p.toString());
            BufferedImage img = ProgressiveJpeg.decode(data, header);
            assertTrue(img != null, p.toString());
            assertSameSamples(jdkBgr(data), img, p.toString());
        }
        assertTrue(progressive >= 8, "progressive reference JPEGs found: " + progressive);
    }

    @Test
    void truncatedOrCorruptProgressiveJpegsFallBackToTheJdkReadersError() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.reference("pdq/images/dih/bridge-3-rotate-180.jpg"));
        byte[] cut = java.util.Arrays.copyOf(full, full.length / 2);
        JpegHeader header = JpegHeader.parse(cut, cut.length);
        assertFalse(ProgressiveJpeg.accepts(header, cut), "no EOI: left to the JDK reader");
        assertEquals(MediaException.Kind.TRUNCATED, failure(cut, "cut.jpg").kind());
        // complete but with a broken Huffman table: Leptonica refuses, the JDK reader words the error
        byte[] bad = full.clone();
        int dht = marker(bad, 0xC4, marker(bad, 0xC2, 2)); // the main image's, not the EXIF thumbnail's
        for (int i = 0; i < 16; i++) {
            bad[dht + 5 + i] = (byte) 0xFF;
        }
        assertTrue(ProgressiveJpeg.accepts(JpegHeader.parse(bad, bad.length), bad));
        assertEquals(null, ProgressiveJpeg.decode(bad, JpegHeader.parse(bad, bad.length)));
        assertEquals(MediaException.Kind.CORRUPT, failure(bad, "bad.jpg").kind());
    }

    @Test
    void concurrentProgressiveDecodingIsExact() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path p : referenceJpegs()) {
            byte[] data = Files.readAllBytes(p);
            if (JpegHeader.parse(data, data.length).progressive) {
                files.add(p);
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<BufferedImage>> got = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Path p : files) {
                    got.add(pool.submit(() -> ImageDecoder.defaults().decode(p)));
                }
            }
            for (int i = 0; i < got.size(); i++) {
                Path p = files.get(i % files.size());
                assertSameSamples(jdkBgr(Files.readAllBytes(p)), got.get(i).get(), p.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rgbOrderAndBgrOrderOfTheSameSamplesHashAlike() throws IOException {
        byte[] data = Files.readAllBytes(Fixtures.reference("pdq/images/misc-images/small.jpg")); // progressive
        BufferedImage rgb = ImageDecoder.defaults().decode(data, "small");
        BufferedImage bgr = jdkBgr(data);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, bgr.getType());
        PdqHasher hasher = new PdqHasher();
        assertEquals(hasher.hash(bgr), hasher.hash(rgb));
        assertEquals(hasher.hashDihedral(bgr), hasher.hashDihedral(rgb));
        // and the byte order really is R, G, B
        byte[] raw = ((java.awt.image.DataBufferByte) rgb.getRaster().getDataBuffer()).getData();
        assertEquals(rgb.getRaster().getSample(0, 0, 0), raw[0] & 0xFF);
        assertEquals(rgb.getRaster().getSample(0, 0, 2), raw[2] & 0xFF);
    }

    @Test
    void greyJpegsStayOneBand() throws IOException {
        BufferedImage src = new BufferedImage(211, 157, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                src.getRaster().setSample(x, y, 0, (x * 7 + y * 3 + (x * y) % 29) & 0xFF);
            }
        }
        for (boolean progressive : new boolean[] {false, true}) {
            byte[] jpeg = encode(src, progressive);
            BufferedImage img = ImageDecoder.defaults().decode(jpeg, "grey");
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
            assertSameSamples(jdkBgr(jpeg), img, "grey progressive=" + progressive);
            assertEquals(new PdqHasher().hashGrey(
                    ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData(), 211, 157, 211),
                    Pdq.hash(jpeg));
        }
    }

    @Test
    void progressiveColourJpegOfGeneratedPixels() throws IOException {
        BufferedImage src = new BufferedImage(301, 203, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                src.getRaster().setPixel(x, y, new int[] {(x * 5) & 0xFF, (y * 3) & 0xFF, ((x ^ y) * 7) & 0xFF});
            }
        }
        for (boolean progressive : new boolean[] {false, true}) {
            byte[] jpeg = encode(src, progressive);
            assertEquals(progressive, JpegHeader.parse(jpeg, jpeg.length).progressive);
            assertSameSamples(jdkBgr(jpeg), ImageDecoder.defaults().decode(jpeg, "colour"), "progressive=" + progressive);
        }
    }

    @Test
    void exifOrientationKeepsTheRgbLayout() throws IOException {
        Path six = Fixtures.reference("pdq/images/exif-rotn/exif-rotn-6.jpg");
        BufferedImage stored = ImageDecoder.defaults().decode(six);
        BufferedImage turned = new ImageDecoder(DecodeOptions.DEFAULTS.withExifOrient(true)).decode(six);
        assertEquals(stored.getColorModel(), turned.getColorModel());
        int w = stored.getWidth();
        int h = stored.getHeight();
        // orientation 6: displayed pixel (x, y) is stored pixel (y, h - 1 - x)
        for (int[] xy : new int[][] {{0, 0}, {h - 1, w - 1}, {17, 400}, {h / 2, w / 3}}) {
            for (int b = 0; b < 3; b++) {
                assertEquals(stored.getRaster().getSample(xy[1], h - 1 - xy[0], b),
                        turned.getRaster().getSample(xy[0], xy[1], b));
            }
        }
    }

    // ---------------------------------------------------------------------------------------- failures

    private static MediaException failure(byte[] data, String name) {
        MediaException e = assertThrows(MediaException.class, () -> ImageDecoder.defaults().decode(data, name));
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        return e;
    }

    @Test
    void headerClaimingHugeDimensionsIsRefusedBeforeDecoding() throws IOException {
        byte[] data = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/aaa-orig.jpg"));
        int sof = marker(data, 0xC0);
        // SOF0 payload: length(2) precision(1) height(2) width(2)
        data[sof + 5] = (byte) 0xFF;
        data[sof + 6] = (byte) 0xF0;
        data[sof + 7] = (byte) 0xFF;
        data[sof + 8] = (byte) 0xF0;
        MediaException e = failure(data, "huge.jpg");
        assertEquals(MediaException.Kind.TOO_LARGE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("65520x65520"), e.getMessage());
    }

    @Test
    void jpegOfRepeatedScansIsRefusedBeforeDecoding() throws IOException {
        byte[] prog = Files.readAllBytes(Fixtures.reference("pdq/images/misc-images/small.jpg")); // 10 scans
        int last = prog.length - 2;
        while (!((prog[last] & 0xFF) == 0xFF && (prog[last + 1] & 0xFF) == 0xDA)) {
            last--;
        }
        int eoi = prog.length - 2; // the file ends with EOI
        assertEquals(0xD9, prog[eoi + 1] & 0xFF);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(prog, 0, eoi);
        for (int i = 0; i < ImageDecoder.MAX_JPEG_SCANS; i++) { // a decoder would run each over the whole image
            bomb.write(prog, last, eoi - last);
        }
        bomb.write(prog, eoi, 2);
        MediaException e = failure(bomb.toByteArray(), "bomb.jpg");
        assertEquals(MediaException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("more than " + ImageDecoder.MAX_JPEG_SCANS + " scans"), e.getMessage());
        byte[] withinLimit = Arrays.copyOf(bomb.toByteArray(), eoi + 5 * (eoi - last)); // 10 + 5 scans
        assertEquals(15, JpegHeader.scans(withinLimit, JpegHeader.parse(prog, prog.length).firstScan, 1000));
        // a single-scan sequential JPEG is not counted: libjpeg itself refuses a second scan at once
        byte[] base = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/square-256x256.jpg"));
        JpegHeader h = JpegHeader.parse(base, base.length);
        assertTrue(h.singleScan());
        int sos = h.firstScan;
        int end = base.length - 2;
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        twice.write(base, 0, end);
        twice.write(base, sos, end - sos);
        twice.write(base, end, 2);
        assertEquals(MediaException.Kind.CORRUPT, failure(twice.toByteArray(), "two-scans.jpg").kind());
    }

    @Test
    void corruptHuffmanTableIsACleanError() throws IOException {
        byte[] data = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/square-128x128.jpg"));
        int dht = marker(data, 0xC4);
        // code counts claiming far more than 256 codes: libjpeg rejects the table
        for (int i = 0; i < 16; i++) {
            data[dht + 5 + i] = (byte) 0xFF;
        }
        MediaException e = failure(data, "bad-dht.jpg");
        assertEquals(MediaException.Kind.CORRUPT, e.kind(), e.getMessage());
    }

    @Test
    void garbledScanDataFailsOrDecodesButNeverCrashes() throws IOException {
        byte[] clean = Files.readAllBytes(Fixtures.reference("pdq/images/bridge-mods/square-256x256.jpg"));
        int sos = marker(clean, 0xDA);
        int failed = 0;
        for (int seed = 1; seed <= 12; seed++) {
            byte[] data = clean.clone();
            java.util.Random rnd = new java.util.Random(seed);
            for (int i = sos + 20; i < data.length - 2; i += 1 + rnd.nextInt(40)) {
                data[i] = (byte) rnd.nextInt(256);
            }
            try {
                BufferedImage img = ImageDecoder.defaults().decode(data, "garbled-" + seed);
                assertEquals(256, img.getWidth());
            } catch (MediaException e) {
                failed++;
                assertTrue(e.getMessage().startsWith("garbled-" + seed + ": "), e.getMessage());
                assertFalse(e.getMessage().isBlank());
            }
        }
        assertTrue(failed > 0, "heavily garbled scans make libjpeg warn of corrupt data");
    }

    /** Offset of the first 0xFF {@code code} marker. */
    private static int marker(byte[] data, int code) {
        return marker(data, code, 2);
    }

    /** Offset of the first 0xFF {@code code} marker at or after {@code from}. */
    private static int marker(byte[] data, int code, int from) {
        for (int i = from; i + 1 < data.length; i++) {
            if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == code) {
                return i;
            }
        }
        throw new IllegalStateException("no marker " + Integer.toHexString(code));
    }

    private static byte[] encode(BufferedImage img, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
