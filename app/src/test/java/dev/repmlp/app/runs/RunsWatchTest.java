package dev.repmlp.app.runs;

import static dev.repmlp.app.TrainingFixtures.await;
import static dev.repmlp.app.TrainingFixtures.fx;
import static dev.repmlp.app.TrainingFixtures.fxRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.charts.RunCurves;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunState;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.StepMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Runs page lists and follows a run that another writer (as {@code repmlp train} in a terminal)
 * creates in the runs folder, without Refresh: by file events and by polling alone.
 */
@ExtendWith(ApplicationExtension.class)
class RunsWatchTest {
    private static final int STEPS = 3;

    @TempDir Path tmp;

    private final ExecutorJobRunner jobs = ExecutorJobRunner.daemon();
    private Path runs;
    private RunsViewModel viewModel;
    private TableView<RunRow> table;

    @Start
    @SuppressWarnings("unchecked")
    void start(Stage stage) throws IOException {
        runs = Files.createDirectories(tmp.resolve("runs"));
        TrainingFixtures.run(runs.resolve("old-run"), "tiny", "completed", 2, 2);
        viewModel = new RunsViewModel(jobs, new RunsFolder(runs), Duration.ofMillis(200));
        RunsView view = new RunsView(viewModel, new TrainingFixtures.Answers());
        Scene scene = new Scene(view, MainWindow.WIDTH, MainWindow.HEIGHT);
        stage.setScene(scene);
        stage.show();
        table = (TableView<RunRow>) view.lookup("#runs-table");
    }

    @AfterEach
    void stop() throws Exception {
        fxRun(
                () -> {
                    viewModel.stopWatching();
                    viewModel.closeRun();
                });
        jobs.close();
    }

    @Test
    void aRunStartedInATerminalAppearsAndItsRowFollowsByFileEvents() throws Exception {
        // a long poll: only file events can make this test pass in time
        fxRun(() -> viewModel.watch(Duration.ofSeconds(60), true));
        listsAndFollowsACliRun();
    }

    @Test
    void pollingAloneFindsTheRunAsOnANetworkFilesystem() throws Exception {
        fxRun(() -> viewModel.watch(Duration.ofMillis(300), false));
        listsAndFollowsACliRun();
    }

    private void listsAndFollowsACliRun() throws Exception {
        await(10, () -> table.getItems().size() == 1);
        try (RunDirectory run = RunDirectory.open(runs.resolve("cli-run"))) {
            ObjectNode config = RunDirectory.object();
            config.put("format", "repmlp-workbench-run/1");
            ObjectNode training = config.putObject("training");
            training.putObject("model").put("name", "RepMLPNet-Demo");
            training.put("epochs", 3);
            config.put("dataset", "/data/fashion");
            config.putArray("classes").add("a").add("b");
            run.writeConfig(config);
            run.writeState(new RunState(RunStatus.RUNNING, 0, 3, Double.NaN));
            epoch(run, 0);

            // listed without Refresh, up to date with the epoch written after it appeared
            await(10, () -> table.getItems().size() == 2 && row("cli-run") != null);
            run.writeState(new RunState(RunStatus.RUNNING, 1, 3, 61.0));
            await(10, () -> "1/3".equals(row("cli-run").epochsText()));
            assertEquals("running", fx(() -> row("cli-run").state()));

            // a row that is not opened keeps up: the second epoch shows by itself
            epoch(run, 1);
            run.writeState(new RunState(RunStatus.RUNNING, 2, 3, 62.0));
            await(10, () -> "2/3".equals(row("cli-run").epochsText()));
            assertEquals("62.00", fx(() -> row("cli-run").bestText()));

            // opened, it is followed live through the last epoch to completion
            fxRun(() -> viewModel.open(row("cli-run")));
            RunCurves curves = viewModel.openedCurves();
            await(10, () -> curves.valTop1().size() == 2);
            epoch(run, 2);
            run.writeState(new RunState(RunStatus.COMPLETED, 3, 3, 63.0));
            await(10, () -> curves.valTop1().size() == 3);
            await(10, () -> "completed".equals(row("cli-run").state()));
            assertEquals("3/3", fx(() -> row("cli-run").epochsText()));
            assertTrue(
                    fx(() -> table.getItems().stream().anyMatch(r -> r.name().equals("old-run"))));
        }
    }

    private static void epoch(RunDirectory run, int e) throws IOException {
        for (int s = 0; s < STEPS; s++) {
            run.step(new StepMetrics(e, s, STEPS, 2.0 / (1 + e * STEPS + s), 1e-3, 50, s + 1));
        }
        run.epoch(new EpochMetrics(e, 1.0, 40 + e, 0.9, 61 + e, 100, 1.5), Double.NaN);
    }

    private RunRow row(String name) {
        return table.getItems().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElse(null);
    }
}
