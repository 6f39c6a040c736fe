package dev.repmlp.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.charts.Curve;
import dev.repmlp.app.charts.XY;
import dev.repmlp.app.concurrent.DirectJobRunner;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.engine.runs.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Runs page's view-model on run folders as the engine writes them, without the FX toolkit
 * ({@link DirectJobRunner}). The fixture's step losses are 2 / (1 + i) for global step i and its
 * val top-1 is 50 + epoch (1-based), so every point read back is known by hand.
 */
class RunsViewModelTest {
    @TempDir Path runs;

    private RunsViewModel viewModel;

    @BeforeEach
    void twoRuns() throws Exception {
        TrainingFixtures.run(runs.resolve("alpha"), "RepMLPNet-Demo", "completed", 2, 2);
        TrainingFixtures.run(runs.resolve("beta"), "RepMLPNet-Demo", "cancelled", 3, 1);
        viewModel =
                new RunsViewModel(
                        new DirectJobRunner(), new RunsFolder(runs), Duration.ofMillis(50));
    }

    @Test
    void listsTheRunsOfTheFolder() {
        assertEquals(2, viewModel.runs().size());
        assertEquals("2 runs in " + runs, viewModel.messageProperty().get());
        assertFalse(viewModel.emptyProperty().get());
        RunRow alpha = row("alpha");
        assertEquals("completed", alpha.state());
        assertEquals(2, alpha.epochsDone());
        assertEquals("cancelled", row("beta").state());
    }

    @Test
    void openingARunShowsItsStepLossesAndValTop1() {
        viewModel.open(row("alpha"));

        List<XY> loss = viewModel.openedCurves().loss().points();
        assertEquals(8, loss.size(), "2 epochs of 4 steps");
        for (int i = 0; i < 8; i++) {
            assertEquals(i + 1, loss.get(i).x());
            assertEquals(2.0 / (1 + i), loss.get(i).y(), 5e-5); // written with 4 decimals
        }
        assertEquals(
                List.of(new XY(1, 51), new XY(2, 52)), viewModel.openedCurves().valTop1().points());
        assertFalse(viewModel.followingProperty().get(), "a completed run is not followed");
    }

    @Test
    void comparingOverlaysEachRunsValTop1() {
        viewModel.compare(List.of(row("alpha"), row("beta")));

        List<Curve> top1 = viewModel.overlayTop1();
        assertEquals(List.of("alpha", "beta"), top1.stream().map(Curve::name).toList());
        assertEquals(List.of(new XY(1, 51), new XY(2, 52)), top1.get(0).points());
        assertEquals(List.of(new XY(1, 51)), top1.get(1).points());
        assertTrue(viewModel.overlayTextProperty().get().startsWith("Comparing 2 runs"));
    }

    @Test
    void exportWritesOneCsvRowPerStepAndPerEpoch() throws Exception {
        Path csv = runs.resolve("alpha.csv");

        viewModel.exportCsv(row("alpha"), csv);

        assertEquals("Exported the metrics of alpha to " + csv, viewModel.messageProperty().get());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", MetricsCsv.COLUMNS), lines.get(0));
        assertEquals(1 + 8 + 2, lines.size());
    }

    private RunRow row(String name) {
        return viewModel.runs().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
