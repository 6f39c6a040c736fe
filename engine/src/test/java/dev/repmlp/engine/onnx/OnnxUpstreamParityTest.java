package dev.repmlp.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported file, run by ONNX Runtime, gives upstream's deploy logits (fixtures of
 * engine/src/test/python/make_upstream_fixtures.py: upstream's locality_injection() on a tiny
 * config with several non-square windows per map and fewer sharesets than channels, so the
 * partition/merge order matters).
 */
class OnnxUpstreamParityTest {

    static Path fixture(String name) {
        try {
            return Paths.get(OnnxUpstreamParityTest.class.getResource("/upstream/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nonSquareWindowsAndFewSharesetsMatchUpstreamDeployLogits(@TempDir Path dir)
            throws IOException {
        RepMlpNetConfig config = RepMlpNetConfig.readJson(fixture("config.json"));
        HostTensor x = Npy.read(fixture("input.npy"));
        float[] want = Npy.read(fixture("logits_deploy.npy")).toFloatArray();
        Path out = dir.resolve("tiny.onnx");
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(config, false);
            train.initialize(m);
            Weights.load(train, fixture("train.pth"));
            for (int opset : new int[] {13, 17, 21}) {
                OnnxExporter.Report r =
                        OnnxExporter.export(
                                train, out, new OnnxExporter.Options(opset, 0, null, null));
                assertTrue(r.maxAbsDiff() <= OnnxExporter.TOLERANCE, "self-check " + r);
                try (OnnxModel onnx = OnnxModel.load(out, 1)) {
                    float[] got = onnx.logits(x.toFloatArray(), (int) x.shape()[0]);
                    double d = OnnxExporter.maxAbsDiff(want, got);
                    assertEquals(want.length, got.length);
                    assertTrue(d < 1e-4, "opset " + opset + ": max |diff| to upstream " + d);
                    System.err.printf("opset %d: max |logit diff| to upstream %.3e%n", opset, d);
                }
            }
        }
    }
}
