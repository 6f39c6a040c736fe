package dev.repmlp.app.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.FxTesting;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.app.ui.PageReadiness;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.infer.LoadedModel;
import dev.repmlp.engine.io.Npy;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The kernels page on the bundled demo model, driven like a user: real loading off the FX thread,
 * real mouse gestures, and every number checked against values computed here from the weights file.
 */
@ExtendWith(ApplicationExtension.class)
class KernelsViewTest {
    private static final Path DEMO = Assets.require(Assets.DEMO_MODEL);
    private static final String BLOCK = "stages.0.0.repmlp_block.";
    private static final int N = 64; // stage 0: 8x8 window
    private static final int W = 8;

    private final ExecutorJobRunner jobRunner = ExecutorJobRunner.daemon();
    private final FakeDialogs dialogs = new FakeDialogs();
    private KernelsViewModel viewModel;
    private KernelsView view;

    @TempDir Path dir;

    @Start
    void start(Stage stage) {
        viewModel = new KernelsViewModel(jobRunner, () -> Optional.of(DEMO));
        view = new KernelsView(viewModel, dialogs);
        Scene scene = new Scene(view, MainWindow.WIDTH, MainWindow.HEIGHT);
        scene.getStylesheets()
                .add(MainWindow.class.getResource(MainWindow.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @BeforeEach
    void demoIsLoaded() throws Exception {
        awaitReady();
    }

    @AfterEach
    void stopJobs() {
        jobRunner.close();
    }

    @Test
    void opensTheDemoModelWithItsFirstBlockAndEquivalenceError(FxRobot robot) throws Exception {
        assertTrue(text(robot, "#kernels-source").contains("RepMLPNet-Demo"));
        assertTrue(text(robot, "#kernels-source").contains("train-time"));
        assertTrue(text(robot, "#kernels-block-text").startsWith("stages.0.0.repmlp_block"));
        for (MatrixKind kind : MatrixKind.values()) {
            assertNotNull(image(robot, kind), kind.toString());
        }
        assertEquals("", viewModel.getError());
        assertTrue(PageReadiness.isReady(view));
        Matcher m =
                Pattern.compile("max \\|\u0394\\| ([0-9.e+-]+)")
                        .matcher(viewModel.equivalence().getText());
        assertTrue(m.find(), viewModel.equivalence().getText());
        assertTrue(Double.parseDouble(m.group(1)) < 1e-5, viewModel.equivalence().getText());
    }

    @Test
    void heatmapColoursMapBackToTheEntriesComputedFromTheWeights(FxRobot robot) throws Exception {
        double[][] hand = stage0ByHand();
        double[] fused = hand[0];
        double[] locality = hand[1];
        DivergingScale scale = DivergingScale.symmetric(legendLimit(robot));

        // the strongest fc3 weight
        int best = 0;
        for (int i = 1; i < fused.length; i++) {
            if (Math.abs(fused[i]) > Math.abs(fused[best])) {
                best = i;
            }
        }
        int row = best / N;
        int col = best % N;
        double tolerance = scale.limit() / 100;
        assertEquals(fused[best], pixelValue(robot, MatrixKind.BEFORE, row, col, scale), tolerance);
        // output (4, 4) and input (4, 5) are neighbours: the 3x3 kernel adds to fc3 there
        int out = 4 * W + 4;
        int in = 4 * W + 5;
        int cell = out * N + in;
        assertNotEquals(0.0, locality[cell]);
        assertEquals(
                locality[cell], pixelValue(robot, MatrixKind.LOCALITY, out, in, scale), tolerance);
        assertEquals(
                fused[cell] + locality[cell],
                pixelValue(robot, MatrixKind.AFTER, out, in, scale),
                tolerance);
        assertEquals(
                Math.abs(fused[cell] + locality[cell]) - Math.abs(fused[cell]),
                pixelValue(robot, MatrixKind.DIFFERENCE, out, in, scale),
                tolerance);
        // far apart positions: no locality, after == before
        int far = 7 * W + 7;
        assertEquals(0.0, pixelValue(robot, MatrixKind.LOCALITY, 0, far, scale), tolerance);
    }

    @Test
    void hoverNamesTheWindowPositionsAndTheValue(FxRobot robot) throws Exception {
        double[][] hand = stage0ByHand();
        int row = 2 * W + 3; // output (2, 3)
        int col = 5 * W + 6; // input (5, 6)

        robot.moveTo(cellOnScreen(robot, MatrixKind.BEFORE, row, col));

        String hover = text(robot, "#kernels-hover");
        assertTrue(hover.startsWith("fc3 before injection"), hover);
        assertTrue(hover.contains("row 19 = output (y, x) = (2, 3)"), hover);
        assertTrue(hover.contains("column 46 = input (y, x) = (5, 6)"), hover);
        Matcher m = Pattern.compile("value ([0-9.e+-]+)$").matcher(hover);
        assertTrue(m.find(), hover);
        assertEquals(hand[0][row * N + col], Double.parseDouble(m.group(1)), 1e-4);

        robot.moveTo(cellOnScreen(robot, MatrixKind.AFTER, row, row));
        hover = text(robot, "#kernels-hover");
        assertTrue(hover.startsWith("fc3 after injection"), hover);
        assertTrue(hover.contains("input (y, x) = (2, 3)"), hover);
    }

    @Test
    void clickingARowShowsItsReceptiveKernelsBeforeAndAfter(FxRobot robot) throws Exception {
        double[][] hand = stage0ByHand();
        int row = 1 * W + 6; // output (1, 6)

        robot.moveTo(cellOnScreen(robot, MatrixKind.LOCALITY, row, 10))
                .clickOn(MouseButton.PRIMARY);
        awaitReady();

        assertEquals(row, viewModel.rows().selectedRowProperty().get());
        assertTrue(text(robot, "#kernels-row-text").contains("(1, 6)"));
        DivergingScale scale = DivergingScale.symmetric(legendLimit(robot));
        Image before = rowImage(robot, "#kernels-row-before");
        Image after = rowImage(robot, "#kernels-row-after");
        for (int y = 0; y < W; y++) {
            for (int x = 0; x < W; x++) {
                int q = y * W + x;
                double f = hand[0][row * N + q];
                double l = hand[1][row * N + q];
                assertEquals(
                        f, windowPixel(before, y, x, scale), scale.limit() / 100, "before " + q);
                assertEquals(
                        f + l, windowPixel(after, y, x, scale), scale.limit() / 100, "after " + q);
            }
        }
    }

    @Test
    void scrollZoomsDragPansAndResetShowsEverything(FxRobot robot) throws Exception {
        robot.moveTo(cellOnScreen(robot, MatrixKind.AFTER, 32, 32));
        robot.scroll(3, VerticalDirection.UP);
        awaitReady();
        if (viewModel.drawing().getViewport().isFull()) {
            robot.scroll(3, VerticalDirection.DOWN);
            awaitReady();
        }
        Viewport zoomed = viewModel.drawing().getViewport();
        assertTrue(zoomed.extent() < N, zoomed.toString());
        assertTrue(text(robot, "#kernels-resolution").contains("rows"));

        Point2D from = cellOnScreen(robot, MatrixKind.AFTER, 32, 32);
        robot.drag(from, MouseButton.PRIMARY).moveBy(-60, -60).drop();
        awaitReady();
        Viewport panned = viewModel.drawing().getViewport();
        assertEquals(zoomed.extent(), panned.extent());
        assertTrue(panned.col0() > zoomed.col0(), panned + " after " + zoomed);
        assertTrue(panned.row0() > zoomed.row0(), panned + " after " + zoomed);

        robot.clickOn("#kernels-reset-zoom");
        awaitReady();
        assertTrue(viewModel.drawing().getViewport().isFull());
    }

    @Test
    void otherStagesAndSharesetsCanBeChosen(FxRobot robot) throws Exception {
        robot.clickOn("#kernels-stage").clickOn("Stage 2 \u00b7 2\u00d72 window");
        awaitReady();
        assertTrue(text(robot, "#kernels-block-text").startsWith("stages.2.0.repmlp_block"));
        assertEquals(8, viewModel.sharesets().size());
        assertEquals(4, viewModel.drawing().getViewport().size());
        assertEquals(
                "Shareset 0 of 8",
                robot.lookup("#kernels-shareset")
                        .queryAs(ComboBox.class)
                        .getButtonCell()
                        .getText());

        robot.clickOn("#kernels-block").clickOn("Block 1");
        robot.clickOn("#kernels-shareset").clickOn("Shareset 5 of 8");
        awaitReady();
        assertTrue(text(robot, "#kernels-block-text").startsWith("stages.2.1.repmlp_block"));
        // the shown matrix is shareset 5's: compare one entry with the file
        StateDict sd = Weights.read(DEMO);
        String p = "stages.2.1.repmlp_block.";
        float w = sd.require(p + "fc3.weight").toFloatArray()[(5 * 4 + 1) * 4 + 2];
        double a = bnScale(sd, p + "fc3_bn.", 5);
        robot.moveTo(cellOnScreen(robot, MatrixKind.BEFORE, 1, 2));
        Matcher m = Pattern.compile("value ([0-9.e+-]+)$").matcher(text(robot, "#kernels-hover"));
        assertTrue(m.find());
        assertEquals(w * a, Double.parseDouble(m.group(1)), 1e-4);
    }

    @Test
    void exportWritesNpyFilesHoldingTheShownMatrices(FxRobot robot) throws Exception {
        double[][] hand = stage0ByHand();
        dialogs.npy = dir.resolve("npy");

        robot.clickOn("#kernels-export-npy");
        awaitReady();

        assertTrue(viewModel.getMessage().startsWith("Wrote 8 .npy files"), viewModel.getMessage());
        float[] fused =
                Npy.read(dir.resolve("npy/stage0-block0-shareset0-fc3-fused.npy")).toFloatArray();
        float[] locality =
                Npy.read(dir.resolve("npy/stage0-block0-shareset0-locality.npy")).toFloatArray();
        float[] injected =
                Npy.read(dir.resolve("npy/stage0-block0-shareset0-fc3-injected.npy"))
                        .toFloatArray();
        assertEquals(N * N, fused.length);
        for (int i = 0; i < N * N; i++) {
            assertEquals(hand[0][i], fused[i], 1e-5, "fused " + i);
            assertEquals(hand[1][i], locality[i], 1e-5, "locality " + i);
            assertEquals(hand[0][i] + hand[1][i], injected[i], 1e-5, "injected " + i);
        }
        assertTrue(Files.isRegularFile(dir.resolve("npy/stage0-block0-shareset0-kernel.npy")));
    }

    @Test
    void exportOnnxWritesAFileCheckedByOnnxRuntime(FxRobot robot) throws Exception {
        dialogs.onnx = dir.resolve("kernels.onnx");

        robot.clickOn("#kernels-export-onnx");
        awaitReady();

        assertTrue(dialogs.onnxName.endsWith("-deploy.onnx"), dialogs.onnxName);
        assertTrue(
                viewModel.getMessage().startsWith("Exported kernels.onnx ("),
                viewModel.getMessage());
        assertTrue(Files.size(dialogs.onnx) > 1000, "written");
    }

    @Test
    void exportPngSavesASnapshotOfTheView(FxRobot robot) throws Exception {
        dialogs.png = dir.resolve("kernels.png");

        robot.clickOn("#kernels-export-png");
        awaitReady();

        BufferedImage png = ImageIO.read(dialogs.png.toFile());
        assertNotNull(png);
        assertTrue(png.getWidth() > 900, "width " + png.getWidth());
        assertTrue(viewModel.getMessage().startsWith("Saved "), viewModel.getMessage());
    }

    @Test
    void corruptWeightsShowAnErrorAndThePageStaysUsable(FxRobot robot) throws Exception {
        Path broken = dir.resolve("broken.pth");
        Files.write(
                broken,
                "this is not a checkpoint".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        dialogs.weights = broken;

        robot.clickOn("#kernels-open");
        awaitReady();

        String error = text(robot, "#kernels-error");
        assertTrue(error.startsWith("Could not load broken.pth: "), error);
        assertTrue(robot.lookup("#kernels-error").query().isVisible());
        // the demo model is still there and still works
        assertTrue(text(robot, "#kernels-source").contains("RepMLPNet-Demo"));
        robot.clickOn("#kernels-stage").clickOn("Stage 1 \u00b7 4\u00d74 window");
        awaitReady();
        assertTrue(text(robot, "#kernels-block-text").startsWith("stages.1.0.repmlp_block"));
        assertNotNull(image(robot, MatrixKind.AFTER));

        robot.clickOn("#kernels-open-demo");
        awaitReady();
        assertEquals("", viewModel.getError());
    }

    @Test
    void runFolderOpensItsTrainTimeWeightsOrSaysWhatIsMissing(FxRobot robot) throws Exception {
        Path unfinished = Files.createDirectories(dir.resolve("unfinished-run"));
        dialogs.run = unfinished;

        robot.clickOn("#kernels-open-run");
        awaitReady();

        assertTrue(text(robot, "#kernels-error").contains("holds no model-train.pth"));

        Path run = Files.createDirectories(dir.resolve("finished-run"));
        Files.copy(DEMO, run.resolve(KernelsViewModel.RUN_WEIGHTS));
        dialogs.run = run;
        robot.clickOn("#kernels-open-run");
        awaitReady();

        assertEquals("", viewModel.getError());
        assertTrue(text(robot, "#kernels-source").startsWith("model-train.pth"));
    }

    @Test
    void deployTimeWeightsShowOnlyTheInjectedFc3(FxRobot robot) throws Exception {
        Path deployFile = dir.resolve("deploy.pth");
        try (LoadedModel train = LoadedModel.load(DEMO, null);
                LoadedModel deploy = train.deployTwin()) {
            Weights.save(deploy.net(), deployFile);
        }
        double[][] hand = stage0ByHand();
        dialogs.weights = deployFile;

        robot.clickOn("#kernels-open");
        awaitReady();

        assertTrue(text(robot, "#kernels-source").contains("deploy-time"));
        assertNull(image(robot, MatrixKind.BEFORE));
        assertNull(image(robot, MatrixKind.LOCALITY));
        assertNotNull(image(robot, MatrixKind.AFTER));
        assertTrue(viewModel.equivalence().getText().startsWith("Not available"));
        DivergingScale scale = DivergingScale.symmetric(legendLimit(robot));
        int cell = 36 * N + 37;
        assertEquals(
                hand[0][cell] + hand[1][cell],
                pixelValue(robot, MatrixKind.AFTER, 36, 37, scale),
                scale.limit() / 100);
        robot.moveTo(cellOnScreen(robot, MatrixKind.BEFORE, 3, 3));
        assertTrue(text(robot, "#kernels-hover").contains("not in a deploy-time file"));
    }

    @Test
    void weightsOfNoPresetAskForTheirConfig(FxRobot robot) throws Exception {
        RepMlpNetConfig custom =
                RepMlpNetConfig.builder()
                        .name("tiny-custom")
                        .numClass(10)
                        .numBlocks(1)
                        .channels(8)
                        .hs(4)
                        .ws(4)
                        .sharesetsNums(2)
                        .reparamConvK(1, 3)
                        .imageSize(16)
                        .build();
        Path weights = dir.resolve("custom.safetensors");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(custom, false);
            net.initialize(m);
            Weights.save(net, weights);
        }
        Path json = dir.resolve("custom.json");
        Files.writeString(json, custom.toJson());
        dialogs.weights = weights;

        robot.clickOn("#kernels-open");
        awaitReady();

        assertTrue(viewModel.needsConfig());
        assertTrue(text(robot, "#kernels-error").contains("no known preset"));
        assertTrue(text(robot, "#kernels-source").contains("RepMLPNet-Demo"));

        dialogs.config = json;
        robot.clickOn("#kernels-choose-config");
        awaitReady();

        assertFalse(viewModel.needsConfig());
        assertEquals("", viewModel.getError());
        assertTrue(text(robot, "#kernels-source").contains("tiny-custom"));
        assertEquals(2, viewModel.sharesets().size());
        assertEquals(16, viewModel.drawing().getViewport().size());
    }

    // ---- helpers -------------------------------------------------------------------------

    /**
     * fc3 with fc3_bn folded in and the locality matrix of stages.0.0, from the file by hand (also
     * used by {@link KernelsViewModelTest}).
     */
    static double[][] stage0ByHand() throws IOException {
        StateDict sd = Weights.read(DEMO);
        float[] w = sd.require(BLOCK + "fc3.weight").toFloatArray();
        double a = bnScale(sd, BLOCK + "fc3_bn.", 0);
        float[] k1 = sd.require(BLOCK + "repconv1.conv.weight").toFloatArray();
        double a1 = bnScale(sd, BLOCK + "repconv1.bn.", 0);
        float[] k3 = sd.require(BLOCK + "repconv3.conv.weight").toFloatArray();
        double a3 = bnScale(sd, BLOCK + "repconv3.bn.", 0);
        double[] fused = new double[N * N];
        double[] locality = new double[N * N];
        for (int p = 0; p < N; p++) {
            for (int q = 0; q < N; q++) {
                fused[p * N + q] = w[p * N + q] * a;
                int dy = q / W - p / W;
                int dx = q % W - p % W;
                if (Math.abs(dy) <= 1 && Math.abs(dx) <= 1) {
                    double v = k3[(dy + 1) * 3 + dx + 1] * a3;
                    if (dy == 0 && dx == 0) {
                        v += k1[0] * a1;
                    }
                    locality[p * N + q] = v;
                }
            }
        }
        return new double[][] {fused, locality};
    }

    static double bnScale(StateDict sd, String prefix, int c) {
        double gamma = sd.require(prefix + "weight").toFloatArray()[c];
        double var = sd.require(prefix + "running_var").toFloatArray()[c];
        return gamma / Math.sqrt(var + 1e-5);
    }

    private void awaitReady() throws Exception {
        WaitForAsyncUtils.waitFor(
                60, TimeUnit.SECONDS, () -> FxTesting.onFx(() -> viewModel.readyProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Labeled.class).getText();
    }

    private static Image image(FxRobot robot, MatrixKind kind) {
        return robot.lookup("#kernels-image-" + kind.id()).queryAs(ImageView.class).getImage();
    }

    private static Image rowImage(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(ImageView.class).getImage();
    }

    /** The +limit label of the legend. */
    private static double legendLimit(FxRobot robot) {
        return Double.parseDouble(text(robot, "#kernels-scale-max").replace("+", ""));
    }

    /** The value the colour of cell (row, col) stands for, read from the drawn image. */
    private double pixelValue(
            FxRobot robot, MatrixKind kind, int row, int col, DivergingScale scale)
            throws Exception {
        Image img = image(robot, kind);
        Viewport v = viewModel.drawing().getViewport();
        int px = pixelOf(col - v.col0(), v.extent(), (int) img.getWidth());
        int py = pixelOf(row - v.row0(), v.extent(), (int) img.getHeight());
        return scale.valueOf(FxTesting.onFx(() -> img.getPixelReader().getArgb(px, py)));
    }

    private static int pixelOf(int cell, int cells, int pixels) {
        return (int) Math.floor((cell + 0.5) * pixels / cells);
    }

    /** The value of window position (y, x) in a receptive kernel image of the 8x8 window. */
    private static double windowPixel(Image img, int y, int x, DivergingScale scale)
            throws Exception {
        int px = pixelOf(x, W, (int) img.getWidth());
        int py = pixelOf(y, W, (int) img.getHeight());
        return scale.valueOf(FxTesting.onFx(() -> img.getPixelReader().getArgb(px, py)));
    }

    /** Screen point over the middle of cell (row, col) of a heatmap. */
    private Point2D cellOnScreen(FxRobot robot, MatrixKind kind, int row, int col)
            throws Exception {
        Node frame = robot.lookup("#kernels-heatmap-" + kind.id()).query();
        Viewport v = viewModel.drawing().getViewport();
        double side = frame.getLayoutBounds().getWidth();
        double x = (col - v.col0() + 0.5) * side / v.extent();
        double y = (row - v.row0() + 0.5) * side / v.extent();
        return FxTesting.onFx(() -> frame.localToScreen(x, y));
    }

    /** Answers the page's file dialogs with preset paths (null = cancelled). */
    private static final class FakeDialogs implements KernelsDialogs {
        Path weights;
        Path run;
        Path config;
        Path png;
        Path npy;
        Path onnx;
        String onnxName;

        @Override
        public Optional<Path> openWeights(Window owner) {
            return Optional.ofNullable(weights);
        }

        @Override
        public Optional<Path> openRun(Window owner) {
            return Optional.ofNullable(run);
        }

        @Override
        public Optional<Path> openConfig(Window owner) {
            return Optional.ofNullable(config);
        }

        @Override
        public Optional<Path> savePng(Window owner, String name) {
            return Optional.ofNullable(png);
        }

        @Override
        public Optional<Path> npyFolder(Window owner) {
            return Optional.ofNullable(npy);
        }

        @Override
        public Optional<Path> saveOnnx(Window owner, String name) {
            onnxName = name;
            return Optional.ofNullable(onnx);
        }
    }
}
