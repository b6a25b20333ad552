package io.mediamatch.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The pixel operations behind each {@link Transform}: pure Java2D on {@code TYPE_INT_RGB} copies (the input is never
 * modified), random choices drawn from the caller's {@link Random}. Stateless and thread-safe.
 */
final class Edits {
    private Edits() {}


    /**
     * A {@code TYPE_INT_RGB} copy holding the stored colour values: grey replicated, palette looked up, bands 0..2
     * taken as R,G,B otherwise, alpha dropped (not composited). Returns {@code image} itself when already INT_RGB.
     */
    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        if (image.getColorModel() instanceof IndexColorModel) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.setRGB(x, y, image.getRGB(x, y) & 0xFFFFFF);
                }
            }
            return out;
        }
        Raster src = image.getRaster();
        int bands = src.getNumBands();
        int[] row = new int[w * bands];
        int[] rgb = new int[w];
        int shift = Math.max(0, src.getSampleModel().getSampleSize(0) - 8);
        for (int y = 0; y < h; y++) {
            src.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int base = x * bands;
                int r;
                int g;
                int b;
                if (bands < 3) {
                    r = g = b = clamp(row[base] >> shift);
                } else {
                    r = clamp(row[base] >> shift);
                    g = clamp(row[base + 1] >> shift);
                    b = clamp(row[base + 2] >> shift);
                }
                rgb[x] = (r << 16) | (g << 8) | b;
            }
            out.setRGB(0, y, w, 1, rgb, 0, w);
        }
        return out;
    }

    static BufferedImage scale(BufferedImage img, double f) {
        int w = Math.max(1, (int) Math.round(img.getWidth() * f));
        int h = Math.max(1, (int) Math.round(img.getHeight() * f));
        return resize(img, w, h);
    }

    /** Area-averaging-like downscale: repeated halving with bilinear, then a final bilinear step. */
    static BufferedImage resize(BufferedImage img, int w, int h) {
        BufferedImage cur = img;
        while (cur.getWidth() / 2 >= w && cur.getHeight() / 2 >= h) {
            cur = drawScaled(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        return drawScaled(cur, w, h);
    }

    private static BufferedImage drawScaled(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Baseline JPEG bytes at {@code quality} (0..1), 4:2:0, by the JDK encoder. */
    static byte[] jpegBytes(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(toRgb(img), null, null), p);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    static BufferedImage jpeg(BufferedImage img, float quality) {
        try {
            return toRgb(ImageIO.read(new ByteArrayInputStream(jpegBytes(img, quality))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage crop(BufferedImage img, int x, int y, int w, int h) {
        BufferedImage out = new BufferedImage(Math.max(1, w), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, -x, -y, null);
        g.dispose();
        return out;
    }

    static BufferedImage cropAllSides(BufferedImage img, double f) {
        int dx = (int) Math.round(img.getWidth() * f);
        int dy = (int) Math.round(img.getHeight() * f);
        return crop(img, dx, dy, img.getWidth() - 2 * dx, img.getHeight() - 2 * dy);
    }

    /** side: 0 top, 1 right, 2 bottom, 3 left. */
    static BufferedImage cropOneSide(BufferedImage img, double f, int side) {
        int w = img.getWidth();
        int h = img.getHeight();
        int dx = (int) Math.round(w * f);
        int dy = (int) Math.round(h * f);
        switch (side) {
            case 0: return crop(img, 0, dy, w, h - dy);
            case 1: return crop(img, 0, 0, w - dx, h);
            case 2: return crop(img, 0, 0, w, h - dy);
            default: return crop(img, dx, 0, w - dx, h);
        }
    }

    /** Crops the given fractions off the left, top, right and bottom. */
    static BufferedImage cropSides(BufferedImage img, double left, double top, double right, double bottom) {
        int w = img.getWidth();
        int h = img.getHeight();
        int l = (int) Math.round(w * left);
        int t = (int) Math.round(h * top);
        int rr = (int) Math.round(w * right);
        int b = (int) Math.round(h * bottom);
        return crop(img, l, t, w - l - rr, h - t - b);
    }

    /** corner kept: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left; {@code f} comes off the other two sides. */
    static BufferedImage cropCorner(BufferedImage img, double f, int corner) {
        int w = img.getWidth();
        int h = img.getHeight();
        int dx = (int) Math.round(w * f);
        int dy = (int) Math.round(h * f);
        int x = corner == 1 || corner == 2 ? dx : 0;
        int y = corner >= 2 ? dy : 0;
        return crop(img, x, y, w - dx, h - dy);
    }

    /** Exact quarter turns clockwise, pixel by pixel (no interpolation). */
    static BufferedImage rotateRight(BufferedImage img, int quarters) {
        int w = img.getWidth();
        int h = img.getHeight();
        boolean swap = (quarters & 1) == 1;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] src = img.getRGB(0, 0, w, h, null, 0, w);
        int[] dst = new int[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = src[y * w + x];
                switch (quarters & 3) {
                    case 1: dst[x * ow + (h - 1 - y)] = p; break;
                    case 2: dst[(h - 1 - y) * ow + (w - 1 - x)] = p; break;
                    case 3: dst[(w - 1 - x) * ow + y] = p; break;
                    default: dst[y * ow + x] = p; break;
                }
            }
        }
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, ow, oh, dst, 0, ow);
        return out;
    }

    static BufferedImage rotateSmall(BufferedImage img, double degrees) {
        double a = Math.toRadians(degrees);
        int w = img.getWidth();
        int h = img.getHeight();
        double c = Math.abs(Math.cos(a));
        double s = Math.abs(Math.sin(a));
        int nw = (int) Math.ceil(w * c + h * s);
        int nh = (int) Math.ceil(w * s + h * c);
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, nw, nh);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform t = new AffineTransform();
        t.translate(nw / 2.0, nh / 2.0);
        t.rotate(a);
        t.translate(-w / 2.0, -h / 2.0);
        g.drawImage(img, t, null);
        g.dispose();
        return out;
    }

    static BufferedImage mirror(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int i = 0, j = w - 1; i < j; i++, j--) {
                int t = row[i];
                row[i] = row[j];
                row[j] = t;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    static BufferedImage greyscale(BufferedImage img) {
        return mapPixels(img, (r, g, b) -> {
            int l = clamp(Math.round(0.299f * r + 0.587f * g + 0.114f * b));
            return (l << 16) | (l << 8) | l;
        });
    }

    static BufferedImage linear(BufferedImage img, float gain, float offset) {
        return mapPixels(img, (r, g, b) -> (clamp(Math.round(r * gain + offset)) << 16)
                | (clamp(Math.round(g * gain + offset)) << 8) | clamp(Math.round(b * gain + offset)));
    }

    /** Gaussian-like blur (three box passes each way, edges clamped), sigma 1% of the short side, at least 1 px. */
    static BufferedImage blur(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        double sigma = Math.max(1.0, Math.min(w, h) * 0.01);
        // Three box filters of width 2r+1 have variance 3 * ((2r+1)^2 - 1) / 12 = sigma^2.
        int r = Math.max(1, (int) Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        int[][] ch = new int[3][w * h];
        for (int i = 0; i < px.length; i++) {
            ch[0][i] = (px[i] >> 16) & 255;
            ch[1][i] = (px[i] >> 8) & 255;
            ch[2][i] = px[i] & 255;
        }
        int[] tmp = new int[Math.max(w, h)];
        for (int[] c : ch) {
            for (int pass = 0; pass < 3; pass++) {
                for (int y = 0; y < h; y++) {
                    boxLine(c, y * w, 1, w, r, tmp);
                }
                for (int x = 0; x < w; x++) {
                    boxLine(c, x, w, h, r, tmp);
                }
            }
        }
        for (int i = 0; i < px.length; i++) {
            px[i] = (ch[0][i] << 16) | (ch[1][i] << 8) | ch[2][i];
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    /** In-place running-sum box filter of radius r over n values at start, start+step, ...; edges clamped. */
    private static void boxLine(int[] a, int start, int step, int n, int r, int[] tmp) {
        for (int i = 0; i < n; i++) {
            tmp[i] = a[start + i * step];
        }
        int width = 2 * r + 1;
        int sum = 0;
        for (int k = -r; k <= r; k++) {
            sum += tmp[Math.min(n - 1, Math.max(0, k))];
        }
        for (int i = 0; i < n; i++) {
            a[start + i * step] = (sum + width / 2) / width;
            sum += tmp[Math.min(n - 1, i + r + 1)] - tmp[Math.max(0, i - r)];
        }
    }

    static BufferedImage noise(BufferedImage img, double sigma, Random random) {
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int r = clamp((int) Math.round(((p >> 16) & 255) + random.nextGaussian() * sigma));
                int g = clamp((int) Math.round(((p >> 8) & 255) + random.nextGaussian() * sigma));
                int b = clamp((int) Math.round((p & 255) + random.nextGaussian() * sigma));
                row[x] = (r << 16) | (g << 8) | b;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    static BufferedImage watermark(BufferedImage img, Random random) {
        BufferedImage out = copy(img);
        int w = img.getWidth();
        int h = img.getHeight();
        String text = "WATERMARK";
        // Text spans about 40% of the width; position random but fully inside.
        int cell = Math.max(1, (int) Math.round(w * 0.40 / BlockLetters.width(text)));
        int tw = BlockLetters.width(text) * cell;
        int th = BlockLetters.HEIGHT * cell;
        int x = tw >= w ? 0 : random.nextInt(w - tw + 1);
        int y = th >= h ? 0 : random.nextInt(h - th + 1);
        Graphics2D g = out.createGraphics();
        g.setColor(new Color(0, 0, 0, 90));
        BlockLetters.draw(g, text, x + Math.max(1, cell / 3), y + Math.max(1, cell / 3), cell);
        g.setColor(new Color(255, 255, 255, 150));
        BlockLetters.draw(g, text, x, y, cell);
        g.dispose();
        return out;
    }

    static BufferedImage letterbox(BufferedImage img, int aw, int ah, Color bar) {
        int w = img.getWidth();
        int h = img.getHeight();
        int nw = w;
        int nh = h;
        if ((long) w * ah > (long) h * aw) {
            nh = (int) Math.round((double) w * ah / aw); // too wide: bars top and bottom
        } else {
            nw = (int) Math.round((double) h * aw / ah); // too tall: bars left and right
        }
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(bar);
        g.fillRect(0, 0, nw, nh);
        g.drawImage(img, (nw - w) / 2, (nh - h) / 2, null);
        g.dispose();
        return out;
    }

    static BufferedImage pad(BufferedImage img, double f, Color colour) {
        int dx = Math.max(1, (int) Math.round(img.getWidth() * f));
        int dy = Math.max(1, (int) Math.round(img.getHeight() * f));
        BufferedImage out = new BufferedImage(img.getWidth() + 2 * dx, img.getHeight() + 2 * dy,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(img, dx, dy, null);
        g.dispose();
        return out;
    }

    /** The image at 70% inside a desktop-like canvas 1.1x wider than the original, with a window title bar. */
    static BufferedImage screenshot(BufferedImage img, Random random) {
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage small = scale(img, 0.7);
        int sw = small.getWidth();
        int sh = small.getHeight();
        int bar = Math.max(4, Math.round(sh * 0.07f));
        int cw = Math.max(sw + 4, (int) Math.round(w * 1.1));
        int ch = sh + bar + Math.max(4, (int) Math.round(h * 0.15));
        BufferedImage out = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(236, 236, 236)); // desktop/page background
        g.fillRect(0, 0, cw, ch);
        int x = random.nextInt(cw - sw + 1);
        int y = random.nextInt(ch - sh - bar + 1);
        g.setColor(new Color(52, 56, 64)); // title bar
        g.fillRect(x, y, sw, bar);
        int r = Math.max(2, bar / 3);
        Color[] buttons = {new Color(237, 106, 94), new Color(245, 191, 79), new Color(98, 197, 84)};
        for (int i = 0; i < 3; i++) {
            g.setColor(buttons[i]);
            g.fill(new Ellipse2D.Double(x + bar / 2.0 + i * 2.6 * r - r, y + bar / 2.0 - r, 2 * r, 2 * r));
        }
        g.setColor(new Color(210, 210, 210));
        int cell = Math.max(1, bar / 9);
        String title = "MEDIA";
        BlockLetters.draw(g, title, x + (sw - BlockLetters.width(title) * cell) / 2,
                y + (bar - BlockLetters.HEIGHT * cell) / 2, cell);
        g.drawImage(small, x, y + bar, null);
        g.setColor(new Color(180, 180, 180));
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, sw - 1, sh + bar - 1);
        g.dispose();
        return out;
    }

    static BufferedImage copy(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        WritableRaster r = out.getRaster();
        r.setRect(toRgb(img).getRaster());
        return out;
    }

    private interface PixelMap {
        int map(int r, int g, int b);
    }

    private static BufferedImage mapPixels(BufferedImage img, PixelMap f) {
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                row[x] = f.map((p >> 16) & 255, (p >> 8) & 255, p & 255);
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
