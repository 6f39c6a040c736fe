package dev.repmlp.app.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** FxBatcher with an injected UI thread: no FX toolkit is started in this class. */
class FxBatcherWithoutToolkitTest {
    private final List<List<Integer>> batches = new ArrayList<>();

    @Test
    void flushOnTheUiThreadDeliversEverythingAtOnceInOrder() {
        FxBatcher<Integer> batcher = new FxBatcher<>(batches::add, 10_000, UiThread.direct());

        batcher.add(0); // the first add is delivered at once: the last delivery is long ago
        for (int i = 1; i < 100; i++) {
            batcher.add(i); // within the interval: queued
        }
        assertEquals(List.of(List.of(0)), batches);

        batcher.flush();

        assertEquals(2, batches.size());
        assertEquals(
                IntStream.range(0, 100).boxed().toList(),
                batches.stream().flatMap(List::stream).toList());
    }

    @Test
    void aDeliveryGoesThroughTheInjectedExecutor() {
        List<Runnable> handedOver = new ArrayList<>();
        UiThread recording =
                new UiThread() {
                    @Override
                    public void execute(Runnable action) {
                        handedOver.add(action);
                    }

                    @Override
                    public boolean isCurrent() {
                        return false;
                    }
                };
        FxBatcher<Integer> batcher = new FxBatcher<>(batches::add, 10_000, recording);

        batcher.add(7);

        assertEquals(1, handedOver.size());
        assertTrue(batches.isEmpty(), "nothing reaches the sink off the UI thread");
        handedOver.get(0).run();
        assertEquals(List.of(List.of(7)), batches);
    }
}
