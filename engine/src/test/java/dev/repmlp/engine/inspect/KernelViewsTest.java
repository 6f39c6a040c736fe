package dev.repmlp.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.repmlp.engine.TestModels;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import dev.repmlp.engine.model.BatchNorm2d;
import dev.repmlp.engine.model.ConvBn;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpBlock;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.reparam.ConvToFc;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel slices against the engine's own locality injection and against hand-worked numbers. */
class KernelViewsTest {

    /** The shared multi-window model with two units in its second stage and a 4-class head. */
    private static RepMlpNetConfig tiny() {
        return TestModels.multiWindow().toBuilder()
                .name("tiny-kernels")
                .numClass(4)
                .numBlocks(1, 2)
                .build();
    }

    /** One stage, one 3x3 window, one shareset: small enough to work out by hand. */
    private static RepMlpNetConfig handSized() {
        return RepMlpNetConfig.builder()
                .name("hand")
                .numClass(2)
                .numBlocks(1)
                .channels(4)
                .hs(3)
                .ws(3)
                .sharesetsNums(1)
                .reparamConvK(1, 3)
                .imageSize(12)
                .build();
    }

    private static RepMlpNet randomTrainNet(NDManager m, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        RepMlpNet net = new RepMlpNet(tiny(), false);
        net.initialize(m);
        NetState.randomizeBatchNorms(net, seed, m.randomNormal(new Shape(2, 3, 32, 32)));
        return net;
    }

