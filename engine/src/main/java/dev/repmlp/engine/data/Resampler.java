package dev.repmlp.engine.data;

/**
 * Bilinear resizing as Pillow does it ({@code Image.resize(..., BILINEAR)}, which torchvision's
 * {@code Resize} uses on PIL images): a separable triangle filter whose support grows with the
 * downscaling factor (antialiasing), horizontal pass first, each pass rounded to 8 bits.
 */
public final class Resampler {
    private Resampler() {}

    /** Resizes to {@code outW x outH}. */
    public static RgbImage resize(RgbImage src, int outW, int outH) {
        if (outW == src.width() && outH == src.height()) {
            return src;
        }
        byte[] tmp = horizontal(src.rgb(), src.width(), src.height(), outW);
        byte[] out = vertical(tmp, outW, src.height(), outH);
        return new RgbImage(outW, outH, out);
    }

    /** Pillow's {@code PRECISION_BITS} for 8-bit images: 32 - 8 - 2. */
    private static final int PRECISION_BITS = 32 - 8 - 2;

    /**
     * Filter taps for one axis, as Pillow's {@code precompute_coeffs} (double weights, normalised
     * to sum 1) then {@code normalize_coeffs_8bpc} (fixed point, rounded away from zero): for each
     * output index, the first input index and the integer weights.
     */
    private record Taps(int[] start, int[][] weights) {}

    private static Taps taps(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 1.0 * filterScale; // bilinear: support 1
        int[] start = new int[outSize];
        int[][] weights = new int[outSize][];
        double[] k = new double[(int) Math.ceil(support) * 2 + 1];
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = Math.max(0, (int) (center - support + 0.5));
            int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
            double total = 0;
            for (int j = 0; j < xmax; j++) {
                double t = Math.abs((j + xmin - center + 0.5) * ss);
                k[j] = t < 1.0 ? 1.0 - t : 0.0;
                total += k[j];
            }
            int[] w = new int[Math.max(0, xmax)];
            for (int j = 0; j < w.length; j++) {
                double v = total != 0.0 ? k[j] / total : k[j];
                double fixed = v * (1 << PRECISION_BITS);
                w[j] = (int) (v < 0 ? -0.5 + fixed : 0.5 + fixed);
            }
            start[i] = xmin;
            weights[i] = w;
        }
        return new Taps(start, weights);
    }

    /** Pillow's {@code clip8}: drop the fraction bits, clamp to 0..255. */
    private static byte clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
    }

    private static byte[] horizontal(byte[] in, int w, int h, int outW) {
        if (outW == w) {
            return in;
        }
        Taps t = taps(w, outW);
        byte[] out = new byte[3 * outW * h];
        for (int y = 0; y < h; y++) {
            int row = 3 * y * w;
            for (int x = 0; x < outW; x++) {
                int[] wt = t.weights()[x];
                int s = row + 3 * t.start()[x];
                int r = 1 << (PRECISION_BITS - 1);
                int g = r;
                int b = r;
                for (int j = 0; j < wt.length; j++) {
                    int p = s + 3 * j;
                    r += (in[p] & 0xff) * wt[j];
                    g += (in[p + 1] & 0xff) * wt[j];
                    b += (in[p + 2] & 0xff) * wt[j];
                }
                int o = 3 * (y * outW + x);
                out[o] = clip8(r);
                out[o + 1] = clip8(g);
                out[o + 2] = clip8(b);
            }
        }
        return out;
    }

    private static byte[] vertical(byte[] in, int w, int h, int outH) {
        if (outH == h) {
            return in;
        }
        Taps t = taps(h, outH);
        int stride = 3 * w;
        byte[] out = new byte[stride * outH];
        int[] acc = new int[stride];
        for (int y = 0; y < outH; y++) {
            int[] wt = t.weights()[y];
            int s = t.start()[y];
            java.util.Arrays.fill(acc, 1 << (PRECISION_BITS - 1));
            for (int j = 0; j < wt.length; j++) {
                int row = (s + j) * stride;
                int k = wt[j];
                for (int i = 0; i < stride; i++) {
                    acc[i] += (in[row + i] & 0xff) * k;
                }
            }
            int o = y * stride;
            for (int i = 0; i < stride; i++) {
                out[o + i] = clip8(acc[i]);
            }
        }
        return out;
    }
}
