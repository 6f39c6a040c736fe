package dev.repmlp.engine.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.Assets;
import dev.repmlp.engine.data.ImageFiles;
import dev.repmlp.engine.data.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled demo model through {@link Classifier}, as the classify page uses it. */
class ClassifierTest {
    private static Classifier classifier;

    @BeforeAll
    static void load() throws IOException {
        classifier = Classifier.load(Assets.require(Assets.DEMO_MODEL));
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void mostHeldOutSamplesGetTheirFileNamesClass() throws IOException {
        List<Path> samples =
                ImageFiles.expand(List.of(Assets.require("sample-images/fashion-mnist")));
        assertEquals(20, samples.size());
        int correct = 0;
        for (Path p : samples) {
            Prediction pr = classifier.classify(p, 5);
            assertTrue(pr.ok(), pr.error());
            String file = p.getFileName().toString();
            if (pr.top1()
                    .orElseThrow()
                    .className()
                    .equals(file.substring(0, file.lastIndexOf('-')))) {
                correct++;
            }
        }
        assertTrue(correct >= 14, correct + "/20 correct");
    }

    @Test
    void topKIsSortedWithProbabilitiesAndTime() {
        Prediction p =
                classifier.classify(Assets.require("sample-images/fashion-mnist/sneaker-1.png"), 5);

        assertEquals("sneaker-1.png", p.name());
        assertEquals(5, p.topK().size());
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            Scored s = p.topK().get(i);
            sum += s.probability();
            assertEquals(classifier.names().name(s.label()), s.className());
            if (i > 0) {
                assertTrue(s.probability() <= p.topK().get(i - 1).probability());
            }
        }
        assertTrue(sum > 0.5 && sum <= 1 + 1e-9, "sum " + sum);
        assertTrue(p.nanos() > 0);
    }

    @Test
    void inputIsTheCropTheNetworkSees() {
        Prediction p =
                classifier.classify(Assets.require("sample-images/photos/cat-chelsea.jpg"), 3);

        assertEquals(32, p.input().width());
        assertEquals(32, p.input().height());
        assertEquals(3, p.topK().size());
    }

    @Test
    void textFileNamedPngIsAFailedPredictionNotAnException(@TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("notes.png"), "just text");

        Prediction p = classifier.classify(fake, 5);

        assertFalse(p.ok());
        assertTrue(p.error().contains("notes.png"), p.error());
        assertTrue(p.topK().isEmpty());
        assertNull(p.input());
    }

    @Test
    void imagesInMemoryAreClassifiedToo() throws IOException {
        RgbImage img = RgbImage.read(Assets.require("sample-images/fashion-mnist/trouser-1.png"));

        Prediction p = classifier.classify("pasted image", img, 1);

        assertEquals("pasted image", p.name());
        assertNull(p.path());
        assertEquals(1, p.topK().size());
    }

    @Test
    void corruptWeightsFailToLoadWithAMessage(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("broken.pth"), "not a checkpoint");

        IOException e = assertThrows(IOException.class, () -> Classifier.load(bad));
        assertTrue(e.getMessage().contains("broken.pth"), e.getMessage());
    }

    @Test
    void namesMustMatchTheModel() throws IOException {
        LoadedModel model = LoadedModel.load(Assets.require(Assets.DEMO_MODEL), null);
        try {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new Classifier(model, ClassNames.numbered(3)));
        } finally {
            model.close();
        }
    }
}
