package dev.repmlp.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.concurrent.DirectJobRunner;
import dev.repmlp.app.tracking.RunsFolder;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Train page's form and Resume without the FX toolkit: jobs (the dataset scan, the runs
 * listing) run on the test thread through a {@link DirectJobRunner}. No training is started here
 * ({@code TrainViewTest} does that through the GUI).
 */
class TrainViewModelTest {
    @TempDir Path tmp;

    private TrainViewModel viewModel(Path data) {
        return new TrainViewModel(
                new DirectJobRunner(),
                new RunsFolder(tmp.resolve("runs")),
                () -> Optional.of(data));
    }

    @Test
    void aThreeClassDatasetAgainstTheDemosTenClassesIsAProblemWithAFix() throws Exception {
        Path data = TrainingFixtures.tinyDataset(tmp.resolve("data"), 4, 2);
        TrainViewModel viewModel = viewModel(data);

        assertFalse(viewModel.dataset().isScanning());
        assertEquals(3, viewModel.dataset().getClassCount());
        assertEquals("10", viewModel.form().text(LaunchFields.NUM_CLASS).get());
        assertEquals(3, viewModel.numClassFixProperty().get());
        assertEquals(
                "The dataset has 3 classes but num_class is 10; set num_class to 3",
                viewModel.fieldErrors().get(LaunchFields.NUM_CLASS));
        assertFalse(viewModel.canStartBinding().get());

        viewModel.fixNumClass();

        assertEquals("3", viewModel.form().text(LaunchFields.NUM_CLASS).get());
        assertEquals(-1, viewModel.numClassFixProperty().get());
        assertFalse(viewModel.fieldErrors().containsKey(LaunchFields.NUM_CLASS));
    }

    @Test
    void aRunNameWithASlashIsRefusedAndTheDestinationFollowsTheName() throws Exception {
        Path data = TrainingFixtures.tinyDataset(tmp.resolve("data"), 4, 2);
        TrainViewModel viewModel = viewModel(data);

        viewModel.runNameProperty().set("a/b");
        assertTrue(
                viewModel.fieldErrors().get(TrainViewModel.RUN_NAME).startsWith("Run name: use"));
        assertFalse(viewModel.canStartBinding().get());

        viewModel.runNameProperty().set("first");
        assertFalse(viewModel.fieldErrors().containsKey(TrainViewModel.RUN_NAME));
        assertEquals(
                "Writes to " + tmp.resolve("runs").resolve("first").toAbsolutePath(),
                viewModel.destinationProperty().get());
    }

    @Test
    void resumeProposesTheStoppedRunOfTheRunsFolder() throws Exception {
        Path data = TrainingFixtures.tinyDataset(tmp.resolve("data"), 4, 2);
        Path stopped =
                TrainingFixtures.run(
                        tmp.resolve("runs").resolve("stopped"),
                        "RepMLPNet-Demo",
                        "cancelled",
                        5,
                        2);

        TrainViewModel viewModel = viewModel(data);

        assertEquals(stopped, viewModel.resumeTargetProperty().get());
        assertEquals("Resume continues " + stopped, viewModel.resumeTextProperty().get());
    }
}
