package io.mediamatch.image;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mediamatch.MediaException;
import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqHasher;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded mutation fuzzing of every decoder path: real files of each format with bytes flipped, runs overwritten
 * with 0x00/0xFF/large lengths, sections cut out or repeated. Each mutant is hashed or refused with a
 * {@link MediaException}; any other throwable, an image of impossible size, or a hang (the class timeout) fails
 * with the seed that reproduces it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MutatedFilesTest {
    /** Mutants per seed: a short run in CI; {@code -Dmediamatch.fuzz.mutants=N} runs longer (README, "Fuzzing"). */
    private static final int MUTANTS = Integer.getInteger("mediamatch.fuzz.mutants", 60);

    @ParameterizedTest
    @ValueSource(strings = {
        "pdq/images/misc-images/small.jpg", "pdq/images/misc-images/modes/CMYK.jpg",
        "pdq/images/misc-images/modes/YCbCr.jpg", "pdq/images/misc-images/c.png",
        "pdq/images/misc-images/modes/P.png", "pdq/images/misc-images/modes/LA.png",
        "pdq/images/misc-images/modes/F.webp", "pdq/images/misc-images/modes/RGBA.png",
        "pdq/images/misc-images/modes/PA.webp", "gif", "bmp", "tiff", "heif/bridge-161x101.heic",
        "heif/bridge-161x101.avif", "heif/rgba-120x90.heic", "icons/bridge-48-32-16.ico", "icons/alpha-256-32.ico",
        "icons/bridge-120x80.psd", "icons/rgba-90x60.psd", "animated/chair-20-cut.gif",
        "animated/chair-20-cut.apng", "animated/chair-20-cut.webp"})
    void mutantsAreHashedOrRefusedWithAReason(String source) throws Exception {
        byte[] original = source.startsWith("heif/") || source.startsWith("icons/") || source.startsWith("animated/")
                ? Files.readAllBytes(Fixtures.dataDir().resolve(source))
                : source.contains("/") ? Files.readAllBytes(Fixtures.reference(source)) : encode(source);
        ImageDecoder decoder = ImageDecoder.defaults();
        PdqHasher hasher = new PdqHasher();
        int refused = 0;
        for (int m = 0; m < MUTANTS; m++) {
            long seed = source.hashCode() * 1_000_003L + m;
            byte[] mutant = mutate(original, new Random(seed));
            String name = source + "#mutant-" + m + "(seed " + seed + ")";
            try {
                BufferedImage img = decoder.decode(mutant, name);
                assertTrue(img.getWidth() > 0 && img.getHeight() > 0
                        && (long) img.getWidth() * img.getHeight() <= DecodeOptions.DEFAULT_MAX_PIXELS, name);
                PdqHash h = hasher.hash(img);
                assertTrue(h.quality() >= 0 && h.quality() <= 100, name);
            } catch (MediaException e) {
                refused++;
                assertTrue(e.getMessage().startsWith(name + ": ") && e.reason().length() > 3, e.getMessage());
            } catch (Throwable t) {
                fail(name + ": " + t, t);
            }
        }
        // The mutations are strong enough that a real share of the mutants is refused (else the test proves little).
        assertTrue(refused > MUTANTS / 10, source + ": only " + refused + " of " + MUTANTS + " mutants refused");
    }

    /**
     * The same for every frame of an animation ({@link VpdqHasher#hashAnimation}, FFmpeg's GIF and APNG decoders
     * and {@link WebpAnimation}): a vPDQ hash of sane frames, or a refusal naming the file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"chair-20-cut.gif", "chair-20-cut.apng", "chair-20-cut.webp"})
    void animationMutantsAreHashedOrRefusedWithAReason(String source) throws Exception {
        byte[] original = Files.readAllBytes(Fixtures.dataDir().resolve("animated").resolve(source));
        Path dir = Fixtures.scratchDir("animation-mutants-" + source);
        VpdqHasher hasher = VpdqHasher.builder().build();
        int refused = 0;
        int mutants = Math.max(1, MUTANTS / 2); // each decodes 18 frames
        for (int m = 0; m < mutants; m++) {
            long seed = source.hashCode() * 1_000_003L + m;
            Path file = dir.resolve("mutant-" + m + "-seed-" + seed + "-" + source);
            Files.write(file, mutate(original, new Random(seed)));
            try {
                VpdqHash h = hasher.hashAnimation(file);
                assertTrue(h.frames().size() >= 1 && h.frames().size() <= 18, file + ": " + h.frames().size());
            } catch (MediaException e) {
                refused++;
                assertTrue(e.getMessage().startsWith(file + ": ") && e.reason().length() > 3, e.getMessage());
            } catch (Throwable t) {
                fail(file + ": " + t, t);
            }
        }
        assertTrue(refused > mutants / 10, source + ": only " + refused + " of " + mutants + " mutants refused");
    }

    /** One to four random mutations of a copy of {@code data}. */
    private static byte[] mutate(byte[] data, Random r) {
        byte[] b = data.clone();
        int rounds = 1 + r.nextInt(4);
        for (int k = 0; k < rounds && b.length > 16; k++) {
            int at = r.nextInt(r.nextBoolean() ? Math.min(b.length, 256) : b.length); // headers more often
            switch (r.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> fill(b, at, 1 + r.nextInt(8), (byte) 0xFF);
                case 2 -> fill(b, at, 1 + r.nextInt(8), (byte) 0x00);
                case 3 -> { // a plausible length or size field made huge
                    int v = r.nextBoolean() ? 0x7FFFFFFF : 0xFFFF;
                    for (int i = 0; i < 4 && at + i < b.length; i++) {
                        b[at + i] = (byte) (v >>> (8 * (3 - i)));
                    }
                }
                case 4 -> b = java.util.Arrays.copyOf(b, 16 + r.nextInt(b.length - 16)); // cut
                default -> { // a section repeated
                    int len = 1 + r.nextInt(Math.min(512, b.length - at));
                    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + len);
                    out.write(b, 0, at + len);
                    out.write(b, at, len);
                    out.write(b, at + len, b.length - at - len);
                    b = out.toByteArray();
                }
            }
        }
        return b;
    }

    private static void fill(byte[] b, int at, int n, byte v) {
        for (int i = at; i < Math.min(b.length, at + n); i++) {
            b[i] = v;
        }
    }

    private static byte[] encode(String format) throws Exception {
        BufferedImage im = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(7);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                im.setRGB(x, y, (x * 255 / 96) << 16 | (y * 255 / 64) << 8 | r.nextInt(64));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(im, format, out), format);
        return out.toByteArray();
    }
}
