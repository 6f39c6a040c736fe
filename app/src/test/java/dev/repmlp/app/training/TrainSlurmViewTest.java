package dev.repmlp.app.training;

import static dev.repmlp.app.TrainingFixtures.await;
import static dev.repmlp.app.TrainingFixtures.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.app.tracking.RunsFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Train page's "Run on: Slurm" end to end with a fake sbatch (found through {@code
 * -Drepmlp.slurm.bin}, as the CLI finds it): the script preview follows the resource fields, and
 * Start submits and writes the run directory the Runs page lists.
 */
@ExtendWith(ApplicationExtension.class)
class TrainSlurmViewTest {
    @TempDir Path tmp;

    private final ExecutorJobRunner jobs = ExecutorJobRunner.daemon();
    private TrainViewModel viewModel;
    private Path runs;
    private Path bin;

    @Start
    void start(Stage stage) throws IOException {
        Path data = TrainingFixtures.tinyDataset(tmp.resolve("tiny"), 12, 4);
        bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Path sbatch = bin.resolve("sbatch");
        Files.writeString(sbatch, "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/args\"\necho 42\n");
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty("repmlp.slurm.bin", bin.toString());
        runs = tmp.resolve("runs");
        viewModel = new TrainViewModel(jobs, new RunsFolder(runs), () -> Optional.of(data));
        Scene scene =
                new Scene(
                        new TrainView(viewModel, new TrainingFixtures.Answers()),
                        MainWindow.WIDTH,
                        MainWindow.HEIGHT);
        scene.getStylesheets()
                .add(MainWindow.class.getResource(MainWindow.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        System.clearProperty("repmlp.slurm.bin");
        jobs.close();
    }

    @Test
    void startWithSlurmSubmitsTheScriptThePreviewShows(FxRobot robot) throws Exception {
        await(20, () -> !viewModel.dataset().isScanning());
        // the demo model has 10 classes, the tiny dataset 3: the form's own fix
        TrainingFixtures.fxRun(viewModel::fixNumClass);
        try {
            await(20, () -> viewModel.canStartBinding().get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("problems: " + fx(() -> List.copyOf(viewModel.problems())), e);
        }
        robot.clickOn("#train-run-slurm");
        robot.clickOn("#slurm-gpus").write("1");
        robot.clickOn("#slurm-time").write("0:30:00");
        TextArea script = robot.lookup("#slurm-script").queryAs(TextArea.class);
        try {
            await(20, () -> script.getText().contains("#SBATCH --gres=gpu:1"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("preview: " + fx(script::getText), e);
        }
        String preview = fx(script::getText);
        assertTrue(preview.contains("#SBATCH --time=0:30:00"), preview);
        assertTrue(preview.contains(runs.toString()), preview);

        robot.clickOn("#train-start");

        await(20, () -> Files.exists(bin.resolve("args")));
        Path dir;
        try (Stream<Path> s = Files.list(runs)) {
            dir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        await(20, () -> Files.exists(dir.resolve("slurm.json")));
        String submitted = Files.readString(dir.resolve("slurm.sh"));
        assertTrue(submitted.contains("#SBATCH --gres=gpu:1"), submitted);
        assertTrue(
                Files.readString(bin.resolve("args")).contains(dir.resolve("slurm.sh").toString()));
        assertTrue(Files.readString(dir.resolve("slurm.json")).contains("\"job\" : \"42\""));
        await(
                20,
                () ->
                        viewModel
                                .slurm()
                                .messageProperty()
                                .get()
                                .startsWith("Submitted Slurm job 42"));
        // nothing trains here
        assertFalse(viewModel.runningProperty().get());
        assertEquals(false, Files.exists(dir.resolve("config.json")));
    }
}
