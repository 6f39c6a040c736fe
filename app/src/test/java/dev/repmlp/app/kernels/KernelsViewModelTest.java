package dev.repmlp.app.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.DirectJobRunner;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javafx.scene.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernels page's view-model on the bundled demo model without the FX toolkit: jobs run on the
 * test thread ({@link DirectJobRunner}), and every number read back is checked against fc3 and the
 * conv kernels folded by hand from the weights file ({@link KernelsViewTest#stage0ByHand()}).
 */
class KernelsViewModelTest {
    private static final Path DEMO = Assets.require(Assets.DEMO_MODEL);
    private static final int N = 64; // stage 0: 8x8 window
    private static final int W = 8;
    private static final Pattern VALUE = Pattern.compile("value ([0-9.e+-]+)$");

    private final DirectJobRunner jobs = new DirectJobRunner();
    private final KernelsViewModel viewModel = new KernelsViewModel(jobs, () -> Optional.of(DEMO));

    @TempDir Path dir;

    @Test
    void loadingShowsTheFirstBlockWithItsCentreRowAndASmallEquivalenceError() throws Exception {
        assertTrue(viewModel.isEmpty());

        viewModel.openDefault();

        assertFalse(viewModel.isEmpty());
        assertFalse(viewModel.isBusy(), "every job has ended");
        assertTrue(viewModel.readyProperty().get());
        assertEquals("", viewModel.getError());
        assertEquals(stagesInTheFile(), viewModel.stages());
        assertEquals(0, viewModel.stageProperty().get());
        assertTrue(viewModel.blockTextProperty().get().startsWith("stages.0.0.repmlp_block"));
        assertEquals(Viewport.full(N), viewModel.drawing().getViewport());
        // the window's centre (4, 4) is selected first: row 4 * 8 + 4
        assertEquals(4 * W + 4, viewModel.rows().selectedRowProperty().get());
        assertEquals((4 * W + 4 + 0.5) / N, viewModel.rows().rowMarkerProperty().get(), 1e-12);
        for (MatrixKind kind : MatrixKind.values()) {
            assertNotNull(viewModel.drawing().imageProperty(kind).get(), kind.toString());
        }
        Matcher m =
                Pattern.compile("max \\|\u0394\\| ([0-9.e+-]+)")
                        .matcher(viewModel.equivalence().getText());
        assertTrue(m.find(), viewModel.equivalence().getText());
        assertTrue(Double.parseDouble(m.group(1)) < 1e-5, viewModel.equivalence().getText());
    }

    @Test
    void hoverReadsTheCellUnderThePointerAsComputedByHand() throws Exception {
        double[][] hand = KernelsViewTest.stage0ByHand();
        viewModel.openDefault();
        int row = 2 * W + 3; // output (2, 3)
        int col = 5 * W + 6; // input (5, 6)
        double fx = (col + 0.5) / N;
        double fy = (row + 0.5) / N;

        viewModel.rows().hover(MatrixKind.BEFORE, fx, fy);
        String before = viewModel.rows().getHoverText();
        viewModel.rows().hover(MatrixKind.LOCALITY, (row + 1 + 0.5) / N, fy);
        String locality = viewModel.rows().getHoverText();
        viewModel.rows().hover(MatrixKind.AFTER, (row + 1 + 0.5) / N, fy);
        String after = viewModel.rows().getHoverText();

        assertTrue(
                before.startsWith(
                        "fc3 before injection \u00b7 row 19 = output (y, x) = (2, 3) \u00b7"
                                + " column 46 = input (y, x) = (5, 6)"),
                before);
        assertEquals(hand[0][row * N + col], value(before), 1e-4);
        // input (2, 4) is the right-hand neighbour of output (2, 3): the 3x3 kernel reaches it
        int next = row * N + row + 1;
        assertTrue(hand[1][next] != 0);
        assertEquals(hand[1][next], value(locality), 1e-4);
        assertEquals(hand[0][next] + hand[1][next], value(after), 1e-4);

        viewModel.rows().clearHover();
        assertEquals(ReceptiveRows.HOVER_HINT, viewModel.rows().getHoverText());
    }

    @Test
    void zoomingKeepsTheCellUnderThePointerAndHoverFollowsTheViewport() throws Exception {
        double[][] hand = KernelsViewTest.stage0ByHand();
        viewModel.openDefault();

        // zoom 4x around the centre: 16 of 64 rows, starting at 24
        viewModel.drawing().zoom(4, 0.5, 0.5);
        Viewport v = viewModel.drawing().getViewport();
        assertEquals(new Viewport(N, 24, 24, 16), v);
        assertTrue(viewModel.drawing().resolutionTextProperty().get().contains("rows 24\u201339"));
        // the first shown cell is now (24, 24)
        viewModel.rows().hover(MatrixKind.BEFORE, 0.5 / 16, 0.5 / 16);
        assertEquals(hand[0][24 * N + 24], value(viewModel.rows().getHoverText()), 1e-4);

        viewModel.drawing().resetZoom();
        assertTrue(viewModel.drawing().getViewport().isFull());
    }

    @Test
    void selectingARowDescribesItsOutputPositionAndDrawsItsKernels() {
        viewModel.openDefault();

        viewModel.rows().selectRowAt((W + 6 + 0.5) / N); // row 14 = output (1, 6)

        assertEquals(W + 6, viewModel.rows().selectedRowProperty().get());
        assertTrue(
                viewModel
                        .rows()
                        .rowTextProperty()
                        .get()
                        .startsWith("Output (y, x) = (1, 6), row 14"),
                viewModel.rows().rowTextProperty().get());
        assertTrue(viewModel.rows().rowTextProperty().get().contains("3\u00d73 conv kernel"));
        Image before = viewModel.rows().rowBeforeProperty().get();
        assertNotNull(before);
        assertEquals(ReceptiveRows.ROW_PIXELS, before.getWidth()); // an 8x8 window: square
        assertNotNull(viewModel.rows().rowAfterProperty().get());

        viewModel.rows().selectRow(N); // out of range: nothing selected
        assertEquals(-1, viewModel.rows().selectedRowProperty().get());
        assertNull(viewModel.rows().rowBeforeProperty().get());
        assertEquals(-1.0, viewModel.rows().rowMarkerProperty().get());
    }

    @Test
    void onlyTheLatestOpenIsShown() {
        Path missing = dir.resolve("missing.pth");
        jobs.hold();
        viewModel.open(missing);
        viewModel.open(DEMO);
        assertTrue(viewModel.isBusy());

        jobs.runHeld();

        assertEquals("", viewModel.getError(), "the overtaken open's failure is dropped");
        assertTrue(viewModel.sliceShownProperty().get());

        // the other way round: the failure is the latest answer, the earlier load is dropped
        viewModel.stageProperty().set(1);
        assertTrue(viewModel.blockTextProperty().get().startsWith("stages.1.0"));
        jobs.hold();
        viewModel.open(DEMO); // installed, it would show stages.0.0 again
        viewModel.open(missing);
        jobs.runHeld();

        assertTrue(viewModel.getError().startsWith("Could not load missing.pth"));
        assertTrue(viewModel.blockTextProperty().get().startsWith("stages.1.0"));
        assertFalse(viewModel.isBusy());
    }

    @Test
    void aNewerSliceRequestWinsOverAnOlderOne() {
        viewModel.openDefault();
        jobs.hold();
        viewModel.stageProperty().set(1);
        viewModel.stageProperty().set(2);
        int held = jobs.heldCount();

        jobs.runHeld();

        assertEquals(2, held, "one slice request per stage change");
        assertTrue(viewModel.blockTextProperty().get().startsWith("stages.2.0"));
    }

    @Test
    void npyExportWritesTheShownSliceAndSaysSo() throws Exception {
        double[][] hand = KernelsViewTest.stage0ByHand();
        viewModel.exports().exportNpy(dir);
        assertEquals("Nothing to export yet: load weights first.", viewModel.getError());

        viewModel.openDefault();
        Path out = dir.resolve("npy");
        viewModel.exports().exportNpy(out);

        assertEquals("", viewModel.getError());
        long files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.count();
        }
        assertEquals("Wrote " + files + " .npy files to " + out, viewModel.getMessage());
        Path fused;
        try (Stream<Path> s = Files.list(out)) {
            fused =
                    s.filter(p -> p.getFileName().toString().contains("fc3-fused"))
                            .findFirst()
                            .orElseThrow();
        }
        float[] written = Npy.read(fused).toFloatArray();
        assertEquals(N * N, written.length);
        assertEquals(hand[0][7 * N + 9], written[7 * N + 9], 1e-5);
    }

    /** 0, 1, ... up to the largest i of the file's "stages.i." keys. */
    private static List<Integer> stagesInTheFile() throws Exception {
        int max =
                Weights.read(DEMO).keys().stream()
                        .filter(k -> k.startsWith("stages."))
                        .mapToInt(k -> Integer.parseInt(k.split("\\.")[1]))
                        .max()
                        .orElseThrow();
        return IntStream.rangeClosed(0, max).boxed().toList();
    }

    private static double value(String hover) {
        Matcher m = VALUE.matcher(hover);
        assertTrue(m.find(), hover);
        return Double.parseDouble(m.group(1));
    }
}
