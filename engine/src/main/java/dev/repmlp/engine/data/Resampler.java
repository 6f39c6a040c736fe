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
        return resizeRegion(src, 0, 0, src.width(), src.height(), outW, outH, 0, 0, outW, outH);
    }

    /**
     * The window {@code [cropX, cropX + cropW) x [cropY, cropY + cropH)} of the image that {@link
     * #resize}{@code (src.crop(boxX, boxY, boxW, boxH), outW, outH)} would give, computed without
     * the copies and without the pixels outside the window: each output pixel is Pillow's value
     * (the same taps, the same two rounded passes), so {@code resize} followed by a crop, or a crop
     * followed by {@code resize}, give the same bytes. Fuses torchvision's {@code Resize +
     * CenterCrop} and {@code RandomResizedCrop}'s crop + resize.
     *
     * @throws IllegalArgumentException if the box or the window lies outside its image
     */
    public static RgbImage resizeRegion(
            RgbImage src,
            int boxX,
            int boxY,
            int boxW,
            int boxH,
            int outW,
            int outH,
            int cropX,
            int cropY,
            int cropW,
            int cropH) {
        if (boxX < 0
                || boxY < 0
                || boxW <= 0
                || boxH <= 0
                || boxX + boxW > src.width()
                || boxY + boxH > src.height()
                || cropX < 0
                || cropY < 0
                || cropW <= 0
                || cropH <= 0
                || cropX + cropW > outW
                || cropY + cropH > outH) {
            throw new IllegalArgumentException(
                    "resize region outside the image: box "
                            + boxX
                            + ","
                            + boxY
                            + " "
                            + boxW
                            + "x"
                            + boxH
                            + " of "
                            + src.width()
                            + "x"
                            + src.height()
                            + ", window "
                            + cropX
                            + ","
                            + cropY
                            + " "
                            + cropW
                            + "x"
                            + cropH
                            + " of "
                            + outW
                            + "x"
                            + outH);
        }
        byte[] in = src.rgb();
        int stride = 3 * src.width();
        // vertical taps first: they say which input rows the horizontal pass must produce
        boolean vPass = outH != boxH;
        Taps tv = vPass ? taps(boxH, outH) : null;
        int rowLo;
        int rowHi;
        if (vPass) {
            rowLo = Integer.MAX_VALUE;
            rowHi = 0;
            for (int y = cropY; y < cropY + cropH; y++) {
                rowLo = Math.min(rowLo, tv.start()[y]);
                rowHi = Math.max(rowHi, tv.start()[y] + tv.weights()[y].length);
            }
        } else {
            rowLo = cropY;
            rowHi = cropY + cropH;
        }
        int rows = rowHi - rowLo;
        // horizontal pass: rows [rowLo, rowHi) of the box, output columns of the window
        int rs = 3 * cropW;
        byte[] mid = new byte[rs * rows];
        if (outW != boxW) {
            Taps th = taps(boxW, outW);
            for (int y = 0; y < rows; y++) {
                int row = (boxY + rowLo + y) * stride + 3 * boxX;
                int o = y * rs;
                for (int x = 0; x < cropW; x++) {
                    int[] wt = th.weights()[cropX + x];
                    int s = row + 3 * th.start()[cropX + x];
                    int r = 1 << (PRECISION_BITS - 1);
                    int g = r;
                    int b = r;
                    for (int j = 0; j < wt.length; j++, s += 3) {
                        int k = wt[j];
                        r += (in[s] & 0xff) * k;
                        g += (in[s + 1] & 0xff) * k;
                        b += (in[s + 2] & 0xff) * k;
                    }
                    mid[o++] = clip8(r);
                    mid[o++] = clip8(g);
                    mid[o++] = clip8(b);
                }
            }
        } else {
            for (int y = 0; y < rows; y++) {
                System.arraycopy(
                        in, (boxY + rowLo + y) * stride + 3 * (boxX + cropX), mid, y * rs, rs);
            }
        }
        if (!vPass) {
            return new RgbImage(cropW, cropH, mid);
        }
        byte[] out = new byte[rs * cropH];
        int[] acc = new int[rs];
        for (int y = 0; y < cropH; y++) {
            int[] wt = tv.weights()[cropY + y];
            int s = tv.start()[cropY + y] - rowLo;
            java.util.Arrays.fill(acc, 1 << (PRECISION_BITS - 1));
            for (int j = 0; j < wt.length; j++) {
                int row = (s + j) * rs;
                int k = wt[j];
                for (int i = 0; i < rs; i++) {
                    acc[i] += (mid[row + i] & 0xff) * k;
                }
            }
            int o = y * rs;
            for (int i = 0; i < rs; i++) {
                out[o + i] = clip8(acc[i]);
            }
        }
        return new RgbImage(cropW, cropH, out);
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
}
