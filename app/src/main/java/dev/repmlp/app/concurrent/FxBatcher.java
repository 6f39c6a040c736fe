package dev.repmlp.app.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/**
 * Collects items from any thread and hands them to the FX thread in batches, at most once per
 * period: a training thread may report hundreds of steps a second, while the charts need redrawing
 * only a few times a second. Items keep their order.
 *
 * @param <T> the item type
 */
public final class FxBatcher<T> {
    /** 10 flushes a second at most. */
    public static final Duration DEFAULT_PERIOD = Duration.millis(100);

    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final Consumer<List<T>> sink;
    private final Timeline timeline;

    /** Batches at {@link #DEFAULT_PERIOD}. Create on the FX thread. */
    public FxBatcher(Consumer<List<T>> sink) {
        this(DEFAULT_PERIOD, sink);
    }

    /**
     * @param period time between flushes while started
     * @param sink receives each non-empty batch on the FX thread
     */
    public FxBatcher(Duration period, Consumer<List<T>> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        timeline = new Timeline(new KeyFrame(period, event -> flush()));
        timeline.setCycleCount(Animation.INDEFINITE);
    }

    /** Queues {@code item}; any thread. */
    public void offer(T item) {
        queue.add(Objects.requireNonNull(item, "item"));
    }

    /** Starts the periodic flushes (FX thread). */
    public void start() {
        timeline.play();
    }

    /** Stops the periodic flushes and flushes what is queued (FX thread). */
    public void stop() {
        timeline.stop();
        flush();
    }

    /** Drops everything queued (FX thread). */
    public void discard() {
        queue.clear();
    }

    /** Hands everything queued so far to the sink as one batch (FX thread). */
    public void flush() {
        List<T> batch = new ArrayList<>();
        for (T item; (item = queue.poll()) != null; ) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }

    /** True while the periodic flushes run. */
    public boolean isRunning() {
        return timeline.getStatus() == Animation.Status.RUNNING;
    }
}
