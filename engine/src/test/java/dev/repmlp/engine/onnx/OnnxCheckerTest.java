package dev.repmlp.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported files pass the official ONNX checker (onnx.checker.check_model with full_check, i.e.
 * strict shape inference) of Debian's python3-onnx, run by engine/src/test/python/check_onnx.py. CI
 * installs python3-onnx (.ci/run); elsewhere the test is skipped when python3 cannot import onnx.
 */
class OnnxCheckerTest {

    private static final Path SCRIPT = Paths.get("src/test/python/check_onnx.py");

    private static String python;

    /** The first of -Drepmlp.python, python3 on the PATH, /usr/bin/python3 that imports onnx. */
    @BeforeAll
    static void needsPythonOnnx() throws Exception {
        List<String> candidates = new ArrayList<>();
        if (System.getProperty("repmlp.python") != null) {
            candidates.add(System.getProperty("repmlp.python"));
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String c : candidates) {
            if (run(List.of(c, "-c", "import onnx")).exit == 0) {
                python = c;
                return;
            }
        }
        Assumptions.abort("no python3 with onnx (Debian python3-onnx) among " + candidates);
    }

    private record Outcome(int exit, String output) {}

    private static Outcome run(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Outcome(-1, e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "checker timed out");
        return new Outcome(p.exitValue(), out);
    }

    private static Outcome check(Path... files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(python, SCRIPT.toString()));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        return run(cmd);
    }

    @Test
    void exportsPassTheOfficialChecker(@TempDir Path dir) throws Exception {
        RepMlpNetConfig config =
                RepMlpNetConfig.readJson(OnnxUpstreamParityTest.fixture("config.json"));
        List<Path> files = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(config, false);
            train.initialize(m);
            Weights.load(train, OnnxUpstreamParityTest.fixture("train.pth"));
            for (int opset : new int[] {13, 15, 17}) {
                for (int batch : new int[] {0, 3}) {
                    Path f = dir.resolve("tiny-" + opset + "-" + batch + ".onnx");
                    OnnxExporter.export(
                            train,
                            f,
                            new OnnxExporter.Options(
                                    opset, batch, List.of("a", "b", "c", "d", "e"), "train.pth"));
                    files.add(f);
                }
            }
        }
        // the demo preset too: windows covering the whole map (the released models' layout)
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet demo = new RepMlpNet(RepMlpNetPresets.DEMO, false);
            demo.initialize(m);
            Path f = dir.resolve("demo.onnx");
            OnnxExporter.export(demo, f, OnnxExporter.Options.defaults());
            files.add(f);
        }
        Outcome o = check(files.toArray(Path[]::new));
        System.err.print(o.output());
        assertEquals(0, o.exit(), o.output());
        assertEquals(files.size(), o.output().lines().filter(l -> l.startsWith("ok ")).count());
        assertTrue(o.output().contains("output logits ['N', 5]"), o.output());
        assertTrue(o.output().contains("output logits [3, 5]"), o.output());
    }

    @Test
    void theCheckerRejectsABrokenGraph(@TempDir Path dir) throws Exception {
        // a node reading a value nobody produces: proves the checker run here really checks
        OnnxGraph g = new OnnxGraph();
        g.node("Add", List.of(OnnxExporter.INPUT, "nowhere"), OnnxExporter.OUTPUT);
        ProtoMessage model =
                g.model(
                        "broken",
                        OnnxGraph.floatValue(OnnxExporter.INPUT, new Long[] {1L, 2L}, "N"),
                        OnnxGraph.floatValue(OnnxExporter.OUTPUT, new Long[] {1L, 2L}, "N"),
                        8,
                        17,
                        "test",
                        "",
                        Map.of());
        Path f = dir.resolve("broken.onnx");
        Files.write(f, model.toByteArray());
        Outcome o = check(f);
        assertEquals(1, o.exit(), o.output());
        assertTrue(o.output().startsWith("FAIL "), o.output());
    }
}
