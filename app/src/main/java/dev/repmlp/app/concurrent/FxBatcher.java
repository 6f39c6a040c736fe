package dev.repmlp.app.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Carries a job's results to the FX thread (the injected {@link UiThread}) in batches: {@link #add}
 * from the job thread, and at most one hand-over per interval gives everything queued so far to the
 * sink. An item never waits much longer than one interval, even when no other item follows it (a
 * training step before a long validation). Call {@link #flush()} when the job ends and {@link
 * #drain()} (FX thread) in its completion handler, so nothing is left behind.
 *
 * @param <T> the item type
 */
public final class FxBatcher<T> {
    /** The default interval: at most ten deliveries a second. */
    public static final long DEFAULT_INTERVAL_MILLIS = 100;

    /** Delays the deliveries asked for within an interval of the last one. */
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread t = new Thread(runnable, "repmlp-fx-batcher");
                        t.setDaemon(true);
                        return t;
                    });

    private final Consumer<List<T>> sink;
    private final long intervalNanos;
    private final UiThread ui;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long lastDelivery = System.nanoTime() - Long.MAX_VALUE / 2;

    /**
     * @param sink gets each batch on the FX thread, in the order the items were added
     */
    public FxBatcher(Consumer<List<T>> sink) {
        this(sink, DEFAULT_INTERVAL_MILLIS);
    }

    public FxBatcher(Consumer<List<T>> sink, long intervalMillis) {
        this(sink, intervalMillis, UiThread.fx());
    }

    /**
     * @param sink gets each batch on {@code ui}, in the order the items were added
     * @param ui the thread the sink runs on: {@link UiThread#fx()} in the app, {@link
     *     UiThread#direct()} in tests without the FX toolkit
     */
    public FxBatcher(Consumer<List<T>> sink, long intervalMillis, UiThread ui) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.ui = Objects.requireNonNull(ui, "ui");
    }

    /**
     * Queues {@code item} (any thread) and makes sure a delivery follows: at once when the last one
     * is an interval ago, else when the interval is up.
     */
    public void add(T item) {
        queue.add(Objects.requireNonNull(item));
        if (scheduled.compareAndSet(false, true)) {
            long wait = intervalNanos - (System.nanoTime() - lastDelivery);
            if (wait <= 0) {
                ui.execute(this::drain);
            } else {
                TIMER.schedule(() -> ui.execute(this::drain), wait, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Delivers what is queued: now on the FX thread, else as soon as the FX thread can. */
    public void flush() {
        if (ui.isCurrent()) {
            drain();
        } else {
            ui.execute(this::drain);
        }
    }

    /** Hands everything queued to the sink now (on the UI thread). */
    public void drain() {
        scheduled.set(false);
        lastDelivery = System.nanoTime();
        List<T> batch = new ArrayList<>();
        for (T item = queue.poll(); item != null; item = queue.poll()) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
