package dev.repmlp.app.shell;

import static dev.repmlp.app.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.ui.Settings;
import dev.repmlp.engine.runs.RunStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Cell;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every page at the minimum window (900x600), the default (1280x800) and a large one (1920x1080),
 * with content as the screenshot tour shows it: the key controls show their full text. "Full" is
 * judged on what is drawn: a Labeled's skin draws its text through a {@link Text} node whose text
 * is the label's, or the label cut with an ellipsis when it does not fit.
 */
class WindowSizesTest {
    @TempDir Path tmp;

    private final ExecutorJobRunner jobs = ExecutorJobRunner.daemon();
    private Stage stage;
    private MainViewModel viewModel;

    @AfterEach
    void close() throws Exception {
        if (stage != null) {
            onFx(
                    () -> {
                        stage.close();
                        return null;
                    });
        }
        WaitForAsyncUtils.waitForFxEvents();
        jobs.close();
    }

    @Test
    void keyControlsKeepTheirFullTextAtEverySize() throws Exception {
        Path runs = tmp.resolve("runs");
        // written by the engine's run writer; default names differ only at their end (the time
        // stamp)
        TrainingFixtures.engineRun(
                runs.resolve("RepMLPNet-Demo-20261130-174501"),
                "RepMLPNet-Demo",
                "/data/fashion-mnist-demo",
                RunStatus.COMPLETED,
                3,
                3);
        TrainingFixtures.engineRun(
                runs.resolve("RepMLPNet-Demo-20261130-174502"),
                "RepMLPNet-Demo",
                "/data/fashion-mnist-demo",
                RunStatus.CANCELLED,
                4,
                1);
        TrainingFixtures.engineRun(
                runs.resolve("RepMLPNet-T224-20261130-174503"),
                "RepMLPNet-T224",
                "/data/imagenet-subset",
                RunStatus.COMPLETED,
                2,
                2);
        org.testfx.api.FxToolkit.registerPrimaryStage();
        // building the first page loads the engine's classes: longer than onFx's wait
        stage =
                WaitForAsyncUtils.asyncFx(
                                () -> {
                                    Stage s = new Stage();
                                    Settings settings = Settings.inMemory();
                                    settings.put(Settings.RUNS_FOLDER, runs.toString());
                                    viewModel = new MainViewModel(jobs);
                                    MainWindow.install(
                                            s, viewModel, FeaturePages.forApp(jobs, settings));
                                    s.show();
                                    viewModel.detectDevice();
                                    return s;
                                })
                        .get(120, TimeUnit.SECONDS);
        // the tour visits every page, loads its content (demo model, samples) and waits for it
        AtomicInteger status = new AtomicInteger(-1);
        onFx(
                () -> {
                    new ScreenshotTour(stage.getScene(), viewModel, tmp.resolve("shots"))
                            .start(status::set);
                    return null;
                });
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> status.get() >= 0);
        assertEquals(0, status.get());

