package dev.repmlp.engine.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.Assets;
import dev.repmlp.engine.checkpoint.Structure;
import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.data.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The bundled demo model classifies the held-out sample images, in both structures. */
class LoadedModelTest {

    @Test
    void bundledDemoModelClassifiesHeldOutSamples() throws IOException {
        Path weights = Assets.require(Assets.DEMO_MODEL);
        // class index = ImageFolder order (sorted folder names), as recorded with the model
        List<String> classes = new java.util.ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Assets.require(Assets.DEMO_MODEL_INFO).toFile())
                .get("classes")
                .forEach(c -> classes.add(c.asText()));
        List<Path> samples;
        try (Stream<Path> s = Files.list(Assets.require("sample-images/fashion-mnist"))) {
            samples = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(20, samples.size());
        try (LoadedModel train = LoadedModel.load(weights, null);
                LoadedModel deploy = train.deployTwin()) {
            assertEquals(Structure.TRAIN, train.structure());
            assertEquals("RepMLPNet-Demo", train.config().name());
            int r = train.config().imageSize();
            int per = 3 * r * r;
            float[] batch = new float[samples.size() * per];
            for (int i = 0; i < samples.size(); i++) {
                float[] t = Preprocess.eval(RgbImage.read(samples.get(i)), r);
                System.arraycopy(t, 0, batch, i * per, per);
            }
            float[] a = train.logits(batch, samples.size());
            float[] b = deploy.logits(batch, samples.size());
            int n = classes.size();
            int correct = 0;
            for (int i = 0; i < samples.size(); i++) {
                String file = samples.get(i).getFileName().toString();
                String truth = file.substring(0, file.lastIndexOf('-'));
                int top = Scores.of(a, i * n, n).topK(1)[0];
                assertEquals(top, Scores.of(b, i * n, n).topK(1)[0], file);
                if (classes.get(top).equals(truth)) {
                    correct++;
                }
            }
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5);
            }
            // the model has 85% val top-1; 20 held-out images should mostly be right
            assertTrue(correct >= 14, correct + "/20 correct");
        }
    }

    @org.junit.jupiter.api.io.TempDir Path tmp;

    @Test
    void customArchitectureIsReadFromTheRunNextToTheWeights() throws IOException {
        dev.repmlp.engine.model.RepMlpNetConfig custom =
                dev.repmlp.engine.model.RepMlpNetConfig.parseJson(
                        "{\"name\": \"mine\", \"num_class\": 3, \"num_blocks\": [1, 1],"
                                + " \"channels\": [8, 16], \"hs\": [2, 2], \"ws\": [2, 2],"
                                + " \"sharesets_nums\": [2, 4], \"reparam_conv_k\": [1, 3],"
                                + " \"image_size\": 16}");
        Path run = Files.createDirectories(tmp.resolve("run/checkpoints"));
        Files.writeString(
                tmp.resolve("run/config.json"),
                "{\"training\": {\"model\": " + custom.toJson() + "}}");
        Path weights = run.resolve("w.pth");
        dev.repmlp.engine.model.RepMlpNet net =
                new dev.repmlp.engine.model.RepMlpNet(custom, false);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            net.initialize(m);
            dev.repmlp.engine.checkpoint.Weights.save(net, weights);
        }
        try (LoadedModel lm = LoadedModel.load(weights, null)) {
            assertEquals(custom, lm.config());
        }
    }
}
