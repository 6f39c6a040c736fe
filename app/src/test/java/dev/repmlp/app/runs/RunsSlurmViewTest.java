package dev.repmlp.app.runs;

import static dev.repmlp.app.TrainingFixtures.await;
import static dev.repmlp.app.TrainingFixtures.fx;
import static dev.repmlp.app.TrainingFixtures.fxRun;
import static dev.repmlp.app.runs.SlurmFixtures.jobWrote;
import static dev.repmlp.app.runs.SlurmFixtures.submitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.engine.slurm.Slurm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
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
 * The Runs page on Slurm runs, with fake squeue and scancel: the Slurm column, Cancel job (which
 * must run scancel with the job and note the request in slurm.json) and the job's output.
 */
@ExtendWith(ApplicationExtension.class)
class RunsSlurmViewTest {
    @TempDir Path tmp;

    private final ExecutorJobRunner jobs = ExecutorJobRunner.daemon();
    private Path runs;
    private Path bin;
    private RunsViewModel viewModel;
    private TableView<RunRow> table;
    private RunsView view;

    @Start
    @SuppressWarnings("unchecked")
    void start(Stage stage) throws IOException {
        runs = tmp.resolve("runs");
        bin = tmp.resolve("bin");
        submitted(runs.resolve("queued"), "7");
        Path running = TrainingFixtures.run(runs.resolve("running"), "tiny", "running", 4, 1);
        submitted(running, "8");
        jobWrote(running, "8", "running", "null");
        Files.writeString(running.resolve("slurm-8.out"), "== job 8 on n1\nepoch 0 done\n");
        Files.writeString(running.resolve("slurm-8.err"), "WARNING: slow disk\n");
        SlurmFixtures.squeue(bin, "7|PENDING|Resources", "8|RUNNING|None");
        // scancel records what it was asked to cancel
        SlurmFixtures.tool(bin, "scancel", "echo \"$@\" >> \"$(dirname \"$0\")/cancelled\"");
        viewModel =
                new RunsViewModel(
                        jobs,
                        new RunsFolder(runs),
                        Duration.ofMillis(200),
                        new Slurm(bin, Duration.ofSeconds(10)));
        view = new RunsView(viewModel, new TrainingFixtures.Answers());
        Scene scene = new Scene(view, MainWindow.WIDTH, MainWindow.HEIGHT);
        scene.getStylesheets()
                .add(MainWindow.class.getResource(MainWindow.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
        table = (TableView<RunRow>) view.lookup("#runs-table");
    }

    @AfterEach
    void stopJobs() throws Exception {
        fxRun(viewModel::stopPolling);
        fxRun(
                () -> {
                    viewModel.stopWatching();
                    viewModel.closeRun();
                });
        jobs.close();
    }

    private int indexOf(String name) throws Exception {
        return fx(
                () -> {
                    for (int i = 0; i < table.getItems().size(); i++) {
                        if (table.getItems().get(i).name().equals(name)) {
                            return i;
                        }
                    }
                    return -1;
                });
    }

    @Test
    void cancellingAQueuedJobRunsScancelAndNotesTheRequest(FxRobot robot) throws Exception {
        await(10, () -> table.getItems().size() == 2);
        int queued = indexOf("queued");
        assertEquals(
                "job 7: pending (Resources)",
                fx(() -> RunsView.slurmText(table.getItems().get(queued))));
        Button cancel = robot.lookup("#runs-cancel").queryAs(Button.class);
        assertTrue(fx(cancel::isDisabled));
        fxRun(() -> table.getSelectionModel().select(queued));

        robot.clickOn("#runs-cancel");

        Path log = bin.resolve("cancelled");
        await(10, () -> Files.exists(log));
        assertEquals("7\n", Files.readString(log));
        String record = Files.readString(runs.resolve("queued/slurm.json"));
        assertTrue(record.matches("(?s).*\"cancel_requested\"\\s*:\\s*true.*"), record);
        // squeue lists it as cancelled with its last pending reason; the page says who cancelled
        SlurmFixtures.squeue(bin, "7|CANCELLED|Resources", "8|RUNNING|None");
        fxRun(viewModel::refresh);
        await(
                10,
                () ->
                        table.getItems().stream()
                                .anyMatch(
                                        r ->
                                                r.name().equals("queued")
                                                        && r.slurm()
                                                                .equals(
                                                                        "cancelled (cancelled from"
                                                                                + " the"
                                                                                + " workbench)")));
    }

    @Test
    void theJobsStdoutAndStderrAreShown(FxRobot robot) throws Exception {
        await(10, () -> table.getItems().size() == 2);
        int running = indexOf("running");
        assertEquals("running", fx(() -> table.getItems().get(running).slurm()));
        fxRun(() -> table.getSelectionModel().select(running));

        robot.clickOn("#runs-output");

        TextArea out = robot.lookup("#output-stdout").queryAs(TextArea.class);
        TextArea err = robot.lookup("#output-stderr").queryAs(TextArea.class);
        await(10, () -> out.getText().contains("epoch 0 done"));
        assertEquals("WARNING: slow disk\n", fx(err::getText));
        Node tab = robot.lookup("#output-title").query();
        assertTrue(fx(tab::isVisible));
    }
}
