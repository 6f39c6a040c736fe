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

    /** Filter taps for one axis: for each output index, first input index and weights. */
    private record Taps(int[] start, float[][] weights) {}

    private static Taps taps(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 1.0 * filterScale;
        int[] start = new int[outSize];
        float[][] weights = new float[outSize][];
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            int xmin = (int) Math.max(0, Math.floor(center - support + 0.5));
            int xmax = (int) Math.min(inSize, Math.floor(center + support + 0.5));
            float[] w = new float[Math.max(0, xmax - xmin)];
            double total = 0;
            for (int j = 0; j < w.length; j++) {
                double t = (j + xmin - center + 0.5) / filterScale;
                double v = Math.max(0, 1 - Math.abs(t));
                w[j] = (float) v;
                total += v;
            }
            if (total > 0) {
                for (int j = 0; j < w.length; j++) {
                    w[j] = (float) (w[j] / total);
                }
            }
            start[i] = xmin;
            weights[i] = w;
        }
        return new Taps(start, weights);
    }

    private static byte clip8(double v) {
        long r = Math.round(v);
        return (byte) (r < 0 ? 0 : r > 255 ? 255 : r);
    }

    private static byte[] horizontal(byte[] in, int w, int h, int outW) {
        if (outW == w) {
            return in;
        }
        Taps t = taps(w, outW);
        byte[] out = new byte[3 * outW * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < outW; x++) {
                float[] wt = t.weights()[x];
                int s = t.start()[x];
                for (int c = 0; c < 3; c++) {
                    double acc = 0;
                    for (int j = 0; j < wt.length; j++) {
                        acc += wt[j] * (in[3 * (y * w + s + j) + c] & 0xff);
                    }
                    out[3 * (y * outW + x) + c] = clip8(acc);
                }
            }
        }
        return out;
    }

    private static byte[] vertical(byte[] in, int w, int h, int outH) {
        if (outH == h) {
            return in;
        }
        Taps t = taps(h, outH);
        byte[] out = new byte[3 * w * outH];
        for (int y = 0; y < outH; y++) {
            float[] wt = t.weights()[y];
            int s = t.start()[y];
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double acc = 0;
                    for (int j = 0; j < wt.length; j++) {
                        acc += wt[j] * (in[3 * ((s + j) * w + x) + c] & 0xff);
                    }
                    out[3 * (y * w + x) + c] = clip8(acc);
                }
            }
        }
        return out;
    }
}
