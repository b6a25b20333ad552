package io.mediamatch.pdq;

import static org.junit.jupiter.api.Assertions.*;

import io.mediamatch.fixtures.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PdqHasherTest {

    /** expected.csv rows by relative path: {hash, quality}. */
    private static Map<String, String[]> expected() throws IOException {
        Map<String, String[]> m = new HashMap<>();
        for (String line : Files.readAllLines(Fixtures.reference("pdq/expected.csv"))) {
            String[] f = line.split(",", 3);
            m.put(f[2], new String[] {f[0], f[1]});
        }
        return m;
    }

    /**
     * Lossless PNGs that JDK ImageIO decodes to exactly the stored values: the hasher alone must reproduce the
     * reference bit for bit, including the 64x64 no-blur path, the 5x5 minimum, and a flat image whose hash
     * is pure float round-off.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "synthetic/plasma-64x64.png", "synthetic/plasma-63x65.png", "synthetic/tiny-5x5.png",
        "synthetic/tiny-4x4.png", "synthetic/flat-500x500.png", "synthetic/gradient-37x1500.png",
        "synthetic/gray-800x600.png", "synthetic/palette-640x480.png", "synthetic/checker-512x512.png",
        "synthetic/rgba-700x500.png", "synthetic/plasma-1001x777.png", "synthetic/noise-1920x1080.png"})
    void matchesReferenceExactlyOnLosslessImages(String rel) throws IOException {
        String[] exp = expected().get(rel);
        assertNotNull(exp, rel + " missing from expected.csv");
        BufferedImage img = ImageIO.read(Fixtures.reference("pdq/" + rel).toFile());
        PdqHash got = new PdqHasher().hash(img);
        assertEquals(exp[0], got.hash().toHex(), rel);
        assertEquals(Integer.parseInt(exp[1]), got.quality(), rel);
    }

    @Test
    void dihedralMatchesReferenceOnLosslessImage() throws IOException {
        List<String> lines = Files.readAllLines(Fixtures.reference("pdq/expected-dihedral.csv"));
        int checked = 0;
        for (int i = 0; i < lines.size(); i += 8) {
            String rel = lines.get(i).split(",", 3)[2];
            if (!rel.startsWith("synthetic/") || !rel.endsWith(".png")) {
                continue;
            }
            BufferedImage img = ImageIO.read(Fixtures.reference("pdq/" + rel).toFile());
            DihedralHashes d = new PdqHasher().hashDihedral(img);
            for (int k = 0; k < 8; k++) {
                String[] f = lines.get(i + k).split(",", 3);
                assertEquals(f[0], d.all().get(k).toHex(), rel + " " + Orientation.values()[k]);
                assertEquals(Integer.parseInt(f[1]), d.quality(), rel);
            }
            checked++;
        }
        assertTrue(checked >= 10, "checked " + checked);
    }

    @Test
    void belowFivePixelsGivesZeroHashAndZeroQuality() {
        PdqHasher h = new PdqHasher();
        for (int[] size : new int[][] {{4, 100}, {100, 4}, {1, 1}}) {
            byte[] rgb = random(size[0] * size[1] * 3, 1);
            PdqHash p = h.hashRgb(rgb, size[0], size[1], size[0] * 3);
            assertEquals(Hash256.ZERO, p.hash());
            assertEquals(0, p.quality());
        }
        assertNotEquals(Hash256.ZERO, h.hashRgb(random(5 * 5 * 3, 2), 5, 5, 15).hash());
    }

    @Test
    void allPixelEntryPointsAgree() {
        int w = 321;
        int h = 197;
        byte[] rgb = smooth(w, h, 11);
        PdqHasher hasher = new PdqHasher();
        PdqHash fromRgb = hasher.hashRgb(rgb, w, h, w * 3);

        BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                int v = ((rgb[p] & 0xFF) << 16) | ((rgb[p + 1] & 0xFF) << 8) | (rgb[p + 2] & 0xFF);
                bgr.setRGB(x, y, v);
                argb.setRGB(x, y, v | ((x * 7) & 0xFF) << 24); // alpha varies and must be ignored
            }
        }
        assertEquals(fromRgb, hasher.hash(bgr));
        assertEquals(fromRgb, hasher.hash(argb));
        assertEquals(fromRgb, Pdq.hash(bgr));

        // A padded stride and the allocation-free form give the same bits.
        int stride = w * 3 + 17;
        byte[] padded = new byte[stride * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(rgb, y * w * 3, padded, y * stride, w * 3);
        }
        long[] out = new long[6];
        int q = hasher.hashRgb(padded, w, h, stride, out, 2);
        assertEquals(fromRgb.hash(), Hash256.fromWords(out, 2));
        assertEquals(fromRgb.quality(), q);

        // Float luma path.
        float[] luma = new float[w * h];
        for (int i = 0; i < w * h; i++) {
            luma[i] = Luma.R * (rgb[3 * i] & 0xFF) + Luma.G * (rgb[3 * i + 1] & 0xFF) + Luma.B * (rgb[3 * i + 2] & 0xFF);
        }
        float[] copy = luma.clone();
        assertEquals(fromRgb, hasher.hashLuma(luma, w, h));
        assertArrayEquals(copy, luma, "hashLuma must not modify its input");
    }

    @Test
    void greyImagesHashTheirGreyValue() {
        int w = 200;
        int h = 150;
        byte[] grey = new byte[w * h];
        byte[] rgb = smooth(w, h, 5);
        for (int i = 0; i < w * h; i++) {
            grey[i] = rgb[3 * i];
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, w, h, grey);
        PdqHasher hasher = new PdqHasher();
        assertEquals(hasher.hashGrey(grey, w, h, w), hasher.hash(img));
        float[] luma = new float[w * h];
        for (int i = 0; i < w * h; i++) {
            luma[i] = grey[i] & 0xFF;
        }
        assertEquals(hasher.hashLuma(luma, w, h), hasher.hash(img));
    }

    @Test
    void pdqFloatThresholdedAtItsMedianIsTheHash() {
        int w = 640;
        int h = 480;
        byte[] rgb = smooth(w, h, 3);
        PdqHasher hasher = new PdqHasher();
        float[] f = new float[256];
        int q = hasher.pdqFloatRgb(rgb, w, h, w * 3, f);
        float[] sorted = f.clone();
        java.util.Arrays.sort(sorted);
        Hash256.Builder b = new Hash256.Builder();
        for (int k = 0; k < 256; k++) {
            if (f[k] > sorted[127]) b.set(k);
        }
        PdqHash p = hasher.hashRgb(rgb, w, h, w * 3);
        assertEquals(p.hash(), b.build());
        assertEquals(p.quality(), q);
    }

    @Test
    void dihedralHashesTrackPhysicallyTransformedImages() {
        int w = 300;
        int h = 200;
        byte[] rgb = smooth(w, h, 9);
        PdqHasher hasher = new PdqHasher();
        DihedralHashes d = hasher.hashRgbDihedral(rgb, w, h, w * 3);
        assertEquals(hasher.hashRgb(rgb, w, h, w * 3), d.original());
        // rotate 90 counter-clockwise: new(x', y') = old(w-1-y', x'), size h x w
        byte[] rot = new byte[rgb.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nx = y;
                int ny = w - 1 - x;
                System.arraycopy(rgb, (y * w + x) * 3, rot, (ny * h + nx) * 3, 3);
            }
        }
        Hash256 physical = hasher.hashRgb(rot, h, w, h * 3).hash();
        int best = 256;
        Orientation bestO = null;
        for (Orientation o : Orientation.values()) {
            int dist = d.get(o).distance(physical);
            if (dist < best) {
                best = dist;
                bestO = o;
            }
        }
        assertEquals(Orientation.ROTATE_90, bestO);
        assertTrue(best <= 4, "distance " + best);
        // mirror left-right
        byte[] flip = new byte[rgb.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(rgb, (y * w + x) * 3, flip, (y * w + (w - 1 - x)) * 3, 3);
            }
        }
        assertTrue(d.get(Orientation.FLIP_Y).distance(hasher.hashRgb(flip, w, h, w * 3).hash()) <= 4);
    }

    @Test
    void reusedHasherGivesSameResultsAcrossSizes() {
        PdqHasher reused = new PdqHasher();
        Random r = new Random(4);
        for (int t = 0; t < 6; t++) {
            int w = 5 + r.nextInt(400);
            int h = 5 + r.nextInt(400);
            byte[] rgb = smooth(w, h, t);
            assertEquals(new PdqHasher().hashRgb(rgb, w, h, w * 3), reused.hashRgb(rgb, w, h, w * 3));
        }
    }

    @Test
    void rejectsInconsistentArguments() {
        PdqHasher h = new PdqHasher();
        assertThrows(IllegalArgumentException.class, () -> h.hashRgb(new byte[10], 10, 10, 30));
        assertThrows(IllegalArgumentException.class, () -> h.hashRgb(new byte[300], 10, 10, 20));
        assertThrows(IllegalArgumentException.class, () -> h.hashLuma(new float[10], 0, 10));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A smooth pseudo-photo: sums of random sinusoids per channel. */
    static byte[] smooth(int w, int h, long seed) {
        Random r = new Random(seed);
        double[][] p = new double[9][4];
        for (double[] q : p) {
            q[0] = r.nextDouble() * 0.05;
            q[1] = r.nextDouble() * 0.05;
            q[2] = r.nextDouble() * 6.28;
            q[3] = 20 + r.nextDouble() * 40;
        }
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 128;
                    for (int k = 0; k < 3; k++) {
                        double[] q = p[c * 3 + k];
                        v += q[3] * Math.sin(q[0] * x + q[1] * y + q[2]);
                    }
                    out[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, (int) v));
                }
            }
        }
        return out;
    }
}
