package dev.repmlp.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The block's partition/merge order equals upstream's, checked against plain loops written from the
 * spec (section 3) rather than from the implementation's reshapes: the result for window p, channel
 * group g and shareset s lands in window (p*G + g) mod P and channel ((p*G + g) div P)*S + s. The
 * case has non-square 2x1 windows, 8 windows per map and S = 2 < C = 4.
 */
class PartitionOrderTest {

    private static final int N = 2;
    private static final int C = 4;
    private static final int S = 2;
    private static final int G = C / S;
    private static final int H = 4;
    private static final int W = 4;
    private static final int WH = 2;
    private static final int WW = 1;
    private static final int HP = H / WH;
    private static final int WP = W / WW;
    private static final int P = HP * WP;
    private static final int HW = WH * WW;

    @Test
    void deployBlockOutputEqualsHandWrittenUpstreamOrder() {
        Random rnd = new Random(42);
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpBlock block = new RepMlpBlock(C, WH, WW, List.of(), 2, S, true);
            block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(N, C, H, W));
            float[] fc3 = fill(rnd, S * HW * HW);
            float[] fc3b = fill(rnd, S * HW);
            NetState.setValues(block.fc3Weight(), fc3);
            NetState.setValues(block.fc3Bias(), fc3b);
            float[] x = fill(rnd, N * C * H * W);
            NDArray in = m.create(x, new Shape(N, C, H, W));
            ParameterStore store = new ParameterStore(m, false);
            float[] got =
                    block.forward(store, new NDList(in), false).singletonOrThrow().toFloatArray();
            // the global perceptron's scales, from the library (its maths is plain)
            float[] gv =
                    block.getChildren()
                            .values()
                            .get(0)
                            .forward(store, new NDList(in), false)
                            .singletonOrThrow()
                            .toFloatArray();

            float[] want = new float[N * C * H * W];
            for (int n = 0; n < N; n++) {
                for (int p = 0; p < P; p++) {
                    int ip = p / WP;
                    int jp = p % WP;
                    for (int g = 0; g < G; g++) {
                        int t = p * G + g;
                        int dstWindow = t % P;
                        int dip = dstWindow / WP;
                        int djp = dstWindow % WP;
                        for (int s = 0; s < S; s++) {
                            int cin = g * S + s;
                            int cout = (t / P) * S + s;
                            for (int pos = 0; pos < HW; pos++) {
                                double acc = fc3b[s * HW + pos];
                                for (int q = 0; q < HW; q++) {
                                    int yq = q / WW;
                                    int xq = q % WW;
                                    float v = x[idx(n, cin, ip * WH + yq, jp * WW + xq)];
                                    acc += fc3[(s * HW + pos) * HW + q] * v;
                                }
                                int y = pos / WW;
                                int xx = pos % WW;
                                want[idx(n, cout, dip * WH + y, djp * WW + xx)] =
                                        (float) acc * gv[n * C + cout];
                            }
                        }
                    }
                }
            }
            assertArrayEquals(want, got, 1e-5f);
            // and the permutation matters here: the natural inverse would differ
            assertTrue(differsFromNaturalInverse(want, x, fc3, fc3b, gv));
        }
    }

    private static boolean differsFromNaturalInverse(
            float[] want, float[] x, float[] fc3, float[] fc3b, float[] gv) {
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                int s = c % S;
                for (int yy = 0; yy < H; yy++) {
                    for (int xx = 0; xx < W; xx++) {
                        int ip = yy / WH;
                        int jp = xx / WW;
                        int pos = (yy % WH) * WW + xx % WW;
                        double acc = fc3b[s * HW + pos];
                        for (int q = 0; q < HW; q++) {
                            acc +=
                                    fc3[(s * HW + pos) * HW + q]
                                            * x[idx(n, c, ip * WH + q / WW, jp * WW + q % WW)];
                        }
                        float natural = (float) acc * gv[n * C + c];
                        if (Math.abs(natural - want[idx(n, c, yy, xx)]) > 1e-3) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static int idx(int n, int c, int y, int x) {
        return ((n * C + c) * H + y) * W + x;
    }

    private static float[] fill(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
