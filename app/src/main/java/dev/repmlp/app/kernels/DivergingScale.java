package dev.repmlp.app.kernels;

import java.util.Locale;

/**
 * The one colour scale of the kernels page: blue for negative, white for zero, red for positive,
 * linear and symmetric around zero over {@code [-limit, limit]} (values beyond are clipped). Being
 * linear in each channel, a colour maps back to its value ({@link #valueOf}) up to 8-bit rounding,
 * about {@code limit / 222}.
 */
public final class DivergingScale {
    /** The colour of {@code -limit} (ColorBrewer RdBu's darkest blue). */
    static final int[] NEGATIVE = {33, 102, 172};

    /** The colour of {@code +limit} (RdBu's darkest red). */
    static final int[] POSITIVE = {178, 24, 43};

    private final double limit;

    private DivergingScale(double limit) {
        this.limit = limit;
    }

    /**
     * A scale over {@code [-maxAbs, maxAbs]}; over [-1, 1] when {@code maxAbs} is 0 or not finite.
     */
    public static DivergingScale symmetric(double maxAbs) {
        return new DivergingScale(maxAbs > 0 && Double.isFinite(maxAbs) ? maxAbs : 1);
    }

    /** The largest |value| of the arrays (nulls skipped). */
    public static double maxAbs(float[]... arrays) {
        double m = 0;
        for (float[] a : arrays) {
            if (a == null) {
                continue;
            }
            for (float v : a) {
                double x = Math.abs(v);
                if (x > m) {
                    m = x;
                }
            }
        }
        return m;
    }

    /** The end of the range: the scale covers {@code [-limit, limit]}. */
    public double limit() {
        return limit;
    }

    /** Opaque ARGB colour of {@code value}. */
    public int argb(double value) {
        double t = value / limit;
        if (Double.isNaN(t)) {
            t = 0;
        }
        t = Math.max(-1, Math.min(1, t));
        int[] end = t < 0 ? NEGATIVE : POSITIVE;
        double a = Math.abs(t);
        int r = channel(end[0], a);
        int g = channel(end[1], a);
        int b = channel(end[2], a);
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    private static int channel(int end, double a) {
        return (int) Math.round(255 + a * (end - 255));
    }

    /**
     * The value whose colour is {@code argb} (alpha ignored): the inverse of {@link #argb} up to
     * rounding. Reads the channel that changes most on each side (red for blue colours, green for
     * red ones).
     */
    public double valueOf(int argb) {
        int r = argb >> 16 & 0xFF;
        int b = argb & 0xFF;
        int g = argb >> 8 & 0xFF;
        if (b > r) {
            return -limit * (255 - r) / (255.0 - NEGATIVE[0]);
        }
        return limit * (255 - g) / (255.0 - POSITIVE[1]);
    }

    /** {@code n} colours from {@code -limit} (index 0) to {@code +limit} (index n-1). */
    public int[] gradient(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = argb(n == 1 ? 0 : limit * (2.0 * i / (n - 1) - 1));
        }
        return out;
    }

    /** A short label for a value on this scale, e.g. {@code 0.617} or {@code -1.2e-05}. */
    public static String format(double value) {
        double a = Math.abs(value);
        if (a != 0 && (a < 1e-3 || a >= 1e4)) {
            return String.format(Locale.ROOT, "%.3g", value);
        }
        return String.format(Locale.ROOT, "%.4f", value)
                .replaceAll("0+$", "")
                .replaceAll("\\.$", "");
    }
}
