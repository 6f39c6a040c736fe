package dev.repmlp.app.compare;

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
 * The Compare page's view-model without the FX toolkit ({@link DirectJobRunner}): the train-time
 * column is what the engine's {@link Classifier} computes for the file, and the deploy-time
 * structure agrees with it.
 */
class CompareViewModelTest {
    private static final Path DEMO = Assets.require(Assets.DEMO_MODEL);

    private final CompareViewModel viewModel = new CompareViewModel(new DirectJobRunner(), DEMO);

    @TempDir Path dir;

    @Test
    void trainAndDeployAgreeOnSamplesAndTrainIsTheEnginesPrediction() throws Exception {
        List<Path> samples =
                ImageFiles.expand(List.of(Assets.require("sample-images/fashion-mnist")))
                        .subList(0, 6);
        viewModel.loadDefaultModelIfNone();

        viewModel.compare(samples);

        assertFalse(viewModel.isBusy());
        assertEquals(6, viewModel.getResults().size());
        assertTrue(
                viewModel.summaryProperty().get().startsWith("6/6 top-1 agree, max |Δlogit| "),
                viewModel.summaryProperty().get());
        try (Classifier engine = Classifier.load(DEMO)) {
            for (int i = 0; i < 6; i++) {
                ComparedImage row = viewModel.getResults().get(i);
                Prediction p = engine.classify(samples.get(i), 5);
                assertTrue(row.ok(), row.error());
                assertEquals(p.topK().get(0).className(), row.train().get(0).label(), row.name());
                assertEquals(p.topK().get(0).probability(), row.train().get(0).probability(), 1e-6);
                assertEquals(row.train().get(0).label(), row.deploy().get(0).label());
                assertTrue(row.top1Agrees());
                assertTrue(Double.parseDouble(row.maxDiff()) < 1e-4, row.maxDiff());
            }
        }
    }

    @Test
    void anUnreadableImageIsCountedApart() throws Exception {
        Path fake = Files.writeString(dir.resolve("fake.png"), "not a png");
        Path boot = Assets.require("sample-images/fashion-mnist/ankle_boot-1.png");
        viewModel.loadDefaultModelIfNone();

        viewModel.compare(List.of(fake, boot));

        assertFalse(viewModel.getResults().get(0).ok());
        assertTrue(viewModel.getResults().get(0).error().contains("fake.png"));
        assertTrue(viewModel.getResults().get(1).ok());
        assertTrue(viewModel.summaryProperty().get().startsWith("1/1 top-1 agree"));
    }
}
