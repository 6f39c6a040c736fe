package dev.repmlp.app.concurrent;

import static dev.repmlp.app.FxTesting.awaitFx;
import static dev.repmlp.app.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

class JobQueueTest {
    private final ExecutorJobRunner runner = ExecutorJobRunner.daemon();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startFx() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        release.countDown();
        runner.close();
    }

    @Test
    void jobsRunOneAfterAnotherInOrder() throws Exception {
        JobQueue queue = onFx(() -> new JobQueue(runner));

        onFx(
                () -> {
                    queue.job(
                                    "first",
                                    context -> {
                                        release.await();
                                        events.add("first ran");
                                        return 1;
                                    })
                            .onSuccess(v -> events.add("first done " + v))
                            .enqueue();
                    queue.job("second", context -> events.add("second ran"))
                            .onStart(() -> events.add("second starts"))
                            .onSuccess(v -> events.add("second done"))
                            .enqueue();
                    return null;
                });
        awaitFx(() -> queue.isBusy() && queue.messageProperty().get().equals("first"));
        assertEquals(List.of(), events);

        release.countDown();
        awaitFx(() -> !queue.isBusy());

        assertEquals(
                List.of("first ran", "first done 1", "second starts", "second ran", "second done"),
                events);
        assertEquals("", queue.messageProperty().get());
    }

    @Test
    void aFailureIsReportedAndTheNextJobStillRuns() throws Exception {
        JobQueue queue = onFx(() -> new JobQueue(runner));

        onFx(
                () -> {
                    queue.job(
                                    "broken",
                                    context -> {
                                        throw new IllegalStateException("boom");
                                    })
                            .onFailure(e -> events.add("failed: " + Failures.describe(e)))
                            .enqueue();
                    queue.job("next", context -> events.add("next ran")).enqueue();
                    return null;
                });
        awaitFx(() -> !queue.isBusy());

        assertEquals(List.of("failed: boom", "next ran"), events);
    }

    @Test
    void cancelAllDropsWaitingJobs() throws Exception {
        JobQueue queue = onFx(() -> new JobQueue(runner));

        onFx(
                () -> {
                    queue.job(
                                    "long",
                                    context -> {
                                        release.await();
                                        return null;
                                    })
                            .onCancel(() -> events.add("cancelled"))
                            .enqueue();
                    queue.job("waiting", context -> events.add("waiting ran")).enqueue();
                    queue.cancelAll();
                    return null;
                });
        awaitFx(() -> !queue.isBusy());

        assertEquals(List.of("cancelled"), events);
    }

    @Test
    void messagesAndProgressOfTheRunningJobAreShown() throws Exception {
        JobQueue queue = onFx(() -> new JobQueue(runner));
        CountDownLatch reported = new CountDownLatch(1);

        onFx(
                () -> {
                    queue.job(
                                    "work",
                                    context -> {
                                        context.message("step 1/2");
                                        context.progress(1, 2);
                                        reported.countDown();
                                        release.await();
                                        return null;
                                    })
                            .enqueue();
                    return null;
                });
        reported.await();
        awaitFx(() -> queue.messageProperty().get().equals("step 1/2"));
        awaitFx(() -> queue.progressProperty().get() == 0.5);
        assertTrue(queue.isBusy());

        release.countDown();
        awaitFx(() -> !queue.isBusy());
        assertFalse(queue.isBusy());
    }
}
