package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.MediaException;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.pdq.DihedralHashes;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.Orientation;
import io.mediamatch.pdq.Pdq;
import io.mediamatch.pdq.PdqHash;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every decoder path and every failure path, on reference files and files generated into a scratch directory. */
class ImageDecoderTest {
    private static Path scratch;

    @BeforeAll
    static void setUp() {
        scratch = Fixtures.scratchDir("image-decoder");
    }

    private static Path ref(String rel) {
        return Fixtures.reference("pdq/" + rel);
    }

    /** The reference hash of a file listed in expected.csv. */
    private static PdqHash expected(String rel) throws IOException {
        for (String line : Files.readAllLines(Fixtures.reference("pdq/expected.csv"))) {
            String[] f = line.split(",", 3);
            if (f[2].equals(rel)) {
                return new PdqHash(Hash256.fromHex(f[0]), Integer.parseInt(f[1]));
            }
        }
        throw new IllegalStateException(rel + " not in expected.csv");
    }

    private static byte[] bytesOf(BufferedImage img) {
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    private static Path write(BufferedImage img, String format, String name) throws IOException {
        Path p = scratch.resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()), "no ImageIO writer for " + format);
        return p;
    }

    private static MediaException failure(Path file, MediaException.Kind kind) {
        return failure(ImageDecoder.defaults(), file, kind);
    }

    private static MediaException failure(ImageDecoder decoder, Path file, MediaException.Kind kind) {
        MediaException e = assertThrows(MediaException.class, () -> decoder.decode(file));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        return e;
    }

    // ------------------------------------------------------------------------------------ decoder paths

    @Test
    void rgbPngBecomesThreeByteBgrWithStoredValues() throws IOException {
        Path p = ref("synthetic/plasma-1001x777.png");
        BufferedImage img = ImageDecoder.defaults().decode(p);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
        Raster raw = ImageIO.read(p.toFile()).getRaster();
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(raw.getSamples(0, 0, 1001, 777, b, (int[]) null),
                    img.getRaster().getSamples(0, 0, 1001, 777, b, (int[]) null), "band " + b);
        }
    }

    @Test
    void greyPngStaysOneBandWithRawValues() throws IOException {
        Path p = ref("synthetic/gray-800x600.png");
        BufferedImage img = ImageDecoder.defaults().decode(p);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        int[] raw = ImageIO.read(p.toFile()).getRaster().getSamples(0, 0, 800, 600, 0, (int[]) null);
        assertArrayEquals(raw, img.getRaster().getSamples(0, 0, 800, 600, 0, (int[]) null));
        assertEquals(expected("synthetic/gray-800x600.png"), Pdq.hash(img));
    }

    @Test
    void greyAlphaDropsAlphaAndKeepsGrey() throws IOException {
        Path p = ref("images/misc-images/modes/LA.png");
        BufferedImage img = ImageDecoder.defaults().decode(p);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        Raster raw = ImageIO.read(p.toFile()).getRaster();
        assertEquals(2, raw.getNumBands());
        assertArrayEquals(raw.getSamples(0, 0, 1600, 1004, 0, (int[]) null),
                img.getRaster().getSamples(0, 0, 1600, 1004, 0, (int[]) null));
    }

    @Test
    void rgbaDropsAlphaWithoutCompositing() throws IOException {
        Path p = ref("synthetic/rgba-700x500.png");
        BufferedImage img = ImageDecoder.defaults().decode(p);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
        Raster raw = ImageIO.read(p.toFile()).getRaster();
        assertEquals(4, raw.getNumBands());
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(raw.getSamples(0, 0, 700, 500, b, (int[]) null),
                    img.getRaster().getSamples(0, 0, 700, 500, b, (int[]) null));
        }
    }

    @Test
    void oneBitGreyStretchesToFullRange() throws IOException {
        BufferedImage img = ImageDecoder.defaults().decode(ref("images/misc-images/modes/1.png"));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        boolean sawBlack = false;
        boolean sawWhite = false;
        for (byte v : bytesOf(img)) {
            int u = v & 0xFF;
            assertTrue(u == 0 || u == 255, "value " + u);
            sawBlack |= u == 0;
            sawWhite |= u == 255;
        }
        assertTrue(sawBlack && sawWhite);
    }

    @Test
    void bmpTiffAndSixteenBitPngGiveTheReferenceHashOfTheSamePixels() throws IOException {
        String rel = "synthetic/plasma-1001x777.png";
        BufferedImage src = ImageIO.read(ref(rel).toFile());
        PdqHash want = expected(rel);
        BufferedImage bgr = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getRaster().setRect(src.getRaster());
        assertEquals(want, Pdq.hash(write(bgr, "bmp", "plasma.bmp")));
        assertEquals(want, Pdq.hash(write(bgr, "tiff", "plasma.tif")));
        assertEquals(want, Pdq.hash(Files.readAllBytes(scratch.resolve("plasma.tif"))));

        // 16-bit RGB PNG holding v*257: ImageMagick's reduction gives v back exactly
        BufferedImage deep = new BufferedImage(new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), false, false,
                java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT),
                java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_USHORT,
                        src.getWidth(), src.getHeight(), 3, null), false, null);
        WritableRaster dr = deep.getRaster();
        for (int b = 0; b < 3; b++) {
            int[] s = src.getRaster().getSamples(0, 0, src.getWidth(), src.getHeight(), b, (int[]) null);
            for (int i = 0; i < s.length; i++) {
                s[i] *= 257;
            }
            dr.setSamples(0, 0, src.getWidth(), src.getHeight(), b, s);
        }
        Path png16 = write(deep, "png", "plasma16.png");
        assertEquals(16, Files.readAllBytes(png16)[24], "bit depth in IHDR");
        assertEquals(want, Pdq.hash(png16));
    }

    @Test
    void sixteenBitGreyReducesAsImageMagick() throws IOException {
        int w = 256;
        int h = 256;
        BufferedImage g16 = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        int[] v = new int[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = i; // every 16-bit value once
        }
        g16.getRaster().setSamples(0, 0, w, h, 0, v);
        BufferedImage img = ImageDecoder.defaults().decode(write(g16, "png", "ramp16.png"));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        byte[] got = bytesOf(img);
        for (int i = 0; i < v.length; i++) {
            assertEquals((int) Math.floor(v[i] / 257.0 + 0.5), got[i] & 0xFF, "16-bit value " + v[i]);
        }
    }

    @Test
    void gifFirstFrameWithItsPalette() throws IOException {
        String rel = "synthetic/palette-640x480.png";
        BufferedImage src = ImageIO.read(ref(rel).toFile());
        assertTrue(src.getColorModel() instanceof java.awt.image.IndexColorModel);
        Path gif = write(src, "gif", "palette.gif");
        BufferedImage img = ImageDecoder.defaults().decode(gif);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
        assertEquals(expected(rel), Pdq.hash(img));
    }

    @Test
    void webpDecodesToRgb() throws IOException {
        BufferedImage img = ImageDecoder.defaults().decode(ref("images/misc-images/modes/F.webp"));
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
        assertEquals(1600, img.getWidth());
        assertEquals(1004, img.getHeight());
    }

    @Test
    void losslessWebpKeepsEveryPixel() throws IOException {
        String rel = "synthetic/plasma-1001x777.png";
        BufferedImage src = ImageIO.read(ref(rel).toFile());
        byte[] webp = WebpEncoder.encode(src, true);
        assertEquals(ImageFormat.WEBP, ImageFormat.detect(webp));
        BufferedImage img = ImageDecoder.defaults().decode(webp, "lossless.webp");
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(src.getRaster().getSamples(0, 0, 1001, 777, b, (int[]) null),
                    img.getRaster().getSamples(0, 0, 1001, 777, b, (int[]) null), "band " + b);
        }
        assertEquals(expected(rel), Pdq.hash(img));
    }

    @Test
    void lossyWebpOfOddSizeDecodesCloseToItsSource() throws IOException {
        // odd width and height exercise the edge rows and columns of the chroma upsampler
        BufferedImage src = ImageIO.read(ref("synthetic/plasma-63x65.png").toFile());
        BufferedImage img = ImageDecoder.defaults().decode(WebpEncoder.encode(src, false), "lossy.webp");
        assertEquals(63, img.getWidth());
        assertEquals(65, img.getHeight());
        long err = 0;
        for (int b = 0; b < 3; b++) {
            int[] s = src.getRaster().getSamples(0, 0, 63, 65, b, (int[]) null);
            int[] d = img.getRaster().getSamples(0, 0, 63, 65, b, (int[]) null);
            for (int i = 0; i < s.length; i++) {
                err += Math.abs(s[i] - d[i]);
            }
        }
        double mean = err / (3.0 * 63 * 65);
        assertTrue(mean < 12, "mean absolute error " + mean);
    }

    @Test
    void ycckJpegDecodesLikeTheSameCmykJpeg() throws IOException {
        int w = 256;
        int h = 192;
        WritableRaster cmyk = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
        WritableRaster ycck = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = x;
                int m = (y * 4 / 3) & 0xFF;
                int yl = (x + y) / 2;
                int k = 64 + (x ^ y) / 4;
                cmyk.setPixel(x, y, new int[] {c, m, yl, k});
                // what an encoder stores for YCCK: YCbCr of (255-C, 255-M, 255-Y), K unchanged
                double r = 255 - c;
                double g = 255 - m;
                double b = 255 - yl;
                int lum = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                int cb = (int) Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
                int cr = (int) Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
                ycck.setPixel(x, y, new int[] {clamp(lum), clamp(cb), clamp(cr), k});
            }
        }
        BufferedImage fromCmyk = ImageDecoder.defaults().decode(adobeJpeg(cmyk, 0), "cmyk");
        BufferedImage fromYcck = ImageDecoder.defaults().decode(adobeJpeg(ycck, 2), "ycck");
        byte[] a = bytesOf(fromCmyk);
        byte[] b = bytesOf(fromYcck);
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        double mean = (double) sum / a.length;
        assertTrue(mean < 2.5, "mean difference " + mean);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** A 4-component JPEG written by the JDK from raw samples, labelled with the given Adobe transform. */
    private static byte[] adobeJpeg(Raster raw, int transform) throws IOException {
        javax.imageio.ImageWriter writer = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            javax.imageio.ImageWriter candidate = it.next();
            if (candidate.getClass().getName().startsWith("com.sun.imageio")) {
                writer = candidate;
            }
        }
        var cs = com.twelvemonkeys.imageio.color.ColorSpaces.getColorSpace(
                com.twelvemonkeys.imageio.color.ColorSpaces.CS_GENERIC_CMYK);
        var spec = javax.imageio.ImageTypeSpecifier.createInterleaved(cs, new int[] {0, 1, 2, 3},
                java.awt.image.DataBuffer.TYPE_BYTE, false, false);
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(1.0f);
        javax.imageio.metadata.IIOMetadata meta = writer.getDefaultImageMetadata(spec, param);
        String fmt = "javax_imageio_jpeg_image_1.0";
        var root = (javax.imageio.metadata.IIOMetadataNode) meta.getAsTree(fmt);
        ((javax.imageio.metadata.IIOMetadataNode) root.getElementsByTagName("app14Adobe").item(0))
                .setAttribute("transform", Integer.toString(transform));
        meta.setFromTree(fmt, root);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(raw, null, meta), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    @Test
    void bytesStreamAndPathAgree() throws IOException {
        Path p = ref("images/misc-images/small.jpg"); // progressive JPEG
        byte[] data = Files.readAllBytes(p);
        byte[] a = bytesOf(ImageDecoder.defaults().decode(p));
        assertArrayEquals(a, bytesOf(ImageDecoder.defaults().decode(data, "small")));
        assertArrayEquals(a, bytesOf(ImageDecoder.defaults().decode(new ByteArrayInputStream(data), "small")));
        assertEquals(expected("images/misc-images/small.jpg"), Pdq.hash(data));
    }

    @Test
    void exifOrientationIsIgnoredByDefaultAndAppliedOnRequest() throws IOException {
        // exif-rotn-N are separate shots of one scene: compare each file with its own dihedral hashes
        ImageDecoder orienting = new ImageDecoder(DecodeOptions.DEFAULTS.withExifOrient(true));
        Path six = ref("images/exif-rotn/exif-rotn-6.jpg");
        BufferedImage stored = ImageDecoder.defaults().decode(six);
        assertEquals(expected("images/exif-rotn/exif-rotn-6.jpg"), Pdq.hash(stored));
        BufferedImage turned = orienting.decode(six);
        assertEquals(stored.getWidth(), turned.getHeight());
        assertEquals(stored.getHeight(), turned.getWidth());
        DihedralHashes dih = Pdq.hashDihedral(stored);
        Hash256 t = Pdq.hash(turned).hash();
        int quarter = Math.min(t.distance(dih.get(Orientation.ROTATE_90)), t.distance(dih.get(Orientation.ROTATE_270)));
        assertTrue(quarter <= 16, "orientation 6 is a quarter turn: " + quarter);
        assertTrue(t.distance(dih.get(Orientation.ORIGINAL)) > 64);

        Path three = ref("images/exif-rotn/exif-rotn-3.jpg");
        Hash256 half = Pdq.hash(orienting.decode(three)).hash();
        assertTrue(half.distance(Pdq.hashDihedral(three).get(Orientation.ROTATE_180)) <= 16, "orientation 3");

        // orientation 1 is left alone
        Path upright = ref("images/exif-rotn/exif-rotn-1.jpg");
        assertArrayEquals(bytesOf(ImageDecoder.defaults().decode(upright)), bytesOf(orienting.decode(upright)));
    }

    @Test
    void exifTransformsMatchTheDihedralHashes() {
        // a 3x2 image with distinct values, turned by each EXIF orientation
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, 3, 2, 0, new int[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new byte[] {3, 2, 1, 6, 5, 4}, bytesOf(ExifOrientation.apply(img, 2)));
        assertArrayEquals(new byte[] {6, 5, 4, 3, 2, 1}, bytesOf(ExifOrientation.apply(img, 3)));
        assertArrayEquals(new byte[] {4, 5, 6, 1, 2, 3}, bytesOf(ExifOrientation.apply(img, 4)));
        assertArrayEquals(new byte[] {1, 4, 2, 5, 3, 6}, bytesOf(ExifOrientation.apply(img, 5)));
        assertArrayEquals(new byte[] {4, 1, 5, 2, 6, 3}, bytesOf(ExifOrientation.apply(img, 6)));
        assertArrayEquals(new byte[] {6, 3, 5, 2, 4, 1}, bytesOf(ExifOrientation.apply(img, 7)));
        assertArrayEquals(new byte[] {3, 6, 2, 5, 1, 4}, bytesOf(ExifOrientation.apply(img, 8)));
    }

    @Test
    void concurrentDecodingAndHashingGiveTheReferenceHashes() throws Exception {
        List<String> rels = List.of("images/misc-images/modes/CMYK.jpg", "images/misc-images/modes/F.webp",
                "synthetic/icc-adobergb-900x600.jpg", "synthetic/palette-640x480.png", "images/misc-images/modes/LA.png",
                "images/bridge-mods/square-512x512.jpg");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<PdqHash>> got = new java.util.ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String rel : rels) {
                    got.add(pool.submit(() -> Pdq.hash(ref(rel))));
                }
            }
            for (int i = 0; i < got.size(); i++) {
                String rel = rels.get(i % rels.size());
                assertEquals(expected(rel), got.get(i).get(), rel);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------- failures

    @Test
    void zeroByteFile() throws IOException {
        Path p = Files.write(scratch.resolve("empty.jpg"), new byte[0]);
        failure(p, MediaException.Kind.EMPTY);
    }

    @Test
    void textFileNamedJpg() throws IOException {
        Path p = Files.writeString(scratch.resolve("notes.jpg"), "hello, this is not a picture\n");
        MediaException e = failure(p, MediaException.Kind.UNSUPPORTED_FORMAT);
        assertTrue(e.getMessage().contains("text"), e.getMessage());
    }

    @Test
    void truncatedJpeg() throws IOException {
        byte[] full = Files.readAllBytes(ref("images/bridge-mods/aaa-orig.jpg"));
        Path half = Files.write(scratch.resolve("half.jpg"), Arrays.copyOf(full, full.length / 2));
        failure(half, MediaException.Kind.TRUNCATED);
        Path noEoi = Files.write(scratch.resolve("no-eoi.jpg"), Arrays.copyOf(full, full.length - 2));
        // the whole scan is there, only the end marker is missing: libjpeg still warns
        failure(noEoi, MediaException.Kind.TRUNCATED);
        Path headerOnly = Files.write(scratch.resolve("header-only.jpg"), Arrays.copyOf(full, 40));
        failure(headerOnly, MediaException.Kind.TRUNCATED);
        byte[] prog = Files.readAllBytes(ref("images/misc-images/small.jpg"));
        Path progHalf = Files.write(scratch.resolve("prog-half.jpg"), Arrays.copyOf(prog, prog.length * 2 / 3));
        failure(progHalf, MediaException.Kind.TRUNCATED);
    }

    @Test
    void arithmeticCodedJpegIsUnsupported() throws IOException {
        byte[] data = Files.readAllBytes(ref("images/bridge-mods/square-128x128.jpg"));
        int sof = -1;
        for (int i = 2; i + 1 < data.length; i++) {
            if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == 0xC0) {
                sof = i;
                break;
            }
        }
        assertTrue(sof > 0, "baseline SOF0 marker");
        data[sof + 1] = (byte) 0xC9;
        Path p = Files.write(scratch.resolve("arith.jpg"), data);
        MediaException e = failure(p, MediaException.Kind.UNSUPPORTED_FORMAT);
        assertTrue(e.getMessage().contains("arithmetic"), e.getMessage());
    }

    @Test
    void truncatedPng() throws IOException {
        byte[] full = Files.readAllBytes(ref("synthetic/plasma-1001x777.png"));
        Path p = Files.write(scratch.resolve("half.png"), Arrays.copyOf(full, full.length / 2));
        failure(p, MediaException.Kind.TRUNCATED);
    }

    @Test
    void corruptPngBody() throws IOException {
        byte[] data = Files.readAllBytes(ref("synthetic/plasma-64x64.png"));
        for (int i = 60; i < data.length - 20; i++) {
            data[i] = (byte) (i * 31);
        }
        Path p = Files.write(scratch.resolve("corrupt.png"), data);
        MediaException e = assertThrows(MediaException.class, () -> ImageDecoder.defaults().decode(p));
        assertTrue(e.kind() == MediaException.Kind.CORRUPT || e.kind() == MediaException.Kind.TRUNCATED, e.toString());
    }

    @Test
    void pngHeaderClaimingTenGigapixelsIsRefusedBeforeDecoding() throws IOException {
        Path p = Files.write(scratch.resolve("huge.png"), pngHeader(100_000, 100_000));
        MediaException e = failure(p, MediaException.Kind.TOO_LARGE);
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void jpegHeaderAboveTheLimitIsRefused() throws IOException {
        byte[] data = Files.readAllBytes(ref("images/bridge-mods/aaa-orig.jpg"));
        ImageDecoder small = new ImageDecoder(DecodeOptions.DEFAULTS.withMaxPixels(1600L * 1004 - 1));
        failure(small, ref("images/bridge-mods/aaa-orig.jpg"), MediaException.Kind.TOO_LARGE);
        assertEquals(1600, new ImageDecoder(DecodeOptions.DEFAULTS.withMaxPixels(1600L * 1004))
                .decode(data, "x").getWidth());
    }

    @Test
    void fileAboveTheByteLimitIsRefused() {
        ImageDecoder tiny = new ImageDecoder(DecodeOptions.DEFAULTS.withMaxFileBytes(1000));
        failure(tiny, ref("images/bridge-mods/aaa-orig.jpg"), MediaException.Kind.TOO_LARGE);
        MediaException e = assertThrows(MediaException.class,
                () -> tiny.decode(new ByteArrayInputStream(new byte[5000]), "stream"));
        assertEquals(MediaException.Kind.TOO_LARGE, e.kind());
    }

    @Test
    void missingFileAndDirectory() {
        failure(scratch.resolve("missing.png"), MediaException.Kind.IO);
        failure(scratch, MediaException.Kind.IO);
    }

    @Test
    void formatDetectionByContent() throws IOException {
        assertEquals(ImageFormat.JPEG, ImageFormat.detect(Files.readAllBytes(ref("images/misc-images/wee.jpg"))));
        assertEquals(ImageFormat.PNG, ImageFormat.detect(pngHeader(1, 1)));
        assertEquals(ImageFormat.WEBP, ImageFormat.detect(Files.readAllBytes(ref("images/misc-images/modes/F.webp"))));
        assertEquals(null, ImageFormat.detect("plain text".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ImageFormat.JPEG, ImageFormat.fromFileName("A.JPEG"));
        assertEquals(null, ImageFormat.fromFileName("movie.mp4"));
        for (String name : List.of("x.png", "x.gif", "x.bmp", "x.webp", "x.tif", "x.tiff", "x.jpg")) {
            assertTrue(ImageFormat.fromFileName(name) != null, name);
        }
    }

    /** A PNG signature and a valid IHDR chunk (8-bit RGB) claiming the given size, then nothing. */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer out = ByteBuffer.allocate(8 + 4 + 17 + 4);
        out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        out.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return out.array();
    }
}
