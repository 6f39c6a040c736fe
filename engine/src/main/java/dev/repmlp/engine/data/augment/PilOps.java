package dev.repmlp.engine.data.augment;

import dev.repmlp.engine.data.RgbImage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

// Over 500 lines on purpose: it is a catalogue of small, independent Pillow operations (ImageOps
// lookup tables, ImageEnhance blends, the SMOOTH filter, affine/rotate/shear/translate with
// Pillow's bilinear and bicubic sampling, cutout), each a port checked byte for byte against Pillow
// 9.4; they share the pixel helpers (clip, rounding, sampling) and nothing else, so splitting would
// only divide one reference table into several without making any one operation simpler.
/**
 * Pillow's image operations on {@link RgbImage}, written from Pillow's definitions (9.x): the
 * lookup-table operations of {@code ImageOps}, the {@code ImageEnhance} blends with their
 * "degenerate" images, the {@code SMOOTH} filter, and affine transforms with Pillow's inverse
 * mapping ({@code Image.transform(size, AFFINE, (a, b, c, d, e, f))} samples the input at {@code (a
 * x + b y + c, d x + e y + f)} for output pixel centre {@code (x, y)}; pixels that map outside the
 * input keep the fill colour). Arithmetic follows Pillow's C code (float blends, truncation to 8
 * bits) so that results agree byte for byte; the tests check this against Pillow 9.4 outputs.
 *
 * <p>All methods return a new image and leave their input untouched.
 */
public final class PilOps {
    private PilOps() {}

    // ---------------------------------------------------------------- lookup tables (ImageOps)

    /**
     * {@code Image.point(lut)}: a 256-entry table applied to every channel, or a 768-entry table
     * (red, green, blue in turn); entries are clipped to 0..255.
     */
    public static RgbImage point(RgbImage img, int[] lut) {
        if (lut.length != 256 && lut.length != 768) {
            throw new IllegalArgumentException("lookup table needs 256 or 768 entries");
        }
        int stride = lut.length == 768 ? 256 : 0;
        // the table clipped to bytes, one per channel
        byte[][] t = new byte[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                t[c][v] = (byte) Math.max(0, Math.min(255, lut[c * stride + v]));
            }
        }
        byte[] r = t[0];
        byte[] g = t[1];
        byte[] b = t[2];
        byte[] in = img.rgb();
        byte[] out = new byte[in.length];
        for (int i = 0; i + 2 < in.length; i += 3) {
            out[i] = r[in[i] & 0xff];
            out[i + 1] = g[in[i + 1] & 0xff];
            out[i + 2] = b[in[i + 2] & 0xff];
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    /** Per-channel histograms, {@code [3][256]}. */
    public static int[][] histograms(RgbImage img) {
        int[][] h = new int[3][256];
        int[] r = h[0];
        int[] g = h[1];
        int[] b = h[2];
        byte[] in = img.rgb();
        for (int i = 0; i + 2 < in.length; i += 3) {
            r[in[i] & 0xff]++;
            g[in[i + 1] & 0xff]++;
            b[in[i + 2] & 0xff]++;
        }
        return h;
    }

    /**
     * {@code ImageOps.autocontrast(img)} (no cutoff): each channel is stretched linearly so that
     * its lowest value becomes 0 and its highest 255 ({@code int(v * scale + offset)}, clipped); a
     * channel with a single value is left alone.
     */
    public static RgbImage autocontrast(RgbImage img) {
        int[][] hist = histograms(img);
        int[] lut = new int[768];
        for (int c = 0; c < 3; c++) {
            int[] h = hist[c];
            int lo = 0;
            while (lo < 255 && h[lo] == 0) {
                lo++;
            }
            int hi = 255;
            while (hi > 0 && h[hi] == 0) {
                hi--;
            }
            if (hi <= lo) {
                for (int i = 0; i < 256; i++) {
                    lut[c * 256 + i] = i;
                }
            } else {
                double scale = 255.0 / (hi - lo);
                double offset = -lo * scale;
                for (int i = 0; i < 256; i++) {
                    int v = (int) (i * scale + offset);
                    lut[c * 256 + i] = Math.max(0, Math.min(255, v));
                }
            }
        }
        return point(img, lut);
    }

    /**
     * {@code ImageOps.equalize(img)}: per channel, with {@code step = (pixels - count of the
     * highest used value) / 255} (integer division), value {@code i} maps to {@code (step / 2 +
     * pixels below i) / step}, clipped to 255; channels with one used value or {@code step == 0}
     * (fewer than about 256 pixels) are left alone.
     */
    public static RgbImage equalize(RgbImage img) {
        int[][] hist = histograms(img);
        int[] lut = new int[768];
        for (int c = 0; c < 3; c++) {
            int[] h = hist[c];
            long total = 0;
            int used = 0;
            int last = 0;
            for (int i = 0; i < 256; i++) {
                if (h[i] != 0) {
                    used++;
                    last = h[i];
                    total += h[i];
                }
            }
            long step = used <= 1 ? 0 : (total - last) / 255;
            if (step == 0) {
                for (int i = 0; i < 256; i++) {
                    lut[c * 256 + i] = i;
                }
            } else {
                long n = step / 2;
                for (int i = 0; i < 256; i++) {
                    lut[c * 256 + i] = (int) Math.min(255, n / step);
                    n += h[i];
                }
            }
        }
        return point(img, lut);
    }

    /** {@code ImageOps.invert}: {@code 255 - v}. */
    public static RgbImage invert(RgbImage img) {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = 255 - i;
        }
        return point(img, lut);
    }

