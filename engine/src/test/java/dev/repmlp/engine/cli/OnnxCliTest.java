package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repmlp export} and the .onnx routes of logits, test, info and bench, end to end. */
class OnnxCliTest {

    @TempDir Path tmp;

    private Path config() throws IOException {
        Path c = tmp.resolve("tiny.json");
        Files.writeString(
                c,
                "{\"name\": \"tiny\", \"num_class\": 3, \"num_blocks\": [1, 1], \"channels\": [8,"
                        + " 16], \"hs\": [2, 2], \"ws\": [4, 2], \"sharesets_nums\": [2, 4],"
                        + " \"reparam_conv_k\": [1, 3, 5], \"image_size\": 16}");
        return c;
    }

    private Path trainWeights(Path cfg) throws IOException {
        Path w = tmp.resolve("train.pth");
        RepMlpNet net = new RepMlpNet(RepMlpNetConfig.readJson(cfg), false);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m);
            NetState.randomizeBatchNorms(net, 3, m.randomNormal(new Shape(2, 3, 16, 16)));
            Weights.save(net, w);
        }
        return w;
    }

    private long leftovers() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void exportedFileGivesTheDeployLogitsAndDescribesItself() throws IOException {
        Path cfg = config();
        Path train = trainWeights(cfg);
        Path onnx = tmp.resolve("tiny.onnx");
        CliTest.Outcome e =
                CliTest.run(
                        "export", train.toString(), onnx.toString(), "--config", cfg.toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().contains("locality injection"), e.out());
        assertTrue(e.out().contains("verified: ONNX Runtime vs DJL deploy model"), e.out());
        assertTrue(Files.size(onnx) > 0);

        float[] x = new float[3 * 3 * 16 * 16];
        Random r = new Random(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        Path in = tmp.resolve("x.npy");
        Npy.write(in, HostTensor.ofFloats(new long[] {3, 3, 16, 16}, x));
        Path yTrain = tmp.resolve("y_train.npy");
        Path yOnnx = tmp.resolve("y_onnx.npy");
        CliTest.Outcome lt =
                CliTest.run(
                        "logits",
                        "--config",
                        cfg.toString(),
                        "--weights",
                        train.toString(),
                        "--mode",
                        "train",
                        "--input",
                        in.toString(),
                        "--out",
                        yTrain.toString());
        assertEquals(0, lt.exit(), lt.err());
        CliTest.Outcome lo =
                CliTest.run(
                        "logits",
                        "--weights",
                        onnx.toString(),
                        "--input",
                        in.toString(),
                        "--out",
                        yOnnx.toString());
        assertEquals(0, lo.exit(), lo.err());
        assertTrue(lo.out().contains("ONNX Runtime"), lo.out());
        float[] a = Npy.read(yTrain).toFloatArray();
        float[] b = Npy.read(yOnnx).toFloatArray();
        assertEquals(9, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-4, "logit " + i);
        }

        CliTest.Outcome info = CliTest.run("info", onnx.toString());
        assertEquals(0, info.exit(), info.err());
        assertTrue(info.out().contains("input [N, 3, 16, 16]"), info.out());
        assertTrue(info.out().contains("repmlp.preset = tiny"), info.out());
        assertTrue(info.out().contains("deploy report: tiny at 16x16"), info.out());
    }

    @Test
    void fixedBatchAndDeployWeightsExportAndTestRunsTheFile() throws IOException {
        Path cfg = config();
        Path train = trainWeights(cfg);
        Path deploy = tmp.resolve("deploy.safetensors");
        assertEquals(
                0,
                CliTest.run(
                                "convert",
                                train.toString(),
                                deploy.toString(),
                                "--config",
                                cfg.toString())
                        .exit());
        Path onnx = tmp.resolve("fixed.onnx");
        CliTest.Outcome e =
                CliTest.run(
                        "export",
                        deploy.toString(),
                        onnx.toString(),
                        "--config",
                        cfg.toString(),
                        "--batch",
                        "4",
                        "--opset",
                        "13");
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().contains("fixed 4-image batch"), e.out());

        Path data = tmp.resolve("data");
        Random r = new Random(1);
        for (String cls : new String[] {"a", "b", "c"}) {
            Path d = Files.createDirectories(data.resolve("val").resolve(cls));
            for (int i = 0; i < 3; i++) {
                BufferedImage img = new BufferedImage(20, 24, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 24; y++) {
                    for (int xx = 0; xx < 20; xx++) {
                        img.setRGB(xx, y, r.nextInt(1 << 24));
                    }
                }
                ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
            }
        }
        // same accuracy and loss through ONNX Runtime (fixed batch 4, 9 images) and DJL
        CliTest.Outcome viaOnnx =
                CliTest.run("test", data.toString(), "deploy", onnx.toString(), "-b", "4");
        assertEquals(0, viaOnnx.exit(), viaOnnx.err());
        CliTest.Outcome viaDjl =
                CliTest.run(
                        "test",
                        data.toString(),
                        "deploy",
                        deploy.toString(),
                        "--config",
                        cfg.toString(),
                        "-b",
                        "4");
        assertEquals(0, viaDjl.exit(), viaDjl.err());
        assertEquals(summary(viaDjl.out()), summary(viaOnnx.out()));
        assertTrue(viaOnnx.out().contains("(9 images, 0 unreadable skipped"), viaOnnx.out());

        CliTest.Outcome trainMode = CliTest.run("test", data.toString(), "train", onnx.toString());
        assertEquals(2, trainMode.exit());
        assertTrue(trainMode.err().contains("MODE deploy"), trainMode.err());
    }

    private static String summary(String out) {
        return out.lines()
                .filter(l -> l.startsWith(" * Acc@1"))
                .map(l -> l.substring(0, l.indexOf("Loss") + 11))
                .findFirst()
                .orElse(out);
    }

    @Test
    void badInputsGiveOneLineAndLeaveNoFile() throws IOException {
        Path cfg = config();
        Path train = trainWeights(cfg);
        Path out = tmp.resolve("x.onnx");

        CliTest.Outcome opset =
                CliTest.run(
                        "export",
                        train.toString(),
                        out.toString(),
                        "--config",
                        cfg.toString(),
                        "--opset",
                        "11");
        assertEquals(2, opset.exit());
        assertEquals(1, opset.err().lines().count(), opset.err());
        assertTrue(opset.err().contains("opset 11 is not supported: choose 13 to 21"), opset.err());

        CliTest.Outcome batch =
                CliTest.run(
                        "export",
                        train.toString(),
                        out.toString(),
                        "--config",
                        cfg.toString(),
                        "--batch",
                        "zero");
        assertEquals(2, batch.exit());
        assertTrue(batch.err().contains("--batch zero is not valid"), batch.err());

        CliTest.Outcome dir =
                CliTest.run(
                        "export",
                        train.toString(),
                        tmp.resolve("no/such/dir/x.onnx").toString(),
                        "--config",
                        cfg.toString());
        assertEquals(2, dir.exit());
        assertEquals(1, dir.err().lines().count(), dir.err());
        assertTrue(dir.err().contains("folder does not exist"), dir.err());

        CliTest.Outcome arch =
                CliTest.run("export", train.toString(), out.toString(), "-a", "RepMLPNet-T224");
        assertEquals(2, arch.exit());
        assertTrue(arch.err().startsWith("error: "), arch.err());

        CliTest.Outcome none = CliTest.run("export", train.toString(), out.toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("-a NAME"), none.err());

        // weights that diverged (a NaN) cannot verify: exit 1, nothing written
        StateDict sd = Weights.read(train);
        float[] bias = sd.get("head.bias").toFloatArray();
        bias[1] = Float.NaN;
        sd.put("head.bias", HostTensor.ofFloats(new long[] {3}, bias));
        Path nan = tmp.resolve("nan.pth");
        Weights.write(nan, sd);
        CliTest.Outcome failed =
                CliTest.run("export", nan.toString(), out.toString(), "--config", cfg.toString());
        assertEquals(1, failed.exit(), failed.out() + failed.err());
        assertTrue(failed.err().contains("failed verification"), failed.err());

        assertFalse(Files.exists(out));
        assertEquals(0, leftovers());
    }

    @Test
    void infoReportsCostsAndWithMeasureEveryRuntime() throws IOException {
        CliTest.Outcome o =
                CliTest.run(
                        "info",
                        "--config",
                        config().toString(),
                        "--measure",
                        "--warmup",
                        "0",
                        "--iters",
                        "1",
                        "--threads",
                        "1");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("deploy report: tiny at 16x16"), o.out());
        for (String mode :
                new String[] {"infer-train", "infer-deploy", "infer-deploy-fused", "infer-onnx"}) {
            assertTrue(
                    o.out()
                            .lines()
                            .anyMatch(l -> l.contains("(" + mode + ")") && l.contains("ms/img")),
                    o.out());
        }
        CliTest.Outcome none = CliTest.run("info");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("-a or --config"), none.err());
    }

    @Test
    void benchRunsTheOnnxModel() throws IOException {
        CliTest.Outcome o =
                CliTest.run(
                        "bench",
                        "--config",
                        config().toString(),
                        "--mode",
                        "infer-onnx",
                        "-b",
                        "2",
                        "--warmup",
                        "1",
                        "--iters",
                        "2",
                        "--threads",
                        "1",
                        "--json");
        assertEquals(0, o.exit(), o.err());
        JsonNode j = new ObjectMapper().readTree(o.out().trim());
        assertEquals("infer-onnx", j.get("mode").asText());
        assertTrue(j.get("max_abs_diff_to_reference").asDouble() < 1e-4, j.toString());
        assertTrue(j.get("median_s").asDouble() > 0);
    }
}
