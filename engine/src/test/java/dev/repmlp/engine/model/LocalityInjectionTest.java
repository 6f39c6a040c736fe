package dev.repmlp.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.TestModels;
import dev.repmlp.engine.inspect.EquivalenceReport;
import dev.repmlp.engine.reparam.ConvToFc;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Train-time vs deploy-time outputs after locality injection, in eval mode. */
class LocalityInjectionTest {

    private static float[] logits(RepMlpNet net, NDArray x) {
        ParameterStore store = new ParameterStore(x.getManager(), false);
        return net.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void localityInjectionPreservesLogitsWithRandomisedBatchNorms() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(TestModels.multiWindow(), false);
            net.initialize(m);
            NDArray x = m.randomNormal(new Shape(3, 3, 32, 32));
            NetState.randomizeBatchNorms(net, 11, x);
            float[] before = logits(net, x);
            net.localityInjection();
            assertTrue(net.isDeploy());
            float[] after = logits(net, x);
            double diff = maxAbsDiff(before, after);
            assertTrue(diff < 1e-5, "max |logit diff| " + diff);
            // the logits are not trivially small, so the bound means something
            double scale = 0;
            for (float v : before) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0.1, "logit scale " + scale);
        }
    }

    @Test
    void injectedStateHasDeployKeysAndLoadsIntoDeployBuiltNet() {
        Engine.getInstance().setRandomSeed(4);
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(TestModels.multiWindow(), false);
            net.initialize(m);
            NDArray x = m.randomNormal(new Shape(2, 3, 32, 32));
            NetState.randomizeBatchNorms(net, 12, x);
            RepMlpNet twin = NetState.deployCopy(net, m);
            net.localityInjection();
            List<String> injected = net.stateSlots().stream().map(StateSlot::key).toList();
            List<String> built =
                    new RepMlpNet(TestModels.multiWindow(), true)
                            .stateSlots().stream().map(StateSlot::key).toList();
            assertEquals(built, injected);
            // in-place injection and the deploy-built twin give bit-identical logits
            float[] a = logits(net, x);
            float[] b = logits(twin, x);
            assertEquals(0.0, maxAbsDiff(a, b));
        }
    }

    @Test
    void equivalenceReportCoversEveryBlock() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(TestModels.multiWindow(), false);
            net.initialize(m);
            NDArray x = m.randomNormal(new Shape(2, 3, 32, 32));
            NetState.randomizeBatchNorms(net, 13, x);
            RepMlpNet twin = NetState.deployCopy(net, m);
            EquivalenceReport r = EquivalenceReport.compare(net, twin, x);
            assertEquals(2, r.blocks().size());
            assertEquals("stages.1.0.repmlp_block", r.blocks().get(1).name());
            assertTrue(r.worstBlockMaxAbs() < 1e-5, r.toString());
            assertTrue(r.logits().maxAbs() < 1e-5, r.toString());
            assertFalse(net.isDeploy(), "deployCopy leaves the original train-time");
        }
    }

    @Test
    void convToFcMatchesIdentityConvolution() {
        // The matrix built by index arithmetic equals upstream's construction: run the depthwise
        // conv (padding k//2) on an identity batch and transpose.
        int s = 2;
        int h = 3;
        int w = 4;
        int k = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray kernel = m.randomNormal(new Shape(s, 1, k, k));
            NDArray fc = ConvToFc.convert(kernel, s, h, w);
            int hw = h * w;
            NDArray eye = m.eye(hw).tile(new long[] {1, s}).reshape(hw, s, h, w);
            NDArray conv =
                    ai.djl.nn.convolutional.Conv2d.conv2d(
                                    eye,
                                    kernel,
                                    null,
                                    new Shape(1, 1),
                                    new Shape(k / 2, k / 2),
                                    new Shape(1, 1),
                                    s)
                            .singletonOrThrow();
            NDArray expected = conv.reshape(hw, (long) s * hw).transpose();
            assertEquals(expected.getShape(), fc.getShape());
            assertEquals(0.0, maxAbsDiff(expected.toFloatArray(), fc.toFloatArray()));
        }
    }
}
