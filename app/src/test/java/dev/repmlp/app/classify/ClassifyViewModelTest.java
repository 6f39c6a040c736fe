package dev.repmlp.app.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.DirectJobRunner;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.data.ImageFiles;
import dev.repmlp.engine.infer.Classifier;
import dev.repmlp.engine.infer.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Classify page's view-model without the FX toolkit ({@link DirectJobRunner}): what it shows
 * for each image is what the engine's own {@link Classifier} computes for that file.
 */
class ClassifyViewModelTest {
    private static final Path DEMO = Assets.require(Assets.DEMO_MODEL);

    private final ClassifyViewModel viewModel = new ClassifyViewModel(new DirectJobRunner(), DEMO);

    @TempDir Path dir;

    @Test
    void theSamplesShowTheEnginesTop5() throws Exception {
        List<Path> samples =
                ImageFiles.expand(List.of(Assets.require("sample-images/fashion-mnist")))
                        .subList(0, 6);
        viewModel.loadDefaultModelIfNone();
        assertEquals("RepMLPNet-Demo", viewModel.getModelName());

        viewModel.classify(samples);

        assertFalse(viewModel.isBusy());
        assertEquals(6, viewModel.getResults().size());
        assertTrue(viewModel.getSummary().startsWith("6 images · "), viewModel.getSummary());
        try (Classifier engine = Classifier.load(DEMO)) {
            for (int i = 0; i < 6; i++) {
                ClassifiedImage row = viewModel.getResults().get(i);
                Prediction p = engine.classify(samples.get(i), 5);
                assertEquals(samples.get(i).getFileName().toString(), row.name());
                assertEquals(5, row.topK().size());
                for (int k = 0; k < 5; k++) {
                    assertEquals(p.topK().get(k).className(), row.topK().get(k).label());
                    assertEquals(
                            p.topK().get(k).probability(), row.topK().get(k).probability(), 1e-6);
                }
            }
        }
    }

    @Test
    void anUnreadableImageIsOneFailedRowAndTheOthersStay() throws Exception {
        Path fake = Files.writeString(dir.resolve("fake.png"), "not a png");
        Path boot = Assets.require("sample-images/fashion-mnist/ankle_boot-1.png");
        viewModel.loadDefaultModelIfNone();

        viewModel.classify(List.of(boot, fake));

        assertEquals(2, viewModel.getResults().size());
        assertTrue(viewModel.getResults().get(0).ok());
        assertFalse(viewModel.getResults().get(1).ok());
        assertTrue(viewModel.getResults().get(1).error().contains("fake.png"));
        assertTrue(viewModel.getSummary().contains("1 could not be read"), viewModel.getSummary());
        assertEquals("", viewModel.getError());
    }

    @Test
    void aBrokenWeightsFileKeepsTheLoadedModelAndSaysWhy() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.pth"), "not a checkpoint");
        viewModel.loadDefaultModelIfNone();

        viewModel.loadModel(broken);

        assertTrue(viewModel.getError().startsWith("Could not load broken.pth: "));
        assertEquals("RepMLPNet-Demo", viewModel.getModelName());
        assertTrue(viewModel.isModelLoaded());
    }

    @Test
    void photosThroughTheFashionMnistDemoModelAreCalledOutAndItsOwnSamplesAreNot() {
        Path boot = Assets.require("sample-images/fashion-mnist/ankle_boot-1.png");
        Path astronaut = Assets.require("sample-images/photos/astronaut-eileen-collins.jpg");
        Path cat = Assets.require("sample-images/photos/cat-chelsea.jpg");
        viewModel.loadDefaultModelIfNone();

        viewModel.classify(List.of(boot));
        assertEquals("", viewModel.noticeProperty().get());

        viewModel.classify(List.of(boot, astronaut, cat));
        String notice = viewModel.noticeProperty().get();
        assertTrue(notice.startsWith("2 of 3 images are natural photos"), notice);
        assertTrue(notice.contains("Fashion-MNIST"), notice);
        // the rows are still there: the warning explains them, it does not hide them
        assertEquals(3, viewModel.getResults().size());

        viewModel.classify(List.of(boot));
        assertEquals("", viewModel.noticeProperty().get());
    }
}
