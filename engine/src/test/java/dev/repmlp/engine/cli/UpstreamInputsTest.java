package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.Assets;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What upstream accepts, we accept, with upstream's numbers: a config of only upstream's
 * constructor arguments (windows smaller than the maps, no image size), a training checkpoint in
 * upstream's save_checkpoint layout (a yacs CfgNode beside the model), a state dict without
 * num_batches_tracked. Files and logits from upstream's own code ({@code
 * make_checkpoint_variant_fixtures.py}).
 */
class UpstreamInputsTest {
    @TempDir Path tmp;

    static Path fixture(String name) {
        try {
            return Paths.get(UpstreamInputsTest.class.getResource("/checkpoints/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aConfigOfUpstreamArgumentsRunsAtTheInputsSize() throws IOException {
        RepMlpNetConfig c = RepMlpNetConfig.readJson(fixture("config.json"));
        // maps R/4 and R/8 must be divided by 4x8 and 2x4: R a multiple of 32 (worked by hand)
        assertEquals(32, c.imageSize());
        assertEquals(List.of(), c.problems());
        assertEquals(List.of(), c.problemsAt(64, "the input"));
        List<String> at48 = c.problemsAt(48, "-r 48");
        assertEquals(2, at48.size(), at48.toString());
        assertTrue(at48.get(0).contains("12x12 at -r 48"), at48.get(0));
    }

    @Test
    void sizesThatAreNoMultipleOfThePatchRunAsUpstreamsConvsRoundDown() throws IOException {
        RepMlpNetConfig c = RepMlpNetConfig.readJson(fixture("config.json"));
        // 66 / 4 = 16 (floor), 16 / 2 = 8: both divided by the windows
        assertEquals(List.of(), c.problemsAt(66, "-r 66"));
        assertEquals(List.of(), c.problemsAt(64, 67, "the input"));
    }

    @Test
    void jsonIsReadStrictlyWithPlainMessages() throws IOException {
        Path f = tmp.resolve("c.json");
        String good = Files.readString(fixture("config.json")).strip();
        Files.writeString(f, "{\"model\": " + good + ", \"classes\": [\"a\"]}");
        assertEquals(32, RepMlpNetConfig.readJson(f).imageSize(), "a model entry is the model");
        Files.writeString(f, good.replace("\"num_class\": 10", "\"num_class\": \"10\""));
        IOException e = assertThrows(IOException.class, () -> RepMlpNetConfig.readJson(f));
        assertTrue(
                e.getMessage().contains("\"num_class\" has a value of the wrong type"),
                e.getMessage());
        Files.writeString(f, good.replace("4}", "4,}"));
        e = assertThrows(IOException.class, () -> RepMlpNetConfig.readJson(f));
        assertTrue(e.getMessage().contains("(line 1, column"), e.getMessage());
        Files.writeString(f, good + " {}");
        assertThrows(IOException.class, () -> RepMlpNetConfig.readJson(f), "trailing content");
        Files.writeString(f, good.replace("\"hs\"", "\"hz\""));
        e = assertThrows(IOException.class, () -> RepMlpNetConfig.readJson(f));
        assertTrue(e.getMessage().contains("unknown argument \"hz\""), e.getMessage());
        assertFalse(e.getMessage().contains("dev.repmlp"), e.getMessage());
    }

    @Test
    void testFailsWhenTheLogitsAreNan() throws IOException {
        StateDict sd = Weights.read(fixture("plain.pth"));
        String key = "conv_embedding.bn.weight";
        HostTensor w = sd.get(key);
        float[] v = w.toFloatArray();
        v[0] = Float.NaN;
        sd.put(key, HostTensor.ofFloats(w.shape(), v));
        Path bad = tmp.resolve("nan.pth");
        Weights.write(bad, sd);
        Path cls = Files.createDirectories(tmp.resolve("ds/val/a"));
        Files.copy(PilFidelityFixtures.images().resolve("rgb_97x64.png"), cls.resolve("x.png"));
        CliTest.Outcome o =
                CliTest.run(
                        "test",
                        tmp.resolve("ds").toString(),
                        "train",
                        bad.toString(),
                        "--config",
                        fixture("config.json").toString(),
                        "-r",
                        "64");
        assertEquals(1, o.exit(), o.out());
        assertTrue(o.out().contains("Acc@1 0.000"), "NaN is never correct: " + o.out());
        assertTrue(o.err().contains("1 of 1 images gave NaN or infinite logits"), o.err());
    }

    @Test
    void upstreamsOtherConstructorArgumentsAreAccepted() throws IOException {
        Path f = tmp.resolve("c.json");
        Files.writeString(
                f,
                Files.readString(fixture("config.json"))
                        .replace("}", ", \"use_checkpoint\": true, \"deploy\": false}"));
        assertEquals(32, RepMlpNetConfig.readJson(f).imageSize());
    }

    @Test
    void releasedPresetsSmallestResolutionIsTheirOwn() {
        for (RepMlpNetConfig c : RepMlpNetPresets.all().values()) {
            assertEquals(c.imageSize(), c.smallestResolution(), c.name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.pth", "no_counters.pth", "training_ckpt.pth"})
    void logitsEqualUpstreams(String weights) throws IOException {
        Path y = tmp.resolve("y.npy");
        CliTest.Outcome o =
                CliTest.run(
                        "logits",
                        "--config",
                        fixture("config.json").toString(),
                        "--weights",
                        fixture(weights).toString(),
                        "--mode",
                        "train",
                        "--input",
                        fixture("input.npy").toString(),
                        "--out",
                        y.toString());
        assertEquals(0, o.exit(), o.err() + o.out());
        float[] want = Npy.read(fixture("logits.npy")).toFloatArray();
        float[] got = Npy.read(y).toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5, "logit " + i);
        }
        if (weights.equals("training_ckpt.pth")) {
            assertTrue(o.out().contains("['model'] entry of a training checkpoint"), o.out());
            assertTrue(o.out().contains("config"), o.out());
        }
        if (weights.equals("no_counters.pth")) {
            assertTrue(o.out().contains("no BatchNorm num_batches_tracked"), o.out());
        }
    }

    @Test
    void convertNeedsNoImageSizeAndItsOutputMatchesUpstream() throws IOException {
        Path deploy = tmp.resolve("deploy.pth");
        CliTest.Outcome o =
                CliTest.run(
                        "convert",
                        fixture("training_ckpt.pth").toString(),
                        deploy.toString(),
                        "--config",
                        fixture("config.json").toString());
        assertEquals(0, o.exit(), o.err() + o.out());
        Path y = tmp.resolve("y.npy");
        o =
                CliTest.run(
                        "logits",
                        "--config",
                        fixture("config.json").toString(),
                        "--weights",
                        deploy.toString(),
                        "--mode",
                        "deploy",
                        "--input",
                        fixture("input.npy").toString(),
                        "--out",
                        y.toString());
        assertEquals(0, o.exit(), o.err() + o.out());
        float[] want = Npy.read(fixture("logits.npy")).toFloatArray();
        float[] got = Npy.read(y).toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5, "logit " + i);
        }
    }

    @Test
    void convertFailsOnANanSelfCheckAndWritesNothing() throws IOException {
        StateDict sd = Weights.read(fixture("plain.pth"));
        String key = "stages.0.0.repmlp_block.fc3.weight";
        HostTensor w = sd.get(key);
        float[] v = w.toFloatArray();
        v[0] = Float.NaN;
        sd.put(key, HostTensor.ofFloats(w.shape(), v));
        Path bad = tmp.resolve("nan.pth");
        Weights.write(bad, sd);
        Path out = tmp.resolve("out.pth");
        CliTest.Outcome o =
                CliTest.run(
                        "convert",
                        bad.toString(),
                        out.toString(),
                        "--config",
                        fixture("config.json").toString());
        assertEquals(1, o.exit(), o.out());
        assertTrue(o.err().contains("self-check failed (max |logit difference| NaN"), o.err());
        assertFalse(Files.exists(out), "no file presented as good");
    }

    @Test
    void theDemoModelWithoutCountersIsStillTheDemoPreset() throws IOException {
        StateDict sd = Weights.read(Assets.require(Assets.DEMO_MODEL));
        for (String k : sd.keys()) {
            if (k.endsWith("num_batches_tracked")) {
                sd.remove(k);
            }
        }
        Path f = tmp.resolve("demo.pth");
        Weights.write(f, sd);
        CliTest.Outcome o = CliTest.run("info", f.toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("preset:      RepMLPNet-Demo"), o.out());
        assertTrue(
                Arrays.stream(o.out().split("\n")).anyMatch(l -> l.startsWith("note:")), o.out());
    }
}
