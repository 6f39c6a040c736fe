package dev.repmlp.app.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Carries a job's results to the FX thread in batches: {@link #add} from the job thread, and at
 * most one {@code Platform.runLater} per interval hands everything queued so far to the sink. Call
 * {@link #flush()} when the job ends and {@link #drain()} (FX thread) in its completion handler, so
 * nothing is left behind.
 *
 * @param <T> the item type
 */
public final class FxBatcher<T> {
    /** The default interval: at most ten deliveries a second. */
    public static final long DEFAULT_INTERVAL_MILLIS = 100;

    private final Consumer<List<T>> sink;
    private final long intervalNanos;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long lastScheduled = System.nanoTime() - Long.MAX_VALUE / 2;

    /**
     * @param sink gets each batch on the FX thread, in the order the items were added
     */
    public FxBatcher(Consumer<List<T>> sink) {
        this(sink, DEFAULT_INTERVAL_MILLIS);
    }

    public FxBatcher(Consumer<List<T>> sink, long intervalMillis) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    /** Queues {@code item}; schedules a delivery when the last one is an interval ago. */
    public void add(T item) {
        queue.add(Objects.requireNonNull(item));
        if (System.nanoTime() - lastScheduled >= intervalNanos) {
            schedule();
        }
    }

    /** Delivers what is queued: now on the FX thread, else soon. */
    public void flush() {
        if (Platform.isFxApplicationThread()) {
            drain();
        } else {
            schedule();
        }
    }

    /** Hands everything queued to the sink now (FX thread). */
    public void drain() {
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        for (T item = queue.poll(); item != null; item = queue.poll()) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            lastScheduled = System.nanoTime();
            Platform.runLater(this::drain);
        }
    }
}
