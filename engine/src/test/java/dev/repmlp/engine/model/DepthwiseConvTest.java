package dev.repmlp.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast depthwise conv of the local-perceptron branches (a per-channel scale for 1x1, one image
 * with tiled filters for k x k) against a direct convolution written as loops: output, input
 * gradient and filter gradient of loss = sum(y * r) for random r.
 */
class DepthwiseConvTest {

    private static final int N = 3;
    private static final int H = 5;
    private static final int W = 6;

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 3", "4, 1", "4, 3", "2, 5"})
    void matchesDirectConvolutionAndItsGradients(int c, int k) {
        Random rnd = new Random(7L * c + k);
        float[] x = fill(rnd, N * c * H * W);
        float[] w = fill(rnd, c * k * k);
        float[] r = fill(rnd, N * c * H * W);
        int p = k / 2;

        double[] y = new double[N * c * H * W];
        double[] gx = new double[x.length];
        double[] gw = new double[w.length];
        for (int n = 0; n < N; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < W; j++) {
                        int o = ((n * c + ch) * H + i) * W + j;
                        for (int a = 0; a < k; a++) {
                            for (int b = 0; b < k; b++) {
                                int ii = i + a - p;
                                int jj = j + b - p;
                                if (ii < 0 || ii >= H || jj < 0 || jj >= W) {
                                    continue;
                                }
                                int in = ((n * c + ch) * H + ii) * W + jj;
                                int f = (ch * k + a) * k + b;
                                y[o] += (double) w[f] * x[in];
                                gx[in] += (double) r[o] * w[f];
                                gw[f] += (double) r[o] * x[in];
                            }
                        }
                    }
                }
            }
        }

        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xa = m.create(x, new Shape(N, c, H, W));
            NDArray wa = m.create(w, new Shape(c, 1, k, k));
            NDArray ra = m.create(r, new Shape(N, c, H, W));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            float[] got;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = ConvBn.depthwiseConv(xa, wa);
                got = out.toFloatArray();
                gc.backward(out.mul(ra).sum());
            }
            assertClose(y, got, "output");
            assertClose(gx, xa.getGradient().toFloatArray(), "input gradient");
            assertClose(gw, wa.getGradient().toFloatArray(), "filter gradient");
        }
    }

    /** The module takes the fast path for its depthwise branches and gives the conv's result. */
    @Test
    void convBnBranchUsesIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvBn branch = new ConvBn(4, 4, 3, 1, 1, 4, false);
            branch.initialize(m, DataType.FLOAT32, new Shape(2, 4, 5, 5));
            NDArray x = m.randomNormal(new Shape(2, 4, 5, 5));
            float[] got =
                    branch.forward(new ParameterStore(m, false), new NDList(x), false)
                            .singletonOrThrow()
                            .toFloatArray();
            NDArray conv =
                    ai.djl.nn.convolutional.Conv2d.conv2d(
                                    x,
                                    branch.convWeight().getArray(),
                                    null,
                                    new Shape(1, 1),
                                    new Shape(1, 1),
                                    new Shape(1, 1),
                                    4)
                            .singletonOrThrow();
            // fresh BN in eval mode: y = conv / sqrt(1 + eps)
            float[] want = conv.div(Math.sqrt(1 + BatchNorm2d.EPS)).toFloatArray();
            double[] wantD = new double[want.length];
            for (int i = 0; i < want.length; i++) {
                wantD[i] = want[i];
            }
            assertClose(wantD, got, "ConvBn output");
        }
    }

    private static void assertClose(double[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + " size");
        double max = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i] - got[i]));
        }
        assertEquals(0.0, max, 1e-5, what + ": max |difference| " + max);
    }

    private static float[] fill(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
