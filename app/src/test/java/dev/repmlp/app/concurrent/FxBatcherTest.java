package dev.repmlp.app.concurrent;

import static dev.repmlp.app.FxTesting.awaitFx;
import static dev.repmlp.app.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

class FxBatcherTest {
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final List<Boolean> onFxThread = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startFx() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void manyItemsArriveInOrderInFewBatchesOnTheFxThread() throws Exception {
        FxBatcher<Integer> batcher =
                new FxBatcher<>(
                        batch -> {
                            onFxThread.add(Platform.isFxApplicationThread());
                            batches.add(batch);
                        },
                        10_000);

        for (int i = 0; i < 1000; i++) {
            batcher.add(i);
        }
        batcher.flush();

        awaitFx(() -> batches.stream().mapToInt(List::size).sum() == 1000);
        assertEquals(
                IntStream.range(0, 1000).boxed().toList(),
                batches.stream().flatMap(List::stream).toList());
        assertTrue(batches.size() <= 2, batches.size() + " batches");
        assertTrue(onFxThread.stream().allMatch(b -> b));
    }

    @Test
    void drainOnTheFxThreadDeliversWhatIsLeftAtOnce() throws Exception {
        FxBatcher<Integer> batcher = new FxBatcher<>(batches::add, 10_000);
        batcher.add(1); // the first add schedules a delivery
        batcher.add(2); // within the interval: waits

        int delivered =
                onFx(
                        () -> {
                            batcher.drain();
                            return batches.stream().mapToInt(List::size).sum();
                        });

        assertEquals(2, delivered);
    }

    @Test
    void anItemWithinTheIntervalIsDeliveredWhenTheIntervalIsUpWithoutAnotherAdd() throws Exception {
        FxBatcher<Integer> batcher = new FxBatcher<>(batches::add, 200);
        batcher.add(1);
        awaitFx(() -> batches.size() == 1);

        batcher.add(2); // right after a delivery: waits for the interval, then comes alone

        awaitFx(() -> batches.size() == 2);
        assertEquals(List.of(List.of(1), List.of(2)), batches);
    }
}
