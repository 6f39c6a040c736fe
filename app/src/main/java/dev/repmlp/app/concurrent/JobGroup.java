package dev.repmlp.app.concurrent;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * A page's jobs that may run side by side (a load, a draw, a check, an export), with one busy flag
 * for them all instead of a flag or counter per kind of work. Unlike {@link JobQueue} the jobs do
 * not wait for each other; pair it with {@link LatestRequest} where only the latest answer may be
 * shown. Use it on the UI thread; handlers run there.
 */
public final class JobGroup {
    private final JobRunner runner;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready", true);
    private int running;

    public JobGroup(JobRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * Starts {@code job} ({@link JobRunner#start}); the group is busy until it has ended and its
     * handler has run. A handler that starts another job keeps the group busy without a gap.
     */
    public <T> JobHandle start(
            String name, Job<T> job, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        Objects.requireNonNull(onSuccess, "onSuccess");
        Objects.requireNonNull(onFailure, "onFailure");
        running++;
        update();
        return runner.start(
                name,
                job,
                value -> ended(() -> onSuccess.accept(value)),
                error -> ended(() -> onFailure.accept(error)),
                () -> ended(() -> {}));
    }

    /** The runner, for jobs that should not make the page busy (e.g. closing what was replaced). */
    public JobRunner runner() {
        return runner;
    }

    private void ended(Runnable handler) {
        running--;
        try {
            handler.run();
        } finally {
            update();
        }
    }

    private void update() {
        busy.set(running > 0);
        ready.set(running == 0);
    }

    /** True while any job of the group runs or its handler has not run yet. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public boolean isBusy() {
        return busy.get();
    }

    /** The opposite of {@link #busyProperty()}: nothing of this group is pending. */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }
}
