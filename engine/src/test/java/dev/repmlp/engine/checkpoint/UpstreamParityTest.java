package dev.repmlp.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * Outputs equal those of upstream's own PyTorch code (fixtures made by
 * engine/src/test/python/make_upstream_fixtures.py with upstream's repmlpnet.py): a tiny config
 * with several non-square windows per map and S < C, so the partition/merge order matters.
 */
class UpstreamParityTest {

    private static final double TOL = 1e-5;

    static Path fixture(String name) {
        try {
            return Paths.get(UpstreamParityTest.class.getResource("/upstream/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static RepMlpNetConfig config() throws IOException {
        return RepMlpNetConfig.readJson(fixture("config.json"));
    }

    private static float[] logits(RepMlpNet net, NDManager m, boolean training) throws IOException {
        HostTensor x = Npy.read(fixture("input.npy"));
        NDArray in = m.create(x.toFloatArray(), new Shape(x.shape()));
        return net.forward(new ParameterStore(m, false), new NDList(in), training)
                .singletonOrThrow()
                .toFloatArray();
    }

    private static double maxAbs(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Test
    void evalLogitsEqualUpstream() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(config(), false);
            net.initialize(m);
            Weights.load(net, fixture("train.pth"));
            float[] want = Npy.read(fixture("logits_eval.npy")).toFloatArray();
            double d = maxAbs(want, logits(net, m, false));
            assertTrue(d < TOL, "max |diff| " + d);
        }
    }

    @Test
    void trainModeForwardAndRunningStatsEqualUpstream() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(config(), false);
            net.initialize(m);
            Weights.load(net, fixture("train.pth"));
            float[] want = Npy.read(fixture("logits_trainmode.npy")).toFloatArray();
            double d = maxAbs(want, logits(net, m, true));
            assertTrue(d < TOL, "train-mode logits max |diff| " + d);
            // running statistics after one training forward (momentum 0.1, unbiased var)
            StateDict after = Weights.read(fixture("after_trainmode.pth"));
            StateDict ours = Weights.export(net);
            assertEquals(after.keys(), ours.keys());
            for (String k : after.keys()) {
                HostTensor a = after.get(k);
                HostTensor b = ours.get(k);
                if (k.endsWith("num_batches_tracked")) {
                    assertEquals(a.toLongArray()[0], b.toLongArray()[0], k);
                } else {
                    double dk = maxAbs(a.toFloatArray(), b.toFloatArray());
                    assertTrue(dk < TOL, k + " max |diff| " + dk);
                }
            }
        }
    }

    @Test
    void convertedWeightsAndDeployLogitsEqualUpstream() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(config(), false);
            train.initialize(m);
            Weights.load(train, fixture("train.pth"));
            RepMlpNet deploy = NetState.deployCopy(train, m);
            // upstream's deploy.pth stores fc3.weight column-major (strides), read correctly
            StateDict theirs = Weights.read(fixture("deploy.pth"));
            StateDict ours = Weights.export(deploy);
            assertEquals(theirs.keys(), ours.keys());
            for (String k : theirs.keys()) {
                if (!k.endsWith("num_batches_tracked")) {
                    double dk = maxAbs(theirs.get(k).toFloatArray(), ours.get(k).toFloatArray());
                    assertTrue(dk < 1e-6, k + " max |diff| " + dk);
                }
            }
            float[] want = Npy.read(fixture("logits_deploy.npy")).toFloatArray();
            assertTrue(maxAbs(want, logits(deploy, m, false)) < TOL);
            // and upstream's converted file loads into a deploy-built net with the same result
            RepMlpNet loaded = new RepMlpNet(config(), true);
            loaded.initialize(m);
            Weights.load(loaded, fixture("deploy.pth"));
            assertTrue(maxAbs(want, logits(loaded, m, false)) < TOL);
        }
    }
}
