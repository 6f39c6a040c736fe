package dev.repmlp.app.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JobGroup and DirectJobRunner: no FX toolkit is started in this class. */
class JobGroupTest {
    private final DirectJobRunner runner = new DirectJobRunner();
    private final JobGroup group = new JobGroup(runner);
    private final List<String> events = new ArrayList<>();

    @Test
    void busyWhileAnyJobIsHeldAndReadyWhenAllHaveEnded() {
        runner.hold();
        group.start("a", context -> 1, v -> events.add("a=" + v), e -> events.add("a failed"));
        group.start(
                "b",
                context -> {
                    throw new IOException("disk full");
                },
                v -> events.add("b=" + v),
                e -> events.add("b: " + Failures.describe(e)));
        assertTrue(group.isBusy());
        assertFalse(group.readyProperty().get());
        assertEquals(2, runner.heldCount());

        assertEquals(2, runner.runHeld());

        assertEquals(List.of("a=1", "b: disk full"), events);
        assertFalse(group.isBusy());
        assertTrue(group.readyProperty().get());
    }

    @Test
    void aHandlerThatStartsAnotherJobKeepsTheGroupBusyWithoutAGap() {
        List<Boolean> busy = new ArrayList<>();
        group.busyProperty().addListener((obs, old, value) -> busy.add(value));
        runner.hold();
        group.start(
                "first",
                context -> "x",
                v -> group.start("second", c -> "y", events::add, e -> {}),
                e -> {});
        runner.runHeld();

        assertEquals(List.of("y"), events);
        assertEquals(List.of(true, false), busy, "busy once, not true-false-true-false");
    }

    @Test
    void aJobCancelledBeforeItRunsRunsItsCancelHandlerOnly() {
        runner.hold();
        JobHandle handle =
                runner.start(
                        "c",
                        context -> "never",
                        events::add,
                        e -> events.add("failed"),
                        () -> events.add("cancelled"));
        handle.cancel();
        runner.runHeld();

        assertEquals(List.of("cancelled"), events);
    }

    @Test
    void theJobSeesCancellationThroughItsContext() {
        JobHandle[] handle = new JobHandle[1];
        runner.hold();
        handle[0] =
                runner.start(
                        "d",
                        context -> {
                            handle[0].cancel(); // as the user would, while it runs
                            return context.isCancelled();
                        },
                        v -> events.add("saw cancel: " + v),
                        e -> {});
        runner.runHeld();

        assertEquals(List.of("saw cancel: true"), events);
    }
}
