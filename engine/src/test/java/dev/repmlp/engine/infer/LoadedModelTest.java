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
}
