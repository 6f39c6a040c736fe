package dev.repmlp.app.runs;

import static dev.repmlp.app.TrainingFixtures.await;
import static dev.repmlp.app.TrainingFixtures.fx;
import static dev.repmlp.app.TrainingFixtures.fxRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.charts.CurveChart;
import dev.repmlp.app.charts.RunCurves;
import dev.repmlp.app.charts.XY;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.app.tracking.RunsFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Runs page on run directories written by hand, as the engine writes them. */
@ExtendWith(ApplicationExtension.class)
class RunsViewTest {
    @TempDir Path tmp;

    private final ExecutorJobRunner jobs = ExecutorJobRunner.daemon();
    private final TrainingFixtures.Answers dialogs = new TrainingFixtures.Answers();
    private Path runs;
    private RunsViewModel viewModel;
    private TableView<RunRow> table;

    @Start
    @SuppressWarnings("unchecked")
    void start(Stage stage) throws IOException {
        runs = tmp.resolve("runs");
        Path done = TrainingFixtures.run(runs.resolve("run-done"), "tiny", "completed", 3, 3);
        Path stopped =
                TrainingFixtures.run(
                        runs.resolve("run-stopped"), "RepMLPNet-Demo", "cancelled", 5, 2);
        touch(done, "2024-01-02T00:00:00Z");
        touch(stopped, "2024-01-01T00:00:00Z");
        viewModel = new RunsViewModel(jobs, new RunsFolder(runs), Duration.ofMillis(200));
        RunsView view = new RunsView(viewModel, dialogs);
        Scene scene = new Scene(view, MainWindow.WIDTH, MainWindow.HEIGHT);
        scene.getStylesheets()
                .add(MainWindow.class.getResource(MainWindow.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
        table = (TableView<RunRow>) view.lookup("#runs-table");
    }

    /** A run's "updated" time is the newest of these three files, so all three are dated. */
    private static void touch(Path run, String instant) throws IOException {
        for (String file : new String[] {"config.json", "metrics.jsonl", "state.json"}) {
            Path p = run.resolve(file);
            if (Files.exists(p)) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.parse(instant)));
            }
        }
    }

    @AfterEach
    void stopJobs() throws Exception {
        fxRun(
                () -> {
                    viewModel.stopWatching();
                    viewModel.closeRun();
                });
        jobs.close();
    }

    @Test
    void listsTheRunsNewestFirstWithTheirSummary() throws Exception {
        await(10, () -> table.getItems().size() == 2);

        RunRow first = table.getItems().get(0);
        assertEquals("run-done", first.name());
        assertEquals("tiny", first.preset());
        assertEquals("tiny", first.dataset());
        assertEquals("53.00", first.bestText());
        assertEquals("3/3", first.epochsText());
        assertEquals("completed", first.state());
        RunRow second = table.getItems().get(1);
        assertEquals("2/5", second.epochsText());
        assertEquals("cancelled", second.state());
    }

    @Test
    void openingARunShowsItsEpochAndStepPoints(FxRobot robot) throws Exception {
        await(10, () -> table.getItems().size() == 2);
        fxRun(() -> table.getSelectionModel().select(0));

        robot.clickOn("#runs-open");

        CurveChart accuracy = robot.lookup("#chart-accuracy").queryAs(CurveChart.class);
        CurveChart loss = robot.lookup("#chart-loss").queryAs(CurveChart.class);
        await(10, () -> accuracy.itemCount(RunCurves.VAL_TOP1) == 3);
        assertEquals(3, fx(() -> accuracy.itemCount(RunCurves.VAL_TOP5)));
        assertEquals(12, fx(() -> loss.itemCount(RunCurves.LOSS)));
        String title = robot.lookup("#run-opened").queryAs(Label.class).getText();
        assertTrue(title.startsWith("run-done \u00b7 tiny on tiny \u00b7 epoch 3/3"), title);
        assertFalse(viewModel.followingProperty().get());
    }

    @Test
    void followingARunPicksUpWhatAnotherWriterAppends(FxRobot robot) throws Exception {
        Path live = TrainingFixtures.run(runs.resolve("run-live"), "tiny", "running", 4, 1);
        robot.clickOn("#runs-refresh");
        await(10, () -> table.getItems().size() == 3);
        fxRun(() -> table.getSelectionModel().select(0));
        assertEquals("run-live", fx(() -> table.getSelectionModel().getSelectedItem().name()));
        robot.clickOn("#runs-open");
        RunCurves curves = viewModel.openedCurves();
        await(10, () -> curves.valTop1().size() == 1 && curves.loss().size() == 4);
        assertTrue(viewModel.followingProperty().get());

        // another process appends epoch 2 and half of the next step line
        TrainingFixtures.appendEpoch(live, 1, 4);
        String next = TrainingFixtures.step(2, 0, 4, 0.1);
        TrainingFixtures.append(live, next.substring(0, 25));

        await(10, () -> curves.valTop1().size() == 2 && curves.loss().size() == 8);
        CurveChart accuracy = robot.lookup("#chart-accuracy").queryAs(CurveChart.class);
        await(5, () -> accuracy.itemCount(RunCurves.VAL_TOP1) == 2);

        TrainingFixtures.append(live, next.substring(25));
        TrainingFixtures.state(live, "completed", 4, 4, 52.0);

        await(10, () -> !viewModel.followingProperty().get());
        assertEquals(9, fx(() -> curves.loss().size()));
        assertEquals("completed", fx(() -> viewModel.openedProperty().get().state()));
        assertEquals("completed", fx(() -> table.getItems().get(0).state()));
    }

    @Test
    void aFollowedRunThatResumesDropsTheStepsItWritesAgain(FxRobot robot) throws Exception {
        Path live = TrainingFixtures.run(runs.resolve("run-live"), "tiny", "running", 4, 1);
        robot.clickOn("#runs-refresh");
        await(10, () -> table.getItems().size() == 3);
        fxRun(() -> table.getSelectionModel().select(0));
        robot.clickOn("#runs-open");
        RunCurves curves = viewModel.openedCurves();
        await(10, () -> curves.valTop1().size() == 1 && curves.loss().size() == 4);

        // the writer was killed and resumed from a checkpoint after step 1 of epoch 0
        TrainingFixtures.append(live, "{\"type\":\"resume\",\"epoch\":0,\"step\":2}\n");
        await(10, () -> curves.loss().size() == 2);
        assertEquals(0, fx(() -> curves.valTop1().size()), "epoch 0's record is superseded");
        assertEquals(2, fx(() -> curves.lossEma().size()));

        TrainingFixtures.append(live, TrainingFixtures.step(0, 2, 4, 0.3));
        await(10, () -> curves.loss().size() == 3);
        assertEquals(
                List.of(1.0, 2.0, 3.0),
                fx(() -> curves.loss().points().stream().map(XY::x).toList()));
    }

    @Test
    void exportWritesTheRunsMetricsAsOneCsv(FxRobot robot) throws Exception {
        Path csv = tmp.resolve("done.csv");
        dialogs.saveFiles.add(csv);
        await(10, () -> table.getItems().size() == 2);
        fxRun(() -> table.getSelectionModel().select(0));

        robot.clickOn("#runs-export");

        await(10, () -> viewModel.messageProperty().get().startsWith("Exported"));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(1 + 3 * 4 + 3, lines.size());
        assertEquals(
                "type,epoch_1based,step_1based,global_step_1based,loss,lr,images_per_sec,time,data_time,"
                        + "step_time,train_loss,train_top1,val_loss,val_top1,val_top5,seconds",
                lines.get(0));
        assertEquals("step,1,1,1,2.0,0.001,100.0,0.5,,,,,,,,", lines.get(1));
        assertEquals("epoch,1,,,,,,,,,1.0,40.0,0.9,51.0,100.0,1.5", lines.get(5));
        assertTrue(lines.get(15).startsWith("epoch,3,"), lines.get(15));
    }

    @Test
    void exportWithSeveralRunsSelectedWritesOneCsvPerRunIntoAFolder(FxRobot robot)
            throws Exception {
        Path folder = tmp.resolve("csv");
        dialogs.directories.add(folder);
        await(10, () -> table.getItems().size() == 2);
        fxRun(() -> table.getSelectionModel().selectAll());

        robot.clickOn("#runs-export");

        await(10, () -> viewModel.messageProperty().get().startsWith("Exported"));
        // run-done: 3 epochs of 4 steps; run-stopped: 2 epochs of 4 steps; plus the header
        assertEquals(1 + 3 * 5, Files.readAllLines(folder.resolve("run-done-metrics.csv")).size());
        assertEquals(
                1 + 2 * 5, Files.readAllLines(folder.resolve("run-stopped-metrics.csv")).size());
        assertTrue(viewModel.messageProperty().get().contains("2 runs"));
    }

    @Test
    void comparingTwoRunsOverlaysOneCurveEachWithALegend(FxRobot robot) throws Exception {
        await(10, () -> table.getItems().size() == 2);
        fxRun(() -> table.getSelectionModel().selectAll());

        robot.clickOn("#runs-compare");

        CurveChart top1 = robot.lookup("#overlay-top1").queryAs(CurveChart.class);
        CurveChart loss = robot.lookup("#overlay-loss").queryAs(CurveChart.class);
        await(10, () -> top1.seriesNames().size() == 2);
        assertEquals(List.of("run-done", "run-stopped"), fx(top1::seriesNames));
        assertEquals(3, fx(() -> top1.itemCount("run-done")));
        assertEquals(2, fx(() -> top1.itemCount("run-stopped")));
        // each run's raw loss (faint, under) and its smoothed loss
        assertEquals(
                List.of("run-done (raw)", "run-stopped (raw)", "run-done", "run-stopped"),
                fx(loss::seriesNames));
        assertEquals(8, fx(() -> loss.itemCount("run-stopped (raw)")));
        assertEquals(8, fx(() -> loss.itemCount("run-stopped")));
        assertTrue(fx(() -> top1.chart().getLegend().isVisible()));
    }

    @Test
    void aFolderWithoutRunsShowsTheEmptyState(FxRobot robot) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        await(10, () -> table.getItems().size() == 2);

        fxRun(() -> viewModel.folderTextProperty().set(empty.toString()));

        await(10, () -> viewModel.isEmpty());
        assertTrue(robot.lookup(".empty-state").query().isVisible());
        assertEquals("No runs in " + empty, viewModel.messageProperty().get());
    }
}