        double trainSplit = trainSplit();
        for (int[] size : new int[][] {{900, 600}, {1920, 1080}, {1280, 800}}) {
            int width = size[0];
            int height = size[1];
            onFx(
                    () -> {
                        // within the (headless) screen, so every pixel is painted
                        stage.setX(0);
                        stage.setY(0);
                        stage.setWidth(width);
                        stage.setHeight(height);
                        return null;
                    });
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(width, onFx(() -> stage.getScene().getWindow().getWidth()), 1.0);
            List<String> cut = new ArrayList<>();
            List<String> pushedOff = new ArrayList<>();
            for (Page page : Page.values()) {
                onFx(
                        () -> {
                            viewModel.selectPage(page);
                            return null;
                        });
                WaitForAsyncUtils.waitForFxEvents();
                cut.addAll(onFx(() -> truncated(page)));
                // a page taller than the window pushes the status bar below its bottom edge
                String off = onFx(() -> statusBarOffWindow(page));
                if (off != null) {
                    pushedOff.add(off);
                }
            }
            assertEquals(List.of(), cut, "controls cut to an ellipsis at " + width + "x" + height);
            assertEquals(
                    List.of(), pushedOff, "status bar off the window at " + width + "x" + height);

            onFx(
                    () -> {
                        viewModel.selectPage(Page.RUNS);
                        return null;
                    });
            WaitForAsyncUtils.waitForFxEvents();
            List<String> names = onFx(this::drawnRunNames);
            // at 900x600 the table has room for two rows
            assertTrue(names.size() >= 2, names.toString());
            assertEquals(
                    names.size(),
                    new HashSet<>(names).size(),
                    "runs look alike at " + width + names);
            // every cell of the columns shown holds its whole text (the others give way)
            assertEquals(
                    List.of(),
                    onFx(this::cutRunCells),
                    "Runs table cells cut at " + width + "x" + height);
            assertTrue(
                    onFx(this::shownRunColumns) >= (width >= 1280 ? 7 : 5),
                    "columns shown at " + width + ": " + onFx(this::shownRunColumns));
            // a hidden column's value is in the row's tooltip (at 900 px some column with
            // values is hidden, so this checks something)
            assertEquals(List.of(), onFx(this::hiddenValuesNotInTooltips), "at " + width);
            if (width == 900) {
                assertTrue(
                        onFx(
                                () ->
                                        runsTable().getColumns().stream()
                                                .anyMatch(
                                                        c ->
                                                                !c.isVisible()
                                                                        && !""
                                                                                .equals(
                                                                                        c
                                                                                                .getCellData(
                                                                                                        0)))),
                        "no column with values hidden at 900 px");
            }
            // no column for what no run has (no Slurm jobs here)
            assertTrue(
                    onFx(() -> !runColumn("Slurm").isVisible()), "empty Slurm column at " + width);

            // a path is readable: the dataset field is not squeezed into the value column
            onFx(
                    () -> {
                        viewModel.selectPage(Page.TRAIN);
                        return null;
                    });
            WaitForAsyncUtils.waitForFxEvents();
            double field =
                    onFx(() -> ((Region) stage.getScene().lookup("#field-data-path")).getWidth());
            assertTrue(field >= 250, "dataset path field " + field + " px wide at " + width);

            kernelsHoverValueIsVisible(width, height);
        }
        // shrunk to 900 px, grown to 1920 and back to 1280: the Train split is where it was
        assertEquals(trainSplit, trainSplit(), 0.01);
    }

    private double trainSplit() throws Exception {
        onFx(
                () -> {
                    viewModel.selectPage(Page.TRAIN);
                    return null;
                });
        WaitForAsyncUtils.waitForFxEvents();
        return onFx(
                () ->
                        ((SplitPane) stage.getScene().lookup(".train-split"))
                                .getDividerPositions()[0]);
    }

    /** "page: ..." when the status bar's bottom lies below the window's content, else null. */
    private String statusBarOffWindow(Page page) {
        Node memory = stage.getScene().lookup("#status-memory");
        double bottom = memory.localToScene(memory.getBoundsInLocal()).getMaxY();
        double sceneHeight = stage.getScene().getHeight();
        return bottom > sceneHeight + 0.5
                ? page.id() + ": status bar ends at " + bottom + " of " + sceneHeight
                : null;
    }

    /** What a user reads of each key control that is cut, as "page: full -> drawn". */
    private List<String> truncated(Page page) {
        Node view = stage.getScene().lookup("#" + page.id() + "-view");
        List<String> out = new ArrayList<>();
        for (Labeled l : keyControls(view)) {
            String drawn = drawnText(l);
            if (drawn != null && !drawn.equals(l.getText())) {
                out.add(page.id() + ": '" + l.getText() + "' -> '" + drawn + "'");
            }
        }
        return out;
    }

    /**
     * Buttons, links, radio buttons, field labels and the top-k percentages that are showing on the
     * page (inside no list or table cell, except the percentages, nor a combo box).
     */
    private static List<Labeled> keyControls(Node root) {
        List<Labeled> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<Labeled> out) {
        if (!n.isVisible() || n instanceof ComboBoxBase<?>) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            boolean key =
                    n instanceof Button
                            || n instanceof Hyperlink
                            || n instanceof RadioButton
                            || l.getStyleClass().contains("field-label")
                            || l.getStyleClass().contains("kernels-field")
                            || l.getStyleClass().contains("score-percent")
                            || l.getStyleClass().contains("model-detail")
                            || l.getStyleClass().contains("kernels-source")
                            || l.getStyleClass().contains("diff-verdict")
                            || l.getStyleClass().contains("agreement-text");
            if (key && !(n instanceof Cell<?>)) {
                out.add(l);
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, out);
            }
        }
    }

    /** The text the skin draws for {@code l} (null before it has a skin). */
    private static String drawnText(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t) {
                return t.getText();
            }
        }
        return null;
    }

    private List<String> drawnRunNames() {
        Node table = stage.getScene().lookup("#runs-table");
        List<String> out = new ArrayList<>();
        for (Node n : table.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> cell
                    && cell.getTableColumn() != null
                    && "runs-name-column".equals(cell.getTableColumn().getId())
                    && !cell.isEmpty()) {
                out.add(drawnText(cell));
            }
        }
        return out;
    }

    /** "column: full -> drawn" for each non-empty cell of a shown Runs column that is cut. */
    private List<String> cutRunCells() {
        Node table = stage.getScene().lookup("#runs-table");
        List<String> out = new ArrayList<>();
        for (Node n : table.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> cell
                    && cell.getTableColumn() != null
                    && cell.getTableColumn().isVisible()
                    && cell.isVisible()
                    && !cell.isEmpty()
                    && cell.getText() != null
                    && !cell.getText().isEmpty()) {
                String drawn = drawnText(cell);
                if (!cell.getText().equals(drawn)) {
                    out.add(
                            cell.getTableColumn().getText()
                                    + ": '"
                                    + cell.getText()
                                    + "' -> '"
                                    + drawn
                                    + "'");
                }
            }
        }
        return out;
    }

    /** "row: Title: value" for each hidden column's value missing from a shown row's tooltip. */
    private List<String> hiddenValuesNotInTooltips() {
        List<String> out = new ArrayList<>();
        for (Node n : runsTable().lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> row && !row.isEmpty() && row.getItem() != null) {
                String tip = row.getTooltip() == null ? "" : row.getTooltip().getText();
                for (TableColumn<Object, ?> c : runsTable().getColumns()) {
                    Object v = c.getCellData(row.getItem());
                    String line = c.getText() + ": " + v;
                    if (!c.isVisible()
                            && v != null
                            && !v.toString().isBlank()
                            && !tip.contains(line)) {
                        out.add(row.getIndex() + ": " + line);
                    }
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private TableView<Object> runsTable() {
        return (TableView<Object>) stage.getScene().lookup("#runs-table");
    }

    private int shownRunColumns() {
        return (int) runsTable().getColumns().stream().filter(TableColumn::isVisible).count();
    }

    private TableColumn<Object, ?> runColumn(String title) {
        return runsTable().getColumns().stream()
                .filter(c -> title.equals(c.getText()))
                .findFirst()
                .orElseThrow();
    }

    private void kernelsHoverValueIsVisible(int width, int height) throws Exception {
        onFx(
                () -> {
                    viewModel.selectPage(Page.KERNELS);
                    return null;
                });
        WaitForAsyncUtils.waitForFxEvents();
        Node heatmap =
                onFx(
                        () ->
                                ((Parent) stage.getScene().lookup("#kernels-heatmaps"))
                                        .getChildrenUnmodifiable()
                                        .get(0)
                                        .lookup(".image-view"));
        Bounds b = onFx(() -> heatmap.localToScreen(heatmap.getBoundsInLocal()));
        FxRobot robot = new FxRobot();
        robot.moveTo(b.getMinX() + b.getWidth() * 0.37, b.getMinY() + b.getHeight() * 0.61);
        Label hover = (Label) stage.getScene().lookup("#kernels-hover");
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> onFx(() -> hover.getText().contains("value")));
        String text = onFx(hover::getText);
        assertEquals(
                text, onFx(() -> drawnText(hover)), "hover readout at " + width + "x" + height);
        Tooltip tip = onFx(hover::getTooltip);
        assertEquals(text, onFx(tip::getText));
        assertTrue(onFx(() -> hover.getHeight() >= hover.prefHeight(hover.getWidth()) - 0.5));
    }
}
