package dev.repmlp.app.evaluate;

import static dev.repmlp.app.FxTesting.onFx;
import static dev.repmlp.app.InferenceTesting.awaitModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.engine.Assets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The evaluate page's main path: the demo model on the bundled val split, then a cell's images. */
@ExtendWith(ApplicationExtension.class)
class EvaluateViewTest {
    @TempDir static Path reports;

    private final ExecutorJobRunner jobRunner = ExecutorJobRunner.daemon();
    private final Path val = Assets.require(Assets.DEMO_DATASET).resolve("val");
    private EvaluateViewModel viewModel;
    private EvaluateView view;
    private final TrainingFixtures.Answers dialogs = new TrainingFixtures.Answers();

    @Start
    void start(Stage stage) {
        viewModel =
                new EvaluateViewModel(jobRunner, Assets.require(Assets.DEMO_MODEL), val, reports);
        view = new EvaluateView(viewModel, dialogs);
        Scene scene = new Scene(view, MainWindow.WIDTH, MainWindow.HEIGHT);
        scene.getStylesheets()
                .add(MainWindow.class.getResource(MainWindow.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        onFx(
                () -> {
                    viewModel.dispose();
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy());
        jobRunner.close();
    }

    @Test
    void withOneHundredClassesTheCellsAreTooSmallForNamesSoHoverFindsTheCell() throws Exception {
        int n = 100;
        List<String> names = java.util.stream.IntStream.range(0, n).mapToObj(i -> "k" + i).toList();
        long[][] counts = new long[n][n];
        counts[57][3] = 7;
        counts[57][57] = 3;
        ConfusionMatrix m = new ConfusionMatrix(names, counts);
        onFx(
                () -> {
                    ConfusionHeatmap h = new ConfusionHeatmap((r, c) -> {}, r -> {});
                    h.show(m, false);
                    h.setAvailable(500);
                    double[] c = h.cellCentre(57, 3);
                    assertArrayEquals(new int[] {57, 3}, h.cellAt(c[0], c[1]));
                    assertEquals("k57 predicted as k3: 7 (70.0% of k57)", m.describe(57, 3));
                    double[] last = h.cellCentre(n - 1, n - 1);
                    assertArrayEquals(new int[] {n - 1, n - 1}, h.cellAt(last[0], last[1]));
                    assertEquals(null, h.cellAt(c[0], last[1] + h.getHeight()));
                    assertEquals(null, h.cellAt(1, 1));
                    return null;
                });
    }

    @Test
    void evaluatingTheDemoThenClickingACellShowsExactlyThatCellsImages(FxRobot robot)
            throws Exception {
        robot.clickOn("#evaluate-run");
        awaitModel(() -> !viewModel.isBusy() && viewModel.getMatrix() != null);
        ConfusionMatrix m = viewModel.getMatrix();
        List<String> folders = classFolders();
        assertEquals(folders, m.classes());
        // each row holds exactly the images of its class folder, counted here from the files
        for (int i = 0; i < m.size(); i++) {
            assertEquals(imagesIn(val.resolve(folders.get(i))), m.rowSum(i), folders.get(i));
        }
        // the printed top-1 is the matrix's diagonal over its total
        String summary = viewModel.summaryProperty().get();
        String top1 = summary.replaceAll("^top-1 ([0-9.]+)%.*$", "$1");
        assertEquals(Double.parseDouble(top1), 100 * m.accuracy(), 0.005, summary);

        // the most confused pair of classes
        int row = 0;
        int col = 1;
        for (int i = 0; i < m.size(); i++) {
            for (int j = 0; j < m.size(); j++) {
                if (i != j && m.count(i, j) > m.count(row, col)) {
                    row = i;
                    col = j;
                }
            }
        }
        assertTrue(m.count(row, col) > 0);
        int r = row;
        int c = col;
        Point2D screen =
                onFx(
                        () -> {
                            double[] xy = view.heatmap().cellCentre(r, c);
                            return view.heatmap().localToScreen(xy[0], xy[1]);
                        });
        robot.clickOn(screen);
        awaitModel(() -> !viewModel.isBusy() && !viewModel.getGallery().isEmpty());
        List<GalleryItem> items = onFx(() -> List.copyOf(viewModel.getGallery()));
        assertEquals(m.count(row, col), items.size());
        double previous = Double.POSITIVE_INFINITY;
        for (GalleryItem item : items) {
            assertEquals(m.classes().get(row), item.trueClass());
            assertEquals(m.classes().get(col), item.predicted());
            assertEquals(val.resolve(m.classes().get(row)), item.path().getParent());
            assertEquals(5, item.topClasses().size());
            assertEquals(item.predicted(), item.topClasses().get(0));
            assertTrue(item.probability() <= previous, "most confident first");
            previous = item.probability();
        }

        // the saved report opens without evaluating and shows the same matrix
        Path dir = viewModel.reportDirProperty().get();
        onFx(
                () -> {
                    viewModel.openReport(dir);
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy() && viewModel.getMatrix() != m);
        for (int i = 0; i < m.size(); i++) {
            assertArrayEquals(m.counts()[i], viewModel.getMatrix().counts()[i]);
        }

        // the PNG export replaces an existing file whole with the heatmap's picture, in a job
        Path png = reports.resolve("confusion.png");
        Files.writeString(png, "an older file");
        dialogs.saveFiles.add(png);
        double[] size =
                onFx(() -> new double[] {view.heatmap().getWidth(), view.heatmap().getHeight()});
        robot.clickOn("#evaluate-export-png");
        awaitModel(() -> !viewModel.isBusy() && sizeOf(png) != "an older file".length());
        BufferedImage written = ImageIO.read(png.toFile());
        assertNotNull(written, "a PNG ImageIO can read");
        assertEquals(Math.round(size[0]), written.getWidth(), 1);
        assertEquals(Math.round(size[1]), written.getHeight(), 1);
        assertEquals("", viewModel.errorProperty().get());
        try (Stream<Path> s = Files.list(reports)) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".tmp")).toList());
        }
    }

    private List<String> classFolders() throws IOException {
        try (Stream<Path> s = Files.list(val)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long imagesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".png")).count();
        }
    }
}
