package dev.repmlp.engine.reparam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Turns a depthwise k x k conv kernel (zero padding k//2 at the window border) into the equivalent
 * fc3 matrix, cf. upstream {@code RepMLPBlock._convert_conv_to_fc}. Upstream runs the conv on an
 * identity batch; the result is the same matrix, built here directly: for shareset s and row-major
 * window positions p = (yp, xp), q = (yq, xq), M[s*hw + p, q] = K[s, yq - yp + c, xq - xp + c] when
 * both offsets are within c = k//2, else 0.
 */
public final class ConvToFc {
    private ConvToFc() {}

    /**
     * @param kernel [S, 1, k, k] kernel, k odd
     * @return [S*h*w, h*w] matrix on the kernel's manager
     */
    public static NDArray convert(NDArray kernel, int sharesets, int h, int w) {
        Shape s = kernel.getShape();
        int kh = (int) s.get(2);
        int kw = (int) s.get(3);
        float[] k = kernel.toFloatArray();
        float[] m = matrix(k, sharesets, kh, kw, h, w);
        int hw = h * w;
        return kernel.getManager().create(m, new Shape((long) sharesets * hw, hw));
    }

    /** The same on plain arrays: {@code k} is [S, kh, kw] row-major; returns [S*hw, hw]. */
    public static float[] matrix(float[] k, int sharesets, int kh, int kw, int h, int w) {
        int hw = h * w;
        int ch = kh / 2;
        int cw = kw / 2;
        long size = (long) sharesets * hw * hw;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "fc3 of " + sharesets + " x " + hw + "^2 entries is too large for one array");
        }
        float[] m = new float[(int) size];
        for (int sIdx = 0; sIdx < sharesets; sIdx++) {
            for (int yp = 0; yp < h; yp++) {
                for (int xp = 0; xp < w; xp++) {
                    int row = sIdx * hw + yp * w + xp;
                    for (int dy = -ch; dy <= ch; dy++) {
                        int yq = yp + dy;
                        if (yq < 0 || yq >= h) {
                            continue;
                        }
                        for (int dx = -cw; dx <= cw; dx++) {
                            int xq = xp + dx;
                            if (xq < 0 || xq >= w) {
                                continue;
                            }
                            m[row * hw + yq * w + xq] = k[(sIdx * kh + dy + ch) * kw + dx + cw];
                        }
                    }
                }
            }
        }
        return m;
    }
}
