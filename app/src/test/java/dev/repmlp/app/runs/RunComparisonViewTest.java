package dev.repmlp.app.runs;

import static dev.repmlp.app.TrainingFixtures.await;
import static dev.repmlp.app.TrainingFixtures.fx;
import static dev.repmlp.app.TrainingFixtures.fxRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.charts.Curve;
import dev.repmlp.app.charts.CurveChart;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.engine.runs.RunNotes;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Runs page's comparison, end to end on two run directories written as the engine writes them
 * (config.json from the hand-written compare-a and compare-b): notes and tags typed and saved to
 * notes.json, the filter, the settings table with the differing rows and the same ones folded,
 * best/last results, and the loss smoothing slider. With {@code -Dscreenshots.dir=DIR} it also
 * saves {@code runs-compare.png} there.
 */
@ExtendWith(ApplicationExtension.class)
class RunComparisonViewTest {
    @TempDir Path tmp;

    private final ExecutorJobRunner jobs = ExecutorJobRunner.daemon();
    private Path runs;
    private RunsViewModel viewModel;
    private TableView<RunRow> table;
    private Stage stage;

    @Start
    @SuppressWarnings("unchecked")
    void start(Stage stage) throws IOException {
        this.stage = stage;
        runs = tmp.resolve("runs");
        run("demo-adamw", "compare-a", 40, 4, 0.0, "2024-01-02T00:00:00Z");
        run("demo-sgd", "compare-b", 40, 3, 0.35, "2024-01-01T00:00:00Z");
        viewModel = new RunsViewModel(jobs, new RunsFolder(runs), Duration.ofMillis(200));
        RunsView view = new RunsView(viewModel, new TrainingFixtures.Answers());
        Scene scene = new Scene(view, MainWindow.WIDTH, MainWindow.HEIGHT);
        scene.getStylesheets()
                .add(MainWindow.class.getResource(MainWindow.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
        table = (TableView<RunRow>) view.lookup("#runs-table");
    }

    /**
     * A run of {@code epochs} epochs of 50 noisy steps each (loss falling from about 2.3), val
     * top-1 {@code 40 + 8 * epoch - slower * epoch^2 * 4}, with the given config.json.
     */
    private void run(String name, String config, int epochs, int done, double slower, String time)
            throws IOException {
        Path dir = Files.createDirectories(runs.resolve(name));
        try (InputStream in = getClass().getResourceAsStream(config + "/config.json")) {
            Files.copy(in, dir.resolve("config.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        StringBuilder b = new StringBuilder();
        long seed = name.hashCode();
        double best = 0;
        for (int e = 0; e < done; e++) {
            for (int s = 0; s < 50; s++) {
                int global = e * 50 + s;
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                double noise = ((seed >>> 11) % 1000) / 1000.0 - 0.5;
                double loss = 2.0 * Math.exp(-global / (60.0 + 60 * slower)) + 0.4 + 0.35 * noise;
                b.append(TrainingFixtures.step(e, s, 50, loss));
            }
            double top1 = 40 + 8 * e - slower * e * e * 4;
            best = Math.max(best, top1);
            b.append(
                    String.format(
                            Locale.ROOT,
                            "{\"type\":\"epoch\",\"epoch\":%d,\"train_loss\":1.0,\"train_top1\":50.0,"
                                    + "\"val_loss\":%.3f,\"val_top1\":%.2f,\"val_top5\":%.2f,"
                                    + "\"seconds\":1.5}%n",
                            e,
                            1.5 - 0.1 * e,
                            top1,
                            Math.min(100, top1 + 35)));
        }
        TrainingFixtures.append(dir, b.toString());
        TrainingFixtures.state(dir, "interrupted", done, epochs, best);
        Files.setLastModifiedTime(dir.resolve("metrics.jsonl"), FileTime.from(Instant.parse(time)));
    }

    @AfterEach
    void stopJobs() throws Exception {
        fxRun(viewModel::closeRun);
        jobs.close();
    }

    private int rowOf(String name) throws Exception {
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
    void notesFilterSettingsTableAndSmoothing(FxRobot robot) throws Exception {
        await(10, () -> table.getItems().size() == 2);

        // notes and tags of one run, typed on the Notes tab and saved in its notes.json
        int adamw = rowOf("demo-adamw");
        fxRun(() -> table.getSelectionModel().clearAndSelect(adamw));
        fxRun(() -> ((TabPane) stage.getScene().lookup(".tab-pane")).getSelectionModel().select(4));
        robot.clickOn("#notes-tags").write("baseline, adamw");
        robot.clickOn("#notes-text").write("reference run");
        robot.clickOn("#notes-save");
        Path adamwDir = runs.resolve("demo-adamw");
        await(10, () -> Files.exists(adamwDir.resolve(RunNotes.FILE)));
        assertEquals(
                new RunNotes("reference run", List.of("baseline", "adamw")),
                RunNotes.read(adamwDir));
        // the other run's notes: selecting it with unsaved edits saves them first
        int sgd = rowOf("demo-sgd");
        fxRun(() -> table.getSelectionModel().clearAndSelect(sgd));
        robot.clickOn("#notes-tags").write("sgd");
        fxRun(() -> table.getSelectionModel().clearAndSelect(adamw));
        Path sgdDir = runs.resolve("demo-sgd");
        await(10, () -> Files.exists(sgdDir.resolve(RunNotes.FILE)));
        assertEquals(new RunNotes("", List.of("sgd")), RunNotes.read(sgdDir));
        assertEquals("baseline, adamw", fx(() -> viewModel.notes().tagsTextProperty().get()));

        // the filter matches tags and notes; the table's Tags column shows them
        robot.clickOn("#runs-filter").write("baseline");
        await(5, () -> table.getItems().size() == 1);
        assertEquals("demo-adamw", fx(() -> table.getItems().get(0).name()));
        assertEquals(
                "1 of 2 runs",
                fx(() -> ((Label) stage.getScene().lookup("#runs-shown")).getText()));
        assertEquals("baseline, adamw", fx(() -> table.getColumns().get(1).getCellData(0)));
        fxRun(() -> viewModel.notes().filterProperty().set("reference"));
        await(5, () -> table.getItems().size() == 1);
        fxRun(() -> viewModel.notes().filterProperty().set("sgd"));
        await(
                5,
                () ->
                        table.getItems().size() == 1
                                && table.getItems().get(0).name().equals("demo-sgd"));
        fxRun(() -> viewModel.notes().filterProperty().set(""));
        await(5, () -> table.getItems().size() == 2);

        // compare both: settings that differ shown and highlighted, the same ones folded
        fxRun(() -> table.getSelectionModel().selectAll());
        robot.clickOn("#runs-compare");
        @SuppressWarnings("unchecked")
        TreeTableView<RunComparisonPane.Line> tree =
                (TreeTableView<RunComparisonPane.Line>)
                        stage.getScene().lookup("#compare-settings");
        await(10, () -> tree.getRoot() != null && tree.getRoot().getChildren().size() == 4);
        List<TreeItem<RunComparisonPane.Line>> groups =
                fx(() -> List.copyOf(tree.getRoot().getChildren()));
        assertEquals("Results", groups.get(0).getValue().key());
        assertEquals("Tags and notes", groups.get(1).getValue().key());
        assertEquals("Differ (6)", groups.get(2).getValue().key());
        assertEquals("Same in all runs (11)", groups.get(3).getValue().key());
        assertTrue(groups.get(2).isExpanded());
        assertFalse(groups.get(3).isExpanded(), "the identical settings are folded");
        int first = fx(() -> table.getItems().get(0).name().equals("demo-adamw") ? 0 : 1);
        List<String> base_lr = values(groups.get(2), "training.base_lr");
        assertEquals(first == 0 ? List.of("0.004", "0.002") : List.of("0.002", "0.004"), base_lr);
        // demo-adamw: 4 epochs, top-1 40, 48, 56, 64; demo-sgd: 40, 46.6, 50.4 (slower)
        List<String> best = values(groups.get(0), "best val top-1 %");
        assertEquals(first == 0 ? List.of("64.00", "50.40") : List.of("50.40", "64.00"), best);
        List<String> lastEpoch = values(groups.get(0), "last epoch");
        assertEquals(first == 0 ? List.of("4", "3") : List.of("3", "4"), lastEpoch);
        List<String> tags = values(groups.get(1), "tags");
        assertEquals(
                first == 0 ? List.of("baseline, adamw", "sgd") : List.of("sgd", "baseline, adamw"),
                tags);
        // the differing rows are highlighted (marked for the stylesheet), the others not
        fxRun(() -> tree.scrollTo(tree.getRow(groups.get(2))));
        await(5, () -> !robot.lookup(".compare-differs").queryAll().isEmpty());
        for (javafx.scene.Node n : fx(() -> robot.lookup(".compare-differs").queryAll())) {
            @SuppressWarnings("unchecked")
            RunComparisonPane.Line l =
                    fx(
                            () ->
                                    ((javafx.scene.control.TreeTableRow<RunComparisonPane.Line>) n)
                                            .getItem());
            assertTrue(l.differs() && !l.group(), l.toString());
        }
        assertEquals(
                "6 settings differ, 11 the same in all 2 runs",
                fx(() -> ((Label) stage.getScene().lookup("#compare-summary")).getText()));
        // unfolding shows them
        int shown = fx(tree::getExpandedItemCount);
        fxRun(() -> groups.get(3).setExpanded(true));
        assertEquals(shown + 11, fx(tree::getExpandedItemCount));
        assertEquals(List.of("/data/fashion", "/data/fashion"), values(groups.get(3), "dataset"));

        // the shown columns fit the table (short names: the name column at its minimum width)
        double columns =
                fx(
                        () ->
                                table.getColumns().stream()
                                        .filter(c -> c.isVisible())
                                        .mapToDouble(c -> c.getWidth())
                                        .sum());
        assertTrue(
                columns <= fx(table::getWidth),
                "columns " + columns + " px wide in a table of " + fx(table::getWidth));

        // the loss chart: raw (faint) and smoothed per run; smoothing 0 gives the raw curve
        CurveChart loss = robot.lookup("#overlay-loss").queryAs(CurveChart.class);
        await(5, () -> loss.seriesNames().size() == 4);
        assertEquals(200, fx(() -> loss.itemCount("demo-adamw (raw)")));
        assertEquals(200, fx(() -> loss.itemCount("demo-adamw")));
        Curve raw = curve("demo-adamw (raw)");
        Curve smooth = curve("demo-adamw");
        assertEquals(
                LossSmoothing.DEFAULT_WEIGHT,
                fx(() -> ((Slider) stage.getScene().lookup("#compare-smoothing")).getValue()));
        assertFalse(fx(() -> raw.points().equals(smooth.points())));
        fxRun(() -> ((Slider) stage.getScene().lookup("#compare-smoothing")).setValue(0));
        assertEquals(
                "0.00",
                fx(() -> ((Label) stage.getScene().lookup("#compare-smoothing-value")).getText()));
        assertEquals(fx(() -> List.copyOf(raw.points())), fx(() -> List.copyOf(smooth.points())));
        // 0.9 by hand on the first two raw points: y1, then (0.09 y1 + 0.1 y2) / 0.19
        fxRun(() -> ((Slider) stage.getScene().lookup("#compare-smoothing")).setValue(0.9));
        double y1 = raw.points().get(0).y();
        double y2 = raw.points().get(1).y();
        assertEquals(y1, smooth.points().get(0).y(), 1e-12);
        assertEquals((0.09 * y1 + 0.1 * y2) / 0.19, smooth.points().get(1).y(), 1e-12);

        String dir = System.getProperty("screenshots.dir", "");
        if (!dir.isBlank()) {
            fxRun(() -> groups.get(3).setExpanded(false));
            fxRun(() -> ((Slider) stage.getScene().lookup("#compare-smoothing")).setValue(0.8));
            fxRun(() -> table.getSelectionModel().selectAll());
            Thread.sleep(500);
            save(Path.of(dir).resolve("runs-compare.png"));
        }
    }

    @Test
    void aDamagedNotesFileIsNamedAndNotWrittenOver(FxRobot robot) throws Exception {
        Path sgdDir = runs.resolve("demo-sgd");
        Files.writeString(sgdDir.resolve(RunNotes.FILE), "{\"notes\": \"half");
        robot.clickOn("#runs-refresh");
        await(10, () -> table.getItems().size() == 2);
        int sgd = rowOf("demo-sgd");
        await(10, () -> !viewModel.notes().problemOf(sgdDir).isEmpty());
        fxRun(() -> table.getSelectionModel().clearAndSelect(sgd));
        fxRun(() -> ((TabPane) stage.getScene().lookup(".tab-pane")).getSelectionModel().select(4));
        String shown = fx(() -> ((Label) stage.getScene().lookup("#notes-message")).getText());
        assertTrue(shown.startsWith(sgdDir.resolve(RunNotes.FILE) + " is damaged ("), shown);
        assertEquals("(notes.json damaged)", fx(() -> table.getColumns().get(2).getCellData(sgd)));

        robot.clickOn("#notes-tags").write("sgd");
        robot.clickOn("#notes-save");
        String refused = fx(() -> ((Label) stage.getScene().lookup("#notes-message")).getText());
        assertTrue(refused.startsWith("Not saved, so as not to overwrite it: "), refused);
        assertEquals("{\"notes\": \"half", Files.readString(sgdDir.resolve(RunNotes.FILE)));
    }

    private Curve curve(String name) throws Exception {
        return fx(
                () ->
                        viewModel.overlayLoss().stream()
                                .filter(c -> c.name().equals(name))
                                .findFirst()
                                .orElseThrow());
    }

    private static List<String> values(TreeItem<RunComparisonPane.Line> group, String key)
            throws Exception {
        return fx(
                () ->
                        group.getChildren().stream()
                                .map(TreeItem::getValue)
                                .filter(l -> l.key().equals(key))
                                .findFirst()
                                .map(RunComparisonPane.Line::values)
                                .orElse(null));
    }

    private void save(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage rgba =
                fx(() -> SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null));
        BufferedImage rgb =
                new BufferedImage(rgba.getWidth(), rgba.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(rgba, 0, 0, null);
        g.dispose();
        ImageIO.write(rgb, "png", file.toFile());
    }
}
