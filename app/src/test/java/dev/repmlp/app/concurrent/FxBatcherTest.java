package dev.repmlp.app.concurrent;

import static dev.repmlp.app.FxTesting.awaitFx;
import static dev.repmlp.app.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import javafx.application.Platform;
import javafx.util.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

class FxBatcherTest {

    @BeforeAll
    static void startFx() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void itemsFromAnotherThreadArriveInOrderInFewBatchesOnTheFxThread() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        List<Boolean> onFxThread = new CopyOnWriteArrayList<>();
        FxBatcher<Integer> batcher =
                onFx(
                        () ->
                                new FxBatcher<Integer>(
                                        Duration.millis(100),
                                        batch -> {
                                            onFxThread.add(Platform.isFxApplicationThread());
                                            batches.add(batch);
                                        }));
        onFx(
                () -> {
                    batcher.start();
                    return null;
                });

        Thread producer = new Thread(() -> IntStream.range(0, 1000).forEach(batcher::offer));
        producer.start();
        producer.join();
        awaitFx(() -> batches.stream().mapToInt(List::size).sum() == 1000);
        onFx(
                () -> {
                    batcher.stop();
                    return null;
                });

        assertEquals(
                IntStream.range(0, 1000).boxed().toList(),
                batches.stream().flatMap(List::stream).toList());
        assertTrue(batches.size() < 20, "batches: " + batches.size());
        assertTrue(onFxThread.stream().allMatch(b -> b));
    }

    @Test
    void stopFlushesWhatIsQueued() throws Exception {
        List<Integer> got = new CopyOnWriteArrayList<>();
        FxBatcher<Integer> batcher = onFx(() -> new FxBatcher<Integer>(got::addAll));
        batcher.offer(1);
        batcher.offer(2);

        onFx(
                () -> {
                    batcher.stop();
                    return null;
                });

        assertEquals(List.of(1, 2), got);
    }
}
