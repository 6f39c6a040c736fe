package dev.repmlp.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.UiThread;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.StepMetrics;
import dev.repmlp.engine.train.TrainingConfig;
import dev.repmlp.engine.train.TrainingRun;
import dev.repmlp.engine.train.ValidationProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The Train page's run monitor driven by hand, without the FX toolkit: the UI thread is this test's
 * thread, and hand-overs queue until {@link #runUi()}.
 */
class RunMonitorTest {
    private final ConcurrentLinkedQueue<Runnable> uiQueue = new ConcurrentLinkedQueue<>();
    private final UiThread ui =
            new UiThread() {
                @Override
                public void execute(Runnable action) {
                    uiQueue.add(action);
                }

                @Override
                public boolean isCurrent() {
                    return true;
                }
            };
    private final List<Path> started = new ArrayList<>();
    private int firstSteps;
    private final RunMonitor monitor =
            new RunMonitor(ui, s -> started.add(s.dir()), () -> firstSteps++);
    private final Path dir = Path.of("runs", "demo-1");
    private final TrainingConfig config =
            TrainingConfig.demo().withField("epochs", 4).withField("workers", 0);

    private void runUi() {
        for (Runnable r = uiQueue.poll(); r != null; r = uiQueue.poll()) {
            r.run();
        }
    }

    private static StepMetrics step(int epoch, int step, double time) {
        return new StepMetrics(epoch, step, 10, 2.0, 0.001, 100.0, time);
    }

    @Test
    void aRunGoesFromStartingToRunningToCompleted() {
        assertEquals(TrainState.IDLE, monitor.getState());
        monitor.starting(0);
        assertEquals(TrainState.STARTING, monitor.getState());
        assertTrue(monitor.runningProperty().get());
        assertEquals(-1, monitor.progressProperty().get());

        monitor.report(new TrainingEvent.Started(dir, config));
        runUi();
        assertEquals(TrainState.RUNNING, monitor.getState());
        assertEquals("Training demo-1", monitor.statusProperty().get());
        assertEquals(dir, monitor.currentRunProperty().get());
        assertEquals(List.of(dir), started);

        monitor.ended(new TrainingRun.Result(dir, RunStatus.COMPLETED, 4, 87.5));
        assertEquals(TrainState.COMPLETED, monitor.getState());
        assertFalse(monitor.runningProperty().get());
        assertEquals(1.0, monitor.progressProperty().get());
        assertEquals(
                "Completed 4 epochs \u00b7 best val top-1 87.50 % \u00b7 demo-1",
                monitor.statusProperty().get());
    }

    @Test
    void progressCountsGlobalStepsOverAllEpochsWithAnEta() throws InterruptedException {
        monitor.starting(0);
        monitor.report(new TrainingEvent.Started(dir, config));
        runUi();
        // global steps count from 1: epoch 0 step 0 is 1, epoch 0 step 4 is 5, of 4 x 10 = 40;
        // the first step is slow (warm-up), later ones take 0.5 s
        monitor.report(new TrainingEvent.Step(step(0, 0, 4.0)));
        monitor.report(new TrainingEvent.Step(step(0, 1, 5.5)));
        monitor.report(new TrainingEvent.Step(step(0, 2, 6.0)));
        monitor.report(new TrainingEvent.Step(step(0, 3, 6.5)));
        monitor.report(new TrainingEvent.Step(step(0, 5, 7.5)));
        // the batcher hands the reports over at most every 100 ms
        for (long end = System.nanoTime() + 10_000_000_000L;
                monitor.progressTextProperty().get().isEmpty() && System.nanoTime() < end; ) {
            Thread.sleep(20);
            runUi();
        }
        // warm-up is max(3, min(20, 40 / 50)) = 3 steps: measured from global step 4 (6.5 s):
        // (7.5 - 6.5) s / 2 steps = 0.5 s a step, 34 steps left = 17 s. Counting the first step
        // in would say (7.5 - 4.0) / 5 x 34 = 23.8 s.
        assertEquals(3, RunMonitor.warmupSteps(40));
        assertEquals(
                "Epoch 1/4 \u00b7 step 6/10 \u00b7 100 img/s \u00b7 ETA 17 s",
                monitor.progressTextProperty().get());

        monitor.report(new TrainingEvent.Epoch(new EpochMetrics(0, 2.0, 10, 1.5, 62.5, 90, 3.0)));
        monitor.stopping();
        // Stop: no more ETA, though the numbers stay
        assertEquals(
                "Epoch 1/4 \u00b7 step 6/10 \u00b7 100 img/s",
                monitor.progressTextProperty().get());
        // the ended run drains what is still queued before it says so
        monitor.ended(new TrainingRun.Result(dir, RunStatus.CANCELLED, 0, 62.5));

        assertEquals(1, firstSteps);
        assertEquals(5, monitor.curves().loss().size());
        assertEquals(
                "Epoch 1/4 \u00b7 step 6/10 \u00b7 100 img/s \u00b7 best val top-1 62.50 %",
                monitor.progressTextProperty().get());
        assertEquals(TrainState.CANCELLED, monitor.getState());
        assertEquals(
                "Stopped after 0 of 4 epochs; Resume continues from the checkpoint",
                monitor.statusProperty().get());
    }

    @Test
    void aLoaderBoundRunShowsItsDataWaitAndAHint() {
        monitor.starting(0);
        monitor.report(new TrainingEvent.Started(dir, config));
        // 0.6 s of each 1 s step waiting for images: the loader is the bottleneck
        for (int i = 0; i < 5; i++) {
            monitor.report(
                    new TrainingEvent.Step(
                            new StepMetrics(0, i, 10, 2.0, 0.001, 64.0, i + 1.0, 0.6, 1.0)));
        }
        runUi();
        assertTrue(
                monitor.progressTextProperty().get().contains("\u00b7 data wait 60 %"),
                monitor.progressTextProperty().get());
        assertTrue(
                monitor.dataHintProperty().get().startsWith("The loader is the bottleneck"),
                monitor.dataHintProperty().get());
        // the demo config's workers = 0: a worker per core already, so not "more workers"
        assertTrue(
                monitor.dataHintProperty().get().contains("a Loader worker per core already"),
                monitor.dataHintProperty().get());
        assertFalse(monitor.dataHintProperty().get().contains("Give it more Loader workers"));
        // a loader that keeps up: 0.01 s of each step; the smoothed share falls under 30 %
        for (int i = 5; i < 10; i++) {
            monitor.report(
                    new TrainingEvent.Step(
                            new StepMetrics(0, i, 10, 2.0, 0.001, 64.0, i + 1.0, 0.01, 1.0)));
        }
        monitor.ended(new TrainingRun.Result(dir, RunStatus.COMPLETED, 1, 50));
        assertEquals("", monitor.dataHintProperty().get());
        assertEquals("", RunMonitor.loaderHint(0.3, 2, 8));
        assertFalse(RunMonitor.loaderHint(0.31, 2, 8).isEmpty());
    }

    @Test
    void theLoaderHintSuggestsMoreWorkersOnlyBelowTheCores() {
        String few = RunMonitor.loaderHint(0.5, 2, 8);
        assertTrue(
                few.contains("Give it more Loader workers (Run section, up to the 8 cores)"), few);
        for (int workers : new int[] {8, 16}) {
            String all = RunMonitor.loaderHint(0.5, workers, 8);
            assertTrue(all.startsWith("The loader is the bottleneck: steps wait 50 %"), all);
            assertFalse(all.contains("Give it more"), all);
            assertTrue(all.contains("faster disk"), all);
            assertTrue(all.contains("in-memory cache"), all);
        }
    }

    @Test
    void theEmaPassOfAValidationIsLabelled() throws InterruptedException {
        monitor.starting(0);
        monitor.report(new TrainingEvent.Started(dir, config));
        monitor.report(
                new TrainingEvent.Validating(new ValidationProgress(2, 256, 1_000, 300, true)));
        awaitProgressText(t -> t.startsWith("Validating"));
        assertEquals(
                "Validating epoch 3 (EMA weights): 256 / 1,000 images, 300 img/s",
                monitor.progressTextProperty().get());
    }

    @Test
    void aValidationShowsImagesDoneAndItsSpeedUntilTheNextStep() throws InterruptedException {
        monitor.starting(0);
        monitor.report(new TrainingEvent.Started(dir, config));
        monitor.report(new TrainingEvent.Step(step(0, 9, 4.0)));
        monitor.report(
                new TrainingEvent.Validating(new ValidationProgress(0, 12_800, 50_000, 640)));
        monitor.report(new TrainingEvent.Log("a line after it"));
        awaitProgressText(t -> t.startsWith("Validating"));
        assertEquals(
                "Validating epoch 1: 12,800 / 50,000 images, 640 img/s",
                monitor.progressTextProperty().get());
        // the next epoch's first step takes the line back
        monitor.report(new TrainingEvent.Step(step(1, 0, 90.0)));
        awaitProgressText(t -> t.startsWith("Epoch 2/4"));
        assertTrue(
                monitor.progressTextProperty().get().startsWith("Epoch 2/4 \u00b7 step 1/10"),
                monitor.progressTextProperty().get());
    }

    /** Hands the batcher's reports over until the progress line passes {@code test} (10 s). */
    private void awaitProgressText(java.util.function.Predicate<String> test)
            throws InterruptedException {
        for (long end = System.nanoTime() + 10_000_000_000L;
                !test.test(monitor.progressTextProperty().get()) && System.nanoTime() < end; ) {
            Thread.sleep(20);
            runUi();
        }
    }

    @Test
    void theLogKeepsItsLastLines() {
        monitor.starting(1);
        for (int i = 0; i < RunMonitor.LOG_LINES + 3; i++) {
            monitor.report(new TrainingEvent.Log("line " + i));
        }
        monitor.failed(new IllegalStateException("loss became NaN"));

        assertEquals(RunMonitor.LOG_LINES, monitor.log().size());
        assertEquals("line 3", monitor.log().get(0));
        assertEquals(TrainState.FAILED, monitor.getState());
        assertEquals("Failed: loss became NaN", monitor.statusProperty().get());
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertEquals("45 s", RunMonitor.duration(45));
        assertEquals("2 min 13 s", RunMonitor.duration(133));
        assertEquals("1 h 05 min", RunMonitor.duration(3900));
        assertEquals("?", RunMonitor.duration(Double.NaN));
    }
}
