package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled model scores the same in our pipeline as in upstream's test.py (its model code,
 * PIL/torchvision transforms, loss and accuracy bookkeeping) on the same files: the greyscale demo
 * val split, a CMYK JPEG set and a set of every decodable image kind. Expected values: {@code
 * make_pipeline_fixtures.py}, rerun whenever the bundled model changes.
 */
class UpstreamPipelineParityTest {

    static Path pipeline() {
        try {
            return Paths.get(
                            UpstreamPipelineParityTest.class
                                    .getResource("/pipeline/expected.json")
                                    .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grey_demo_val", "cmyk", "kinds"})
    void topOneTopFiveAndLossEqualUpstreamTestPy(String set) throws IOException {
        JsonNode want =
                new ObjectMapper()
                        .readTree(pipeline().resolve("expected.json").toFile())
                        .get("sets")
                        .get(set);
        Path data =
                set.equals("grey_demo_val")
                        ? Assets.require(Assets.DEMO_DATASET)
                        : pipeline().resolve(set);
        ImageFolder folder = ImageFolder.scan(data.resolve("val"));
        RepMlpNetConfig config = RepMlpNetPresets.get("RepMLPNet-Demo");
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(config, false);
            net.initialize(manager);
            Weights.load(net, Assets.require(Assets.DEMO_MODEL));
            EvalResult got =
                    Evaluator.evaluate(
                            net,
                            folder,
                            want.get("resolution").asInt(),
                            want.get("batch").asInt(),
                            manager,
                            null,
                            null);
            assertEquals(want.get("images").asInt(), got.images(), "images");
            assertEquals(0, got.skipped(), "unreadable");
            assertEquals(
                    want.get("top1").asDouble(),
                    got.top1(),
                    1e-5,
                    "top-1 % (upstream sums in float32)");
            assertEquals(want.get("top5").asDouble(), got.top5(), 1e-5, "top-5 %");
            assertEquals(want.get("loss").asDouble(), got.loss(), 1e-5, "loss");
        }
    }

    @org.junit.jupiter.api.Test
    void truncatedFilesAreSkippedAndCountedAsPilRefusesThem(
            @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path images = PilFidelityFixtures.images();
        Path cls = java.nio.file.Files.createDirectories(tmp.resolve("val/a"));
        for (String f : new String[] {"truncated_60pct.jpg", "truncated.png", "grey_28x28.png"}) {
            java.nio.file.Files.copy(images.resolve(f), cls.resolve(f));
        }
        CliTest.Outcome o =
                CliTest.run(
                        "test",
                        tmp.toString(),
                        "train",
                        Assets.require(Assets.DEMO_MODEL).toString(),
                        "-a",
                        "RepMLPNet-Demo");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("(1 images, 2 unreadable skipped"), o.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmyk"})
    void theTestCommandPrintsTheSameSummary(String set) throws IOException {
        JsonNode want =
                new ObjectMapper()
                        .readTree(pipeline().resolve("expected.json").toFile())
                        .get("sets")
                        .get(set);
        CliTest.Outcome o =
                CliTest.run(
                        "test",
                        pipeline().resolve(set).toString(),
                        "train",
                        Assets.require(Assets.DEMO_MODEL).toString(),
                        "-a",
                        "RepMLPNet-Demo");
        assertEquals(0, o.exit(), o.err());
        String out = o.out();
        String line =
                String.format(
                        Locale.ROOT,
                        " * Acc@1 %.3f Acc@5 %.3f Loss %.4f",
                        want.get("top1").asDouble(),
                        want.get("top5").asDouble(),
                        want.get("loss").asDouble());
        assertTrue(out.contains(line), "expected «" + line + "» in:\n" + out);
    }
}
