package dev.repmlp.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.Npy;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The six released structures, exported from train-time weights (locality injection in the export)
 * and run by ONNX Runtime, give upstream's deploy logits (upstream's own locality_injection() and
 * forward, fixtures of engine/src/test/python/make_onnx_preset_fixtures.py, weights from {@link
 * FormulaWeights}).
 *
 * <p>By default each preset's stage structure (channels, windows, sharesets, native resolution)
 * with one unit per stage; {@code -Drepmlp.onnx.full=true} also runs the full released depths
 * (minutes and a few GB of memory).
 */
class OnnxPresetParityTest {

    private static final double TOL = 1e-4;

    private static Path fixture(String name) {
        try {
            return Paths.get(OnnxPresetParityTest.class.getResource("/onnx/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RepMlpNetConfig oneUnitPerStage(RepMlpNetConfig c) {
        return c.toBuilder().numBlocks(1, 1, 1, 1).build();
    }

    private static double exportAndCompare(
            RepMlpNetConfig config, String fixture, int batch, Path dir) throws IOException {
        float[] want = Npy.read(fixture(fixture)).toFloatArray();
        int r = config.imageSize();
        float[] x = FormulaWeights.values("input", new long[] {batch, 3, r, r});
        Path out = dir.resolve("model.onnx");
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(config, false);
            train.initialize(m);
            Weights.load(train, FormulaWeights.fill(Weights.export(train)), "formula");
            OnnxExporter.Report rep =
                    OnnxExporter.export(train, out, OnnxExporter.Options.defaults());
            assertTrue(rep.maxAbsDiff() <= OnnxExporter.TOLERANCE, rep.toString());
        }
        try (OnnxModel onnx = OnnxModel.load(out, 0)) {
            float[] got = onnx.logits(x, batch);
            assertEquals(want.length, got.length);
            // the same input in a direct buffer (as the loader hands batches out): the same logits
            ByteBuffer direct =
                    ByteBuffer.allocateDirect(x.length * Float.BYTES)
                            .order(ByteOrder.nativeOrder());
            direct.asFloatBuffer().put(x);
            assertArrayEquals(got, onnx.logits(direct.asFloatBuffer(), batch));
            double d = OnnxExporter.maxAbsDiff(want, got);
            System.err.printf(
                    "%s: max |logit diff| ONNX Runtime vs upstream deploy %.3e%n", fixture, d);
            return d;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "RepMLPNet-T224",
                "RepMLPNet-B224",
                "RepMLPNet-T256",
                "RepMLPNet-B256",
                "RepMLPNet-D256",
                "RepMLPNet-L256"
            })
    void oneUnitPerStageMatchesUpstream(String preset, @TempDir Path dir) throws IOException {
        RepMlpNetConfig c = oneUnitPerStage(RepMlpNetPresets.get(preset));
        double d = exportAndCompare(c, preset + "-units1.npy", 2, dir);
        assertTrue(d < TOL, preset + " max |diff| " + d);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "RepMLPNet-T224",
                "RepMLPNet-B224",
                "RepMLPNet-T256",
                "RepMLPNet-B256",
                "RepMLPNet-D256",
                "RepMLPNet-L256"
            })
    void fullDepthMatchesUpstream(String preset, @TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(
                Boolean.getBoolean("repmlp.onnx.full"), "full depths: -Drepmlp.onnx.full=true");
        double d = exportAndCompare(RepMlpNetPresets.get(preset), preset + "-full.npy", 1, dir);
        assertTrue(d < TOL, preset + " max |diff| " + d);
    }
}