    @Test
    void injectedSliceEqualsTheRowsOfEquivalentFc3() {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = randomTrainNet(m, 21);
            for (BlockShape shape : KernelViews.blocks(net)) {
                RepMlpBlock block = net.stages().get(shape.stage()).get(shape.block()).block();
                NDList eq = block.equivalentFc3(m);
                float[] weight = eq.get(0).toFloatArray();
                float[] bias = eq.get(1).toFloatArray();
                int hw = shape.size();
                for (int s = 0; s < shape.sharesets(); s++) {
                    KernelSlice slice = KernelViews.slice(net, shape.stage(), shape.block(), s);
                    assertTrue(slice.trainTime());
                    for (int i = 0; i < hw * hw; i++) {
                        assertEquals(weight[s * hw * hw + i], slice.injected()[i], 1e-6, "w " + i);
                        assertEquals(
                                slice.fused()[i] + slice.locality()[i], slice.injected()[i], 1e-6);
                    }
                    for (int p = 0; p < hw; p++) {
                        assertEquals(bias[s * hw + p], slice.injectedBias()[p], 1e-6, "b " + p);
                    }
                }
            }
        }
    }

    @Test
    void localityIsConvToFcOfTheBnFusedMergedKernel() {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = randomTrainNet(m, 22);
            RepMlpBlock block = net.stages().get(1).get(1).block();
            int s = 3;
            // fold each branch's BN by hand (double precision), pad the 1x1 into the 3x3 centre
            double[] kernel = new double[9];
            for (var e : block.branches().entrySet()) {
                int k = e.getKey();
                ConvBn branch = e.getValue();
                double scale = scale(branch.bn(), s);
                float[] raw = branch.convWeight().getArray().toFloatArray();
                int pad = (3 - k) / 2;
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        kernel[(y + pad) * 3 + x + pad] += raw[(s * k + y) * k + x] * scale;
                    }
                }
            }
            KernelSlice slice = KernelViews.slice(net, 1, 1, s);
            assertEquals(3, slice.kernelSize());
            float[] hand = new float[9];
            for (int i = 0; i < 9; i++) {
                assertEquals(kernel[i], slice.kernel()[i], 1e-6);
                hand[i] = (float) kernel[i];
            }
            float[] expected = ConvToFc.matrix(hand, 1, 3, 3, block.windowH(), block.windowW());
            assertArrayEquals(expected, slice.locality(), 1e-6f);
        }
    }

    @Test
    void fusedIsFc3ScaledByItsBatchNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = randomTrainNet(m, 23);
            RepMlpBlock block = net.stages().get(0).get(0).block();
            int hw = 8;
            float[] w = block.fc3Weight().getArray().toFloatArray();
            KernelSlice slice = KernelViews.slice(net, 0, 0, 1);
            double a = scale(block.fc3Bn(), 1);
            for (int i = 0; i < hw * hw; i++) {
                assertEquals(w[hw * hw + i] * a, slice.fused()[i], 1e-6);
                assertEquals(
                        Math.abs(slice.injected()[i]) - Math.abs(slice.fused()[i]),
                        slice.difference()[i],
                        1e-6);
            }
        }
    }

    @Test
    void handWorkedOneByOnePlusThreeByThreeCase() {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(handSized(), false);
            net.initialize(m);
            RepMlpBlock b = net.blocks().get(0);
            // fc3: only the centre-to-centre weight, 0.5
            float[] fc3 = new float[81];
            fc3[4 * 9 + 4] = 0.5f;
            NetState.setValues(b.fc3Weight(), fc3);
            // fc3_bn: gamma 2, var + eps 4 -> scale 1; beta 1, mean 0.5 -> bias 0.5
            setBn(b.fc3Bn(), 2f, 1f, 0.5f, 4f - BatchNorm2d.EPS);
            // 1x1 branch: kernel 3, BN identity -> 3, bias 0
            NetState.setValues(b.branches().get(1).convWeight(), new float[] {3f});
            setBn(b.branches().get(1).bn(), 1f, 0f, 0f, 1f - BatchNorm2d.EPS);
            // 3x3 branch: kernel 1..9, gamma 1, var + eps 0.25 -> scale 2; beta 0.2, mean 0.4 ->
            // -0.6
            NetState.setValues(
                    b.branches().get(3).convWeight(), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
            setBn(b.branches().get(3).bn(), 1f, 0.2f, 0.4f, 0.25f - BatchNorm2d.EPS);

            KernelSlice slice = KernelViews.slice(net, 0, 0, 0);

            double tol = 1e-5; // var + eps is 4, 1 and 0.25 up to float rounding
            // merged kernel: 2 * (1..9) with 3 added at the centre
            assertArrayEquals(
                    new float[] {2, 4, 6, 8, 13, 12, 14, 16, 18}, slice.kernel(), (float) tol);
            int centre = 4; // (y, x) = (1, 1)
            assertEquals(0.5, slice.value(KernelSlice.Part.FUSED, centre, centre), tol);
            assertEquals(13, slice.value(KernelSlice.Part.LOCALITY, centre, centre), tol);
            assertEquals(13.5, slice.value(KernelSlice.Part.INJECTED, centre, centre), tol);
            assertEquals(13, slice.value(KernelSlice.Part.DIFFERENCE, centre, centre), tol);
            // output (0,0) sees input (1,1) through kernel offset (+1,+1): 2 * 9
            assertEquals(18, slice.value(KernelSlice.Part.INJECTED, 0, 4), tol);
            // output (1,1) sees input (0,0) through offset (-1,-1): 2 * 1
            assertEquals(2, slice.value(KernelSlice.Part.LOCALITY, 4, 0), tol);
            // output (0,0) and input (2,2) are two apart: outside the 3x3 neighbourhood
            assertEquals(0, slice.value(KernelSlice.Part.LOCALITY, 0, 8));
            // output (0,2) sees input (1,1) through offset (+1,-1): kernel[2][0] = 2 * 7
            assertEquals(14, slice.value(KernelSlice.Part.LOCALITY, 2, 4), tol);
            for (int p = 0; p < 9; p++) {
                assertEquals(0.5, slice.fusedBias()[p], tol);
                assertEquals(-0.6, slice.localityBias()[p], tol);
                assertEquals(-0.1, slice.injectedBias()[p], tol);
            }
        }
    }

    @Test
    void deployTimeSliceHoldsOnlyTheInjectedFc3() {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = randomTrainNet(m, 24);
            RepMlpNet deploy = NetState.deployCopy(net, m);
            KernelSlice train = KernelViews.slice(net, 1, 0, 2);
            KernelSlice dep = KernelViews.slice(deploy, 1, 0, 2);
            assertFalse(dep.trainTime());
            assertNull(dep.fused());
            assertNull(dep.matrix(KernelSlice.Part.LOCALITY));
            assertFalse(dep.has(KernelSlice.Part.DIFFERENCE));
            assertEquals(0, dep.kernelSize());
            assertArrayEquals(train.injected(), dep.injected(), 1e-6f);
            assertArrayEquals(train.injectedBias(), dep.injectedBias(), 1e-6f);
            assertTrue(KernelViews.blocks(deploy).get(0).deploy());
            assertTrue(KernelViews.equivalence(deploy, 1).isEmpty());
        }
    }

    @Test
    void equivalenceCoversEveryBlockWithSmallErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = randomTrainNet(m, 25);
            EquivalenceReport report = KernelViews.equivalence(net, 7).orElseThrow();
            assertEquals(3, report.blocks().size());
            assertEquals("stages.1.1.repmlp_block", report.blocks().get(2).name());
            assertTrue(report.worstBlockMaxAbs() < 1e-5, report.toString());
            assertTrue(report.blocks().get(0).scale() > 0.01, report.toString());
            assertFalse(net.isDeploy(), "the net stays train-time");
        }
    }

    @Test
    void blocksDescribeWindowsSharesetsAndBranches() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<BlockShape> blocks = KernelViews.blocks(randomTrainNet(m, 26));
            assertEquals(3, blocks.size());
            BlockShape last = blocks.get(2);
            assertEquals(1, last.stage());
            assertEquals(1, last.block());
            assertEquals(16, last.channels());
            assertEquals(4, last.sharesets());
            assertEquals(8, last.size());
            assertEquals(List.of(1, 3), last.kernelSizes());
            assertEquals("stages.1.1.repmlp_block", last.name());
        }
    }

    @Test
    void outOfRangeIndicesAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = randomTrainNet(m, 27);
            var e =
                    assertThrows(
                            IndexOutOfBoundsException.class, () -> KernelViews.slice(net, 0, 0, 2));
            assertTrue(e.getMessage().contains("shareset 2"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> KernelViews.slice(net, 2, 0, 0));
        }
    }

    @Test
    void npyFilesHoldTheSlice(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            KernelSlice slice = KernelViews.slice(randomTrainNet(m, 28), 1, 1, 0);
            List<Path> files = KernelViews.writeNpy(slice, dir);
            assertEquals(8, files.size());
            assertEquals(dir.resolve("stage1-block1-shareset0-fc3-injected.npy"), files.get(2));
            HostTensor injected = Npy.read(files.get(2));
            assertArrayEquals(new long[] {8, 8}, injected.shape());
            assertArrayEquals(slice.injected(), injected.toFloatArray());
            assertArrayEquals(slice.locality(), Npy.read(files.get(1)).toFloatArray());
            HostTensor kernel = Npy.read(dir.resolve("stage1-block1-shareset0-kernel.npy"));
            assertArrayEquals(new long[] {3, 3}, kernel.shape());
            assertArrayEquals(slice.kernel(), kernel.toFloatArray());
        }
    }

    private static double scale(BatchNorm2d bn, int c) {
        double gamma = bn.weight().getArray().toFloatArray()[c];
        double var = bn.runningVar().getArray().toFloatArray()[c];
        return gamma / Math.sqrt(var + BatchNorm2d.EPS);
    }

    private static void setBn(BatchNorm2d bn, float gamma, float beta, float mean, float var) {
        NetState.setValues(bn.weight(), new float[] {gamma});
        NetState.setValues(bn.bias(), new float[] {beta});
        NetState.setValues(bn.runningMean(), new float[] {mean});
        NetState.setValues(bn.runningVar(), new float[] {var});
    }
}
