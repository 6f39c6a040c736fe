package dev.repmlp.app.concurrent;

import static dev.repmlp.app.FxTesting.awaitFx;
import static dev.repmlp.app.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

class JobRunnerTest {
    private final ExecutorJobRunner executorRunner = ExecutorJobRunner.daemon();

    @BeforeAll
    static void startFx() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeRunner() {
        executorRunner.close();
    }

    @Test
    void sameThreadJobReportsProgressMessageAndResult() throws Exception {
        SameThreadJobRunner runner = new SameThreadJobRunner();

        Task<Integer> task =
                onFx(
                        () ->
                                runner.submit(
                                        "Answer",
                                        context -> {
                                            context.progress(1, 2);
                                            context.message("half way");
                                            return 42;
                                        }));

        assertEquals(Worker.State.SUCCEEDED, onFx(task::getState));
        assertEquals(42, onFx(task::getValue));
        assertEquals("Answer", onFx(task::getTitle));
        assertEquals("half way", onFx(task::getMessage));
        assertEquals(0.5, onFx(task::getProgress), 1e-9);
    }

    @Test
    void sameThreadJobIsCountedWhileItRuns() throws Exception {
        SameThreadJobRunner runner = new SameThreadJobRunner();
        JobsViewModel jobs = runner.jobs();
        AtomicReference<String> seenInside = new AtomicReference<>();

        onFx(
                () ->
                        runner.submit(
                                "Probe",
                                context -> {
                                    seenInside.set(
                                            jobs.getRunningCount()
                                                    + " / "
                                                    + jobs.runningNames()
                                                    + " / "
                                                    + jobs.getSummary());
                                    return null;
                                }));

        assertEquals("1 / [Probe] / 1 job running: Probe", seenInside.get());
        // the end state arrives through Platform.runLater, so look on the FX thread after it
        assertEquals(0, onFx(jobs::getRunningCount));
        assertEquals("idle", onFx(jobs::getSummary));
    }

    @Test
    void failedJobStopsBeingCounted() throws Exception {
        SameThreadJobRunner runner = new SameThreadJobRunner();

        Task<Object> task =
                onFx(
                        () ->
                                runner.submit(
                                        "Broken",
                                        context -> {
                                            throw new IllegalStateException("boom");
                                        }));

        assertEquals(Worker.State.FAILED, onFx(task::getState));
        assertInstanceOf(IllegalStateException.class, onFx(task::getException));
        assertEquals(0, onFx(runner.jobs()::getRunningCount));
    }

    @Test
    void executorJobIsCountedUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        JobsViewModel jobs = executorRunner.jobs();

        executorRunner.submit(
                "Blocked",
                context -> {
                    release.await();
                    return null;
                });
        awaitFx(() -> jobs.getRunningCount() == 1);
        assertEquals(List.of("Blocked"), List.copyOf(jobs.runningNames()));
        assertEquals("1 job running: Blocked", jobs.getSummary());

        release.countDown();
        awaitFx(() -> jobs.getRunningCount() == 0);
        assertEquals("idle", jobs.getSummary());
    }

    @Test
    void executorRunsJobsOnDaemonThreads() throws Exception {
        Task<Thread> task = executorRunner.submit("Where", context -> Thread.currentThread());

        awaitFx(() -> task.getState() == Worker.State.SUCCEEDED);
        Thread worker = onFx(task::getValue);
        assertTrue(worker.isDaemon());
        assertTrue(worker.getName().startsWith("repmlp-job-"), worker.getName());
    }

    @Test
    void cancelledJobStopsBeingCounted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Task<Integer> task =
                executorRunner.submit(
                        "Endless",
                        context -> {
                            started.countDown();
                            while (!context.isCancelled()) {
                                Thread.onSpinWait();
                            }
                            return 0;
                        });
        assertTrue(started.await(5, TimeUnit.SECONDS));

        onFx(task::cancel);

        awaitFx(() -> executorRunner.jobs().getRunningCount() == 0);
        assertEquals(Worker.State.CANCELLED, onFx(task::getState));
    }

    @Test
    void aJobStartedAfterCloseIsCancelledNotThrown() throws Exception {
        executorRunner.close();
        List<String> outcome = new CopyOnWriteArrayList<>();

        onFx(
                () ->
                        executorRunner.start(
                                "Late",
                                context -> 1,
                                v -> outcome.add("ran"),
                                e -> outcome.add("failed"),
                                () -> outcome.add("cancelled")));

        awaitFx(() -> !outcome.isEmpty());
        assertEquals(List.of("cancelled"), outcome);
    }
}
