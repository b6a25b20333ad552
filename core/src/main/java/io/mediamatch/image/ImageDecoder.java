package io.mediamatch.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.mediamatch.MediaException;
import io.mediamatch.MediaException.Kind;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG, PNG, GIF (first frame), BMP, WebP and TIFF into the pixel values the PDQ reference hashes
 * (ImageMagick's decoding): the result is always {@link BufferedImage#TYPE_BYTE_GRAY} (grey sources, stored grey
 * values) or three interleaved 8-bit bands R, G, B in one byte array: {@link BufferedImage#TYPE_3BYTE_BGR}, except
 * for colour JPEGs, which keep libjpeg's R, G, B byte order (a {@link BufferedImage#TYPE_CUSTOM} image: sRGB
 * {@link ComponentColorModel}, pixel stride 3, band offsets 0, 1, 2) because reordering costs a third of the decode.
 * Read samples through the raster ({@code getSample(x, y, band)}, band 0 = R) to be independent of the byte order.
 * Alpha is dropped, not composited; embedded ICC profiles are ignored; CMYK JPEGs are converted as ImageMagick does;
 * 16-bit samples are reduced as ImageMagick does; EXIF orientation is applied only when
 * {@link DecodeOptions#exifOrient()} is set. Grey and YCbCr JPEGs go to the system's libturbojpeg when it is
 * installed (the library the JDK reader uses on Debian, without ImageIO's overhead); without it, progressive ones go
 * to Leptonica's libjpeg-turbo; the rest, and any file those report trouble with, to the JDK's ImageIO reader. All
 * give the same samples.
 *
 * <p>Limits ({@link DecodeOptions}) are checked before decoding: the byte length first, then the pixel count the
 * header claims. Every failure is a {@link MediaException} naming the input and the cause. Thread-safe and stateless
 * apart from its options.
 */
public final class ImageDecoder {
    private static final ImageDecoder DEFAULT = new ImageDecoder(DecodeOptions.DEFAULTS);
    /**
     * JPEGs with more scans are refused before decoding: libjpeg decodes every scan over the whole image (the JDK
     * reader also renders each one), so a small file of repeated scans would otherwise keep a thread busy for
     * minutes. libjpeg's default progression has 10 scans (djpeg and jpegtran offer -maxscans for the same guard).
     */
    public static final int MAX_JPEG_SCANS = 1000;

    static {
        ImageIO.setUseCache(false); // never spill to temp files
    }

    private final DecodeOptions options;

    /** A decoder with the given limits and conventions. */
    public ImageDecoder(DecodeOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The decoder with {@link DecodeOptions#DEFAULTS}. */
    public static ImageDecoder defaults() {
        return DEFAULT;
    }

    /** This decoder's options. */
    public DecodeOptions options() {
        return options;
    }

    /**
     * Decodes a file.
     *
     * @throws MediaException (names {@code file}) when the file is missing, empty, above a limit, of an unsupported
     *                        format, truncated or corrupt
     */
    public BufferedImage decode(Path file) throws MediaException {
        return decode(read(file), file.toString());
    }

    /**
     * Decodes a file and hands its pixels to {@code sink}: grey and YCbCr JPEGs that libturbojpeg decodes arrive as
     * native samples, with no {@link BufferedImage} built (that copy is a tenth of a hash's cost); everything else
     * as the image {@link #decode(Path)} returns. Same samples, same errors.
     *
     * @throws MediaException as {@link #decode(Path)}
     */
    public <T> T decode(Path file, PixelSink<T> sink) throws MediaException {
        return decode(read(file), file.toString(), sink);
    }

    /**
     * {@link #decode(Path, PixelSink)} for an encoded image held in memory; {@code name} is used in errors only.
     *
     * @throws MediaException as {@link #decode(Path)}
     */
    public <T> T decode(byte[] data, String name, PixelSink<T> sink) throws MediaException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sink, "sink");
        if (TurboJpeg.AVAILABLE && data.length > 0 && data.length <= options.maxFileBytes()
                && ImageFormat.detect(data) == ImageFormat.JPEG
                && !(options.exifOrient() && ExifOrientation.read(data, ImageFormat.JPEG) != 1)) {
            JpegHeader header;
            try {
                header = checkedHeader(data, name);
            } catch (RuntimeException e) {
                header = null; // decode(data, name) below words it
            }
            ByteBuffer px = header == null ? null : TurboJpeg.decodeToBuffer(data, header);
            if (px != null) {
                try {
                    return sink.pixels(px, header.width, header.height, header.components);
                } finally {
                    TurboJpeg.done();
                }
            }
            // libturbojpeg refused or failed: the image path must not decode the whole file with it again
            return sink.image(decode(data, name, header == null || !header.greyOrPlainYcc()));
        }
        return sink.image(decode(data, name));
    }

    /**
     * The bytes of {@code file}, refused above this decoder's {@link DecodeOptions#maxFileBytes()} before reading.
     *
     * @throws MediaException (naming the file) IO when it is missing, a directory or unreadable; EMPTY; TOO_LARGE
     */
    public byte[] read(Path file) throws MediaException {
        String name = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw new MediaException(name, Kind.IO, "is a directory");
            }
            long size = Files.size(file);
            checkBytes(name, size);
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MediaException(name, Kind.IO, "no such file", e);
        } catch (MediaException e) {
            throw e;
        } catch (IOException e) {
            throw new MediaException(name, Kind.IO, "cannot read: " + describe(e), e);
        } catch (OutOfMemoryError e) {
            throw new MediaException(name, Kind.TOO_LARGE, "not enough memory to read the file");
        }
    }

    /**
     * Decodes an encoded image held in memory; {@code name} (a path or any display name) is used in errors only.
     *
     * @throws MediaException as {@link #decode(Path)}
     */
    public BufferedImage decode(byte[] data, String name) throws MediaException {
        return decode(data, name, true);
    }

    /** {@link #decode(byte[], String)}, trying libturbojpeg on a JPEG only if {@code tryTurbo}. */
    private BufferedImage decode(byte[] data, String name, boolean tryTurbo) throws MediaException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(name, "name");
        checkBytes(name, data.length);
        ImageFormat format = ImageFormat.detect(data);
        if (format == null) {
            ForeignImage foreign = ForeignImage.detect(data, data.length);
            if (foreign != null) {
                throw new MediaException(name, Kind.UNSUPPORTED_IMAGE, foreign.description() + ", which mediamatch"
                        + " does not decode (supported: JPEG, PNG, GIF, BMP, WebP, TIFF, HEIC, AVIF, ICO, PSD)");
            }
            throw new MediaException(name, Kind.UNSUPPORTED_FORMAT, "not a supported image (JPEG, PNG, GIF, BMP, WebP,"
                    + " TIFF, HEIC, AVIF, ICO, PSD); the file starts with " + describeStart(data));
        }
        BufferedImage image;
        try {
            image = format == ImageFormat.JPEG ? decodeJpeg(data, name, tryTurbo) : decodeOther(data, format, name);
        } catch (MediaException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new MediaException(name, Kind.TOO_LARGE, "not enough memory to decode this " + format + " image");
        } catch (IOException | RuntimeException e) {
            throw classify(name, format, e);
        }
        if (options.exifOrient()) {
            int orientation = ExifOrientation.read(data, format);
            image = ExifOrientation.apply(image, orientation);
        }
        return image;
    }

    /**
     * Reads an encoded image from a stream (not closed) and decodes it; reads at most
     * {@link DecodeOptions#maxFileBytes()} + 1 bytes.
     *
     * @throws MediaException as {@link #decode(Path)}, or of kind IO when reading the stream fails
     */
    public BufferedImage decode(InputStream in, String name) throws MediaException {
        byte[] data;
        try {
            long cap = Math.min(options.maxFileBytes() + 1, Integer.MAX_VALUE - 16);
            data = in.readNBytes((int) cap);
        } catch (IOException e) {
            throw new MediaException(name, Kind.IO, "cannot read: " + describe(e), e);
        } catch (OutOfMemoryError e) {
            throw new MediaException(name, Kind.TOO_LARGE, "not enough memory to read the stream");
        }
        if (data.length > options.maxFileBytes()) {
            throw new MediaException(name, Kind.TOO_LARGE,
                    "more than " + options.maxFileBytes() + " bytes, above the limit (" + options.maxFileBytes() + ")");
        }
        return decode(data, name);
    }

    private void checkBytes(String name, long size) throws MediaException {
        if (size == 0) {
            throw new MediaException(name, Kind.EMPTY, "empty file (0 bytes)");
        }
        if (size > options.maxFileBytes()) {
            throw new MediaException(name, Kind.TOO_LARGE,
                    size + " bytes, above the limit of " + options.maxFileBytes() + " bytes");
        }
    }

    private void checkPixels(String name, ImageFormat format, long width, long height) throws MediaException {
        if (width <= 0 || height <= 0) {
            throw new MediaException(name, Kind.CORRUPT, format + " header gives an empty size " + width + "x" + height);
        }
        if (width * height > options.maxPixels()) {
            throw new MediaException(name, Kind.TOO_LARGE, format + " header claims " + width + "x" + height + " = "
                    + width * height + " pixels, above the limit of " + options.maxPixels() + " pixels");
        }
    }

    // ---------------------------------------------------------------------------------------------------- JPEG

    /** The JPEG's header, checked against the limits and the processes this decoder reads. */
    private JpegHeader checkedHeader(byte[] data, String name) throws MediaException {
        JpegHeader header = JpegHeader.parse(data, data.length);
        if (header == null) {
            throw new MediaException(name, Kind.TRUNCATED, "JPEG data ends before the frame header (SOF)");
        }
        checkPixels(name, ImageFormat.JPEG, header.width, header.height);
        if (header.unsupportedProcess != null) {
            throw new MediaException(name, Kind.UNSUPPORTED_FORMAT, header.unsupportedProcess + " (not supported)");
        }
        if (header.precision != 8) {
            throw new MediaException(name, Kind.UNSUPPORTED_FORMAT, header.precision + "-bit JPEG (only 8-bit is read)");
        }
        if (!header.singleScan() && JpegHeader.scans(data, header.firstScan, MAX_JPEG_SCANS) > MAX_JPEG_SCANS) {
            throw new MediaException(name, Kind.CORRUPT, "JPEG with more than " + MAX_JPEG_SCANS
                    + " scans (real ones have 1 to a few dozen); refused: each scan costs a pass over the image");
        }
        return header;
    }

    private BufferedImage decodeJpeg(byte[] data, String name, boolean tryTurbo) throws IOException {
        JpegHeader header = checkedHeader(data, name);
        // libjpeg ignores ICC profiles; a file libturbojpeg warns about goes straight to the JDK reader (Leptonica
        // would print the same warning on stderr)
        BufferedImage fast = TurboJpeg.AVAILABLE ? (tryTurbo ? TurboJpeg.decode(data, header) : null)
                : ProgressiveJpeg.accepts(header, data) ? ProgressiveJpeg.decode(data, header) : null;
        if (fast != null) {
            return fast;
        }
        byte[] bytes = header.hasIcc() ? header.withoutIcc(data, data.length) : data;
        ImageReader reader = Readers.JDK_JPEG.createReaderInstance();
        TruncationWatch watch = new TruncationWatch();
        reader.addIIOReadWarningListener(watch);
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.setInput(in, true, true);
            BufferedImage out;
            if (header.components == 4) {
                Raster raw = reader.readRaster(0, null);
                watch.check(name);
                out = Cmyk.toRgb(raw, header.adobeTransform == 2);
            } else if (header.components == 3) {
                // libjpeg hands over rows of R,G,B bytes: a destination in that byte order takes each row with an
                // array copy, where TYPE_3BYTE_BGR made ImageIO reorder every sample (a third of the decode time)
                ImageReadParam param = reader.getDefaultReadParam();
                param.setDestination(PixelLayout.rgbImage(reader.getWidth(0), reader.getHeight(0)));
                out = reader.read(0, param);
                watch.check(name);
                return out;
            } else if (header.components == 1) {
                ImageReadParam param = reader.getDefaultReadParam();
                param.setDestinationType(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_BYTE_GRAY));
                out = reader.read(0, param);
                watch.check(name);
            } else {
                throw new MediaException(name, Kind.UNSUPPORTED_FORMAT,
                        "JPEG with " + header.components + " components");
            }
            return PixelLayout.normalize(out, header.components == 1);
        } finally {
            reader.dispose();
        }
    }

    /**
     * libjpeg reports a file that ends early, or entropy data cut short by a marker (a header claiming more rows
     * than the data holds), as a warning and fills the rest with grey: make that an error, never a partial hash.
     */
    private static final class TruncationWatch implements javax.imageio.event.IIOReadWarningListener {
        private String warning;

        @Override
        public void warningOccurred(ImageReader source, String message) {
            String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
            if (warning == null && (m.contains("truncated") || m.contains("premature end") || m.contains("eoi"))) {
                warning = message;
            }
        }

        void check(String name) throws MediaException {
            if (warning != null) {
                throw new MediaException(name, Kind.TRUNCATED, "JPEG data ends early (" + warning + ")");
            }
        }
    }

    // ------------------------------------------------------------------------------------------- other formats

    private BufferedImage decodeOther(byte[] data, ImageFormat format, String name) throws IOException {
        if (format == ImageFormat.HEIF || format == ImageFormat.AVIF) {
            return HeifDecoder.decode(data, name, format == ImageFormat.AVIF ? "AVIF" : "HEIF", options.maxPixels());
        }
        ImageReaderSpi spi = Readers.forFormat(format);
        if (spi == null) {
            throw new MediaException(name, Kind.UNSUPPORTED_FORMAT, "no " + format + " reader available");
        }
        if (format == ImageFormat.ICO) {
            IcoStructure.check(data, name);
        }
        ImageReader reader = spi.createReaderInstance();
        try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
            reader.setInput(in, format != ImageFormat.ICO, true);
            int index = format == ImageFormat.ICO ? largestIcon(reader, name) : 0;
            checkPixels(name, format, reader.getWidth(index), reader.getHeight(index));
            if (format == ImageFormat.PNG) {
                PngStructure.check(data, name); // after the limits: a header alone still says TOO_LARGE
            } else if (format == ImageFormat.WEBP) {
                WebpStructure.check(data, name);
            }
            if (format == ImageFormat.WEBP && !isLossless(data)) {
                // an animation's still is its first frame: a lossy one as libwebp decodes it
                int[] frames = WebpStructure.isAnimated(data) ? WebpAnimation.frameChunks(data) : null;
                byte[] still = data;
                if (frames != null) {
                    still = null;
                    if (frames.length > 0) {
                        int b = frames[0];
                        checkPixels(name, format, WebpStructure.le24(data, b + 6) + 1,
                                WebpStructure.le24(data, b + 9) + 1);
                        still = WebpAnimation.lossyFrame(data, b, name, 0);
                    }
                }
                BufferedImage lossy = still == null ? null : WebpLossyDecoder.decode(still);
                if (lossy != null) {
                    return lossy;
                }
            }
            BufferedImage img = reader.read(index, reader.getDefaultReadParam());
            boolean grey = format == ImageFormat.PNG ? pngIsGrey(data) : PixelLayout.isGreyModel(img.getColorModel());
            return PixelLayout.normalize(img, grey);
        } finally {
            reader.dispose();
        }
    }

    /** The index of an icon file's largest image (the first of equal ones), from its directory only. */
    private static int largestIcon(ImageReader reader, String name) throws IOException {
        int count = reader.getNumImages(true); // the directory says: at most 255
        if (count < 1) {
            throw new MediaException(name, Kind.CORRUPT, "ICO directory lists no image");
        }
        int best = 0;
        long bestArea = -1;
        for (int i = 0; i < count; i++) {
            long area = (long) reader.getWidth(i) * reader.getHeight(i);
            if (area > bestArea) {
                best = i;
                bestArea = area;
            }
        }
        return best;
    }

    /** A WebP whose first chunk is VP8L (lossless): the ImageIO plug-in decodes those exactly. */
    private static boolean isLossless(byte[] data) {
        return data.length > 16 && data[12] == 'V' && data[13] == 'P' && data[14] == '8' && data[15] == 'L';
    }

    /** PNG colour types 0 (grey) and 4 (grey + alpha): byte 25 of the file, inside IHDR. */
    private static boolean pngIsGrey(byte[] data) {
        return data.length > 25 && (data[25] == 0 || data[25] == 4);
    }

    // ------------------------------------------------------------------------------------------------ errors

    private static MediaException classify(String name, ImageFormat format, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof EOFException || m.contains("Unexpected end of ZLIB") || m.contains("Premature end")
                    || m.contains("end of file") || m.contains("Truncated")) {
                return new MediaException(name, Kind.TRUNCATED, format + " data ends early (" + describe(t) + ")", e);
            }
        }
        return new MediaException(name, Kind.CORRUPT, "corrupt " + format + " data (" + describe(e) + ")", e);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String describeStart(byte[] data) {
        int n = Math.min(8, data.length);
        boolean text = true;
        for (int i = 0; i < Math.min(64, data.length); i++) {
            int c = data[i] & 0xFF;
            if (c < 9 || (c > 13 && c < 32 && c != 27) || c == 127) {
                text = false;
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", data[i] & 0xFF));
        }
        return text ? "text (" + sb + ")" : "bytes " + sb;
    }

    /** The ImageIO plug-ins we use per format, chosen once. */
    static final class Readers {
        /** The JDK's JPEG reader: keeps stored values when ICC segments are removed, and reports truncation. */
        static final ImageReaderSpi JDK_JPEG = find("jpeg", "com.sun.imageio.plugins.jpeg");
        static final ImageReaderSpi PNG = find("png", "com.sun.imageio.plugins.png");
        static final ImageReaderSpi GIF = find("gif", "com.sun.imageio.plugins.gif");
        static final ImageReaderSpi BMP = find("bmp", "com.sun.imageio.plugins.bmp");
        static final ImageReaderSpi WEBP = find("webp", "com.twelvemonkeys.imageio.plugins.webp");
        static final ImageReaderSpi TIFF = find("tiff", "com.twelvemonkeys.imageio.plugins.tiff");
        static final ImageReaderSpi ICO = find("ico", "com.twelvemonkeys.imageio.plugins.bmp");
        static final ImageReaderSpi PSD = find("psd", "com.twelvemonkeys.imageio.plugins.psd");

        private Readers() {}

        static ImageReaderSpi forFormat(ImageFormat f) {
            return switch (f) {
                case JPEG -> JDK_JPEG;
                case PNG -> PNG;
                case GIF -> GIF;
                case BMP -> BMP;
                case WEBP -> WEBP;
                case TIFF -> TIFF;
                case ICO -> ICO;
                case PSD -> PSD;
                case HEIF, AVIF -> null; // libheif, not ImageIO: HeifDecoder
            };
        }

        private static ImageReaderSpi find(String format, String preferredPackage) {
            ImageIO.scanForPlugins();
            ImageReaderSpi any = null;
            for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format); it.hasNext(); ) {
                ImageReader r = it.next();
                ImageReaderSpi spi = r.getOriginatingProvider();
                r.dispose();
                if (spi.getClass().getName().startsWith(preferredPackage)) {
                    return spi;
                }
                if (any == null) {
                    any = spi;
                }
            }
            return any;
        }
    }
}