    /**
     * {@code ImageOps.posterize(img, bits)}: keeps the {@code bits} most significant bits (0 gives
     * black); {@code bits >= 8} returns the image unchanged, as upstream's wrapper does.
     */
    public static RgbImage posterize(RgbImage img, int bits) {
        if (bits < 0) {
            throw new IllegalArgumentException("bits must be >= 0: " + bits);
        }
        if (bits >= 8) {
            return img;
        }
        int mask = ~((1 << (8 - bits)) - 1);
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i & mask;
        }
        return point(img, lut);
    }

    /**
     * {@code ImageOps.solarize(img, threshold)}: values {@code >= threshold} become {@code 255-v}.
     */
    public static RgbImage solarize(RgbImage img, int threshold) {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i < threshold ? i : 255 - i;
        }
        return point(img, lut);
    }

    /**
     * Upstream's {@code solarize_add}: values {@code < threshold} become {@code min(255, v+add)}.
     */
    public static RgbImage solarizeAdd(RgbImage img, int add, int threshold) {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i < threshold ? Math.min(255, i + add) : i;
        }
        return point(img, lut);
    }

    // ---------------------------------------------------------------- enhance (ImageEnhance)

    /** Pillow's RGB to L conversion, {@code (19595 r + 38470 g + 7471 b + 0x8000) >> 16}. */
    public static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }

    /** {@code img.convert("L").convert("RGB")}. */
    public static RgbImage grey(RgbImage img) {
        byte[] in = img.rgb();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i += 3) {
            byte l = (byte) luma(in[i] & 0xff, in[i + 1] & 0xff, in[i + 2] & 0xff);
            out[i] = l;
            out[i + 1] = l;
            out[i + 2] = l;
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    /** {@code int(ImageStat.Stat(img.convert("L")).mean[0] + 0.5)}. */
    public static int greyMean(RgbImage img) {
        byte[] in = img.rgb();
        long sum = 0;
        for (int i = 0; i < in.length; i += 3) {
            sum += luma(in[i] & 0xff, in[i + 1] & 0xff, in[i + 2] & 0xff);
        }
        long count = (long) img.width() * img.height();
        return (int) ((double) sum / count + 0.5);
    }

    /**
     * {@code Image.blend(a, b, alpha)}: {@code a + alpha (b - a)} in single precision, truncated to
     * 8 bits (clipped when extrapolating, alpha outside [0, 1]).
     */
    public static RgbImage blend(RgbImage a, RgbImage b, double alpha) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("blend needs images of equal size");
        }
        float f = (float) alpha;
        if (f == 0f) {
            return copy(a);
        }
        if (f == 1f) {
            return copy(b);
        }
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        byte[] out = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            int p = x[i] & 0xff;
            int q = y[i] & 0xff;
            float t = p + f * (q - p);
            out[i] = (byte) (t <= 0f ? 0 : t >= 255f ? 255 : (int) t);
        }
        return new RgbImage(a.width(), a.height(), out);
    }

    /** {@code ImageEnhance.Color(img).enhance(factor)}: blend from the grey image. */
    public static RgbImage color(RgbImage img, double factor) {
        return blend(grey(img), img, factor);
    }

    /** {@code ImageEnhance.Contrast(img).enhance(factor)}: blend from the mean grey level. */
    public static RgbImage contrast(RgbImage img, double factor) {
        byte[] flat = new byte[img.rgb().length];
        Arrays.fill(flat, (byte) greyMean(img));
        return blend(new RgbImage(img.width(), img.height(), flat), img, factor);
    }

    /** {@code ImageEnhance.Brightness(img).enhance(factor)}: blend from black. */
    public static RgbImage brightness(RgbImage img, double factor) {
        return blend(
                new RgbImage(img.width(), img.height(), new byte[img.rgb().length]), img, factor);
    }

    /** {@code ImageEnhance.Sharpness(img).enhance(factor)}: blend from {@link #smooth}. */
    public static RgbImage sharpness(RgbImage img, double factor) {
        return blend(smooth(img), img, factor);
    }

    /**
     * {@code img.filter(ImageFilter.SMOOTH)}: the 3x3 kernel (1 1 1 / 1 5 1 / 1 1 1) / 13 in single
     * precision, rounded; the one-pixel border is copied unchanged.
     */
    public static RgbImage smooth(RgbImage img) {
        int w = img.width();
        int h = img.height();
        byte[] in = img.rgb();
        byte[] out = in.clone();
        // each product (float) v * weight taken from a table: the same single-precision values
        float[] side = SMOOTH_SIDE;
        float[] centre = SMOOTH_CENTRE;
        int stride = 3 * w;
        for (int y = 1; y < h - 1; y++) {
            int up = (y - 1) * stride;
            int mid = y * stride;
            int down = (y + 1) * stride;
            for (int i = 3; i < stride - 3; i++) {
                float ss = 0.5f;
                ss +=
                        side[in[down + i - 3] & 0xff]
                                + side[in[down + i] & 0xff]
                                + side[in[down + i + 3] & 0xff];
                ss +=
                        side[in[mid + i - 3] & 0xff]
                                + centre[in[mid + i] & 0xff]
                                + side[in[mid + i + 3] & 0xff];
                ss +=
                        side[in[up + i - 3] & 0xff]
                                + side[in[up + i] & 0xff]
                                + side[in[up + i + 3] & 0xff];
                out[mid + i] = (byte) (ss <= 0f ? 0 : ss >= 255f ? 255 : (int) ss);
            }
        }
        return new RgbImage(w, h, out);
    }

    /** {@code (float) v * (1f / 13f)} for v = 0..255: the SMOOTH kernel's outer weight. */
    private static final float[] SMOOTH_SIDE = products(1f / 13f);

    /** {@code (float) v * (5f / 13f)} for v = 0..255: the SMOOTH kernel's centre weight. */
    private static final float[] SMOOTH_CENTRE = products(5f / 13f);

    private static float[] products(float weight) {
        float[] t = new float[256];
        for (int v = 0; v < 256; v++) {
            t[v] = (float) v * weight;
        }
        return t;
    }

    // ---------------------------------------------------------------- geometry

    /**
     * {@code Image.transform(img.size, AFFINE, coeffs, resample, fillcolor=fill)}: output pixel
     * {@code (x, y)} takes the input's value at {@code (a (x+.5) + b (y+.5) + c, d (x+.5) + e
     * (y+.5) + f)} (pixel-centre coordinates), interpolated; pixels that map outside the input are
     * {@code fill}.
     *
     * @param coeffs {@code (a, b, c, d, e, f)}
     */
    public static RgbImage affine(RgbImage img, double[] coeffs, Resample resample, Rgb fill) {
        if (coeffs.length != 6) {
            throw new IllegalArgumentException("affine needs 6 coefficients");
        }
        int w = img.width();
        int h = img.height();
        byte[] in = img.rgb();
        byte[] out = new byte[in.length];
        byte f0 = (byte) fill.channel(0);
        byte f1 = (byte) fill.channel(1);
        byte f2 = (byte) fill.channel(2);
        boolean bilinear = resample == Resample.BILINEAR;
        double a = coeffs[0];
        double b = coeffs[1];
        double c = coeffs[2];
        double d = coeffs[3];
        double e = coeffs[4];
        double f = coeffs[5];
        int o = 0;
        for (int y = 0; y < h; y++) {
            double yo = y + 0.5;
            for (int x = 0; x < w; x++, o += 3) {
                double xo = x + 0.5;
                // Pillow's affine_transform, in its order of operations
                double xin = a * xo + b * yo + c;
                double yin = d * xo + e * yo + f;
                boolean inside =
                        bilinear
                                ? bilinear(in, w, h, xin, yin, out, o)
                                : bicubic(in, w, h, xin, yin, out, o);
                if (!inside) {
                    out[o] = f0;
                    out[o + 1] = f1;
                    out[o + 2] = f2;
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int clip(int v, int size) {
        return v < 0 ? 0 : v < size ? v : size - 1;
    }

    /*
     * Shortcuts in the two samplers below, exact by IEEE arithmetic: the fractions dx and dy are
     * never negative (x = floor(xin)), so a fraction of exactly 0.0 makes every interpolation
     * p1 + 0.0 * (...) = p1 (the term is +-0.0 and the values are finite), i.e. the sample at
     * the tap the fraction is measured from. Shear and translation keep one of the two
     * coordinates on pixel centres (Pillow computes 0 * x + 1 * (y + 0.5) + 0 = y + 0.5 exactly),
     * so for four of RandAugment's five geometric ops one axis needs no interpolation at all.
     * Pillow interpolates regardless; the bytes are the same.
     */

    private static boolean bilinear(
            byte[] in, int w, int h, double xin, double yin, byte[] out, int o) {
        if (xin < 0.0 || xin >= w || yin < 0.0 || yin >= h) {
            return false;
        }
        xin -= 0.5;
        yin -= 0.5;
        int x = (int) Math.floor(xin);
        int y = (int) Math.floor(yin);
        double dx = xin - x;
        double dy = yin - y;
        int x0 = 3 * clip(x, w);
        int x1 = 3 * clip(x + 1, w);
        int r0 = clip(y, h) * 3 * w;
        if (dy == 0.0) { // y is a row of the image
            for (int ch = 0; ch < 3; ch++) {
                int p = in[r0 + x0 + ch] & 0xff;
                int q = in[r0 + x1 + ch] & 0xff;
                out[o + ch] = (byte) (int) (dx == 0.0 ? p : p + (q - p) * dx);
            }
            return true;
        }
        boolean below = y + 1 >= 0 && y + 1 < h;
        int r1 = (y + 1) * 3 * w;
        for (int ch = 0; ch < 3; ch++) {
            int p = in[r0 + x0 + ch] & 0xff;
            int q = in[r0 + x1 + ch] & 0xff;
            double v1 = p + (q - p) * dx;
            double v2 = v1;
            if (below) {
                int s = in[r1 + x0 + ch] & 0xff;
                int t = in[r1 + x1 + ch] & 0xff;
                v2 = s + (t - s) * dx;
            }
            out[o + ch] = (byte) (int) (v1 + (v2 - v1) * dy);
        }
        return true;
    }

    private static double cubic(double v1, double v2, double v3, double v4, double d) {
        double p1 = v2;
        double p2 = -v1 + v3;
        double p3 = 2 * (v1 - v2) + v3 - v4;
        double p4 = -v1 + v2 - v3 + v4;
        return p1 + d * (p2 + d * (p3 + d * p4));
    }

    /**
     * One row's horizontal cubic over the columns at byte offsets x0..x3; the x1 tap if dx is 0.
     */
    private static double cubicRow(
            byte[] in, int row, int x0, int x1, int x2, int x3, int c, double dx) {
        if (dx == 0.0) {
            return in[row + x1 + c] & 0xff;
        }
        return cubic(
                in[row + x0 + c] & 0xff,
                in[row + x1 + c] & 0xff,
                in[row + x2 + c] & 0xff,
                in[row + x3 + c] & 0xff,
                dx);
    }

    /**
     * {@link #cubic} over the four horizontally adjacent taps starting at byte offset {@code p}:
     * its p1..p4 of integer samples are integers, computed here in int arithmetic (exact, so the
     * same values as Pillow's doubles), then Pillow's Horner form in double.
     */
    private static double cubicTaps(byte[] in, int p, double dx) {
        int a = in[p] & 0xff;
        int b = in[p + 3] & 0xff;
        if (dx == 0.0) {
            return b;
        }
        int c = in[p + 6] & 0xff;
        int d = in[p + 9] & 0xff;
        double p2 = c - a;
        double p3 = 2 * (a - b) + c - d;
        double p4 = -a + b - c + d;
        return b + dx * (p2 + dx * (p3 + dx * p4));
    }

    private static boolean bicubic(
            byte[] in, int w, int h, double xin, double yin, byte[] out, int o) {
        if (xin < 0.0 || xin >= w || yin < 0.0 || yin >= h) {
            return false;
        }
        xin -= 0.5;
        yin -= 0.5;
        int x = (int) Math.floor(xin);
        int y = (int) Math.floor(yin);
        double dx = xin - x;
        double dy = yin - y;
        x--;
        y--;
        int stride = 3 * w;
        if (x >= 0 && x + 3 < w && y >= 0 && y + 3 < h) { // all 16 taps inside: no clipping
            int p = y * stride + 3 * x;
            if (dy == 0.0) {
                for (int c = 0; c < 3; c++) {
                    out[o + c] = clip8(cubicTaps(in, p + stride + c, dx));
                }
                return true;
            }
            for (int c = 0; c < 3; c++, p++) {
                double v1 = cubicTaps(in, p, dx);
                double v2 = cubicTaps(in, p + stride, dx);
                double v3 = cubicTaps(in, p + 2 * stride, dx);
                double v4 = cubicTaps(in, p + 3 * stride, dx);
                out[o + c] = clip8(cubic(v1, v2, v3, v4, dy));
            }
            return true;
        }
        // near a border: byte offsets of the four columns and rows; rows below the image repeat
        // the previous row, only the top row is clipped
        int x0 = 3 * clip(x, w);
        int x1 = 3 * clip(x + 1, w);
        int x2 = 3 * clip(x + 2, w);
        int x3 = 3 * clip(x + 3, w);
        int r1 = (y + 1) * stride;
        if (dy == 0.0) { // row y + 1 is a row of the image (yin >= 0.5)
            for (int c = 0; c < 3; c++) {
                out[o + c] = clip8(cubicRow(in, r1, x0, x1, x2, x3, c, dx));
            }
            return true;
        }
        int r0 = clip(y, h) * stride;
        boolean has1 = y + 1 >= 0 && y + 1 < h;
        boolean has2 = y + 2 >= 0 && y + 2 < h;
        boolean has3 = y + 3 >= 0 && y + 3 < h;
        int r2 = (y + 2) * stride;
        int r3 = (y + 3) * stride;
        for (int c = 0; c < 3; c++) {
            double v1 = cubicRow(in, r0, x0, x1, x2, x3, c, dx);
            double v2 = has1 ? cubicRow(in, r1, x0, x1, x2, x3, c, dx) : v1;
            double v3 = has2 ? cubicRow(in, r2, x0, x1, x2, x3, c, dx) : v2;
            double v4 = has3 ? cubicRow(in, r3, x0, x1, x2, x3, c, dx) : v3;
            out[o + c] = clip8(cubic(v1, v2, v3, v4, dy));
        }
        return true;
    }

    /** Pillow's bicubic clamp: truncation towards zero, then 0..255. */
    private static byte clip8(double v) {
        return (byte) (v <= 0.0 ? 0 : v >= 255.0 ? 255 : (int) v);
    }

    /** Python's {@code round(v, 15)}: exact decimal rounding, half to even. */
    static double round15(double v) {
        return Double.parseDouble(
                new BigDecimal(v).setScale(15, RoundingMode.HALF_EVEN).toPlainString());
    }

    /**
     * {@code img.rotate(degrees, resample, fillcolor=fill)}: counter-clockwise about the image
     * centre {@code (w/2, h/2)}, same size; 0 and 180 degrees (and 90/270 on square images) are
     * exact pixel moves, as in Pillow.
     */
    public static RgbImage rotate(RgbImage img, double degrees, Resample resample, Rgb fill) {
        double angle = degrees % 360.0;
        if (angle < 0) {
            angle += 360.0;
        } else if (angle == 0) {
            angle = 0.0;
        }
        int w = img.width();
        int h = img.height();
        if (angle == 0) {
            return copy(img);
        }
        if (angle == 180) {
            return transpose(img, 180);
        }
        if ((angle == 90 || angle == 270) && w == h) {
            return transpose(img, (int) angle);
        }
        double rad = -Math.toRadians(angle);
        double a = round15(Math.cos(rad));
        double b = round15(Math.sin(rad));
        double d = round15(-Math.sin(rad));
        double e = round15(Math.cos(rad));
        double cx = w / 2.0;
        double cy = h / 2.0;
        double c = a * -cx + b * -cy + 0.0 + cx;
        double f = d * -cx + e * -cy + 0.0 + cy;
        return affine(img, new double[] {a, b, c, d, e, f}, resample, fill);
    }

    /** Counter-clockwise rotation by 90, 180 or 270 degrees (90/270 swap width and height). */
    static RgbImage transpose(RgbImage img, int degrees) {
        int w = img.width();
        int h = img.height();
        boolean swap = degrees != 180;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] in = img.rgb();
        byte[] out = new byte[in.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                if (degrees == 90) {
                    sx = w - 1 - y;
                    sy = x;
                } else if (degrees == 270) {
                    sx = y;
                    sy = h - 1 - x;
                } else {
                    sx = w - 1 - x;
                    sy = h - 1 - y;
                }
                System.arraycopy(in, 3 * (sy * w + sx), out, 3 * (y * ow + x), 3);
            }
        }
        return new RgbImage(ow, oh, out);
    }

    /** Upstream's {@code shear_x}: affine {@code (1, factor, 0, 0, 1, 0)}. */
    public static RgbImage shearX(RgbImage img, double factor, Resample resample, Rgb fill) {
        return affine(img, new double[] {1, factor, 0, 0, 1, 0}, resample, fill);
    }

    /** Upstream's {@code shear_y}: affine {@code (1, 0, 0, factor, 1, 0)}. */
    public static RgbImage shearY(RgbImage img, double factor, Resample resample, Rgb fill) {
        return affine(img, new double[] {1, 0, 0, factor, 1, 0}, resample, fill);
    }

    /**
     * Upstream's {@code translate_x_*}: affine {@code (1, 0, pixels, 0, 1, 0)}, so a positive shift
     * moves the content left.
     */
    public static RgbImage translateX(RgbImage img, double pixels, Resample resample, Rgb fill) {
        return affine(img, new double[] {1, 0, pixels, 0, 1, 0}, resample, fill);
    }

    /** Upstream's {@code translate_y_*}: affine {@code (1, 0, 0, 0, 1, pixels)} (moves up). */
    public static RgbImage translateY(RgbImage img, double pixels, Resample resample, Rgb fill) {
        return affine(img, new double[] {1, 0, 0, 0, 1, pixels}, resample, fill);
    }

    /**
     * Upstream's {@code Cutout(size)} with a given centre: the box {@code [cx - size/2, cx +
     * size/2) x [cy - size/2, cy + size/2)} (integer halves), clipped to the image, is painted
     * {@code fill}.
     */
    public static RgbImage cutout(RgbImage img, int size, int cx, int cy, Rgb fill) {
        int half = size / 2;
        int x0 = Math.max(0, cx - half);
        int x1 = Math.min(img.width(), cx + half);
        int y0 = Math.max(0, cy - half);
        int y1 = Math.min(img.height(), cy + half);
        byte[] out = img.rgb().clone();
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int o = 3 * (y * img.width() + x);
                out[o] = (byte) fill.r();
                out[o + 1] = (byte) fill.g();
                out[o + 2] = (byte) fill.b();
            }
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    private static RgbImage copy(RgbImage img) {
        return new RgbImage(img.width(), img.height(), img.rgb().clone());
    }
}
