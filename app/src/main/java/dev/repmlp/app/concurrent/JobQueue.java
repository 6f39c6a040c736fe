package dev.repmlp.app.concurrent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A page's jobs, run one after another through a {@link JobRunner}: a job starts when the one
 * before it has ended. Jobs that share engine state (a loaded model) therefore never overlap, and a
 * job may replace and close what earlier jobs used. Requests made while a job runs wait their turn,
 * e.g. images dropped while the model is still loading. Use it on the runner's UI thread ({@link
 * JobRunner#ui()}, the FX thread in the app); handlers run there.
 */
public final class JobQueue {
    private final JobRunner runner;
    private final Deque<Runnable> pending = new ArrayDeque<>();
    private Object current;
    private JobHandle currentHandle;

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");

    public JobQueue(JobRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** Starts describing a job named {@code name} (status bar, {@link #messageProperty()}). */
    public <T> Builder<T> job(String name, Job<T> job) {
        return new Builder<>(name, job);
    }

    /** Where the handlers run ({@link JobRunner#ui()}): for batching a job's results there. */
    public UiThread ui() {
        return runner.ui();
    }

    /** Drops the jobs not started yet and asks the running one to stop. */
    public void cancelAll() {
        pending.clear();
        if (currentHandle != null) {
            currentHandle.cancel();
        }
    }

    /** True from the first request until the queue is empty and the last job has ended. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public boolean isBusy() {
        return busy.get();
    }

    /** The running job's latest message (its name until it reports one); "" when idle. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The running job's progress, 0..1, or -1 while unknown; 0 when idle. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    private <T> void enqueue(Builder<T> b) {
        pending.add(() -> start(b));
        busy.set(true);
        if (current == null) {
            next();
        }
    }

    private <T> void start(Builder<T> b) {
        Object token = new Object();
        current = token;
        message.set(b.name);
        progress.set(-1);
        Job<T> reporting = context -> b.job.run(new Reporting(context, token));
        b.onStart.run();
        // with a same-thread runner the job (and the next ones) run inside this call
        JobHandle handle =
                runner.start(
                        b.name,
                        reporting,
                        value -> finish(token, () -> b.onSuccess.accept(value)),
                        error -> finish(token, () -> b.onFailure.accept(error)),
                        () -> finish(token, b.onCancel));
        if (current == token) {
            currentHandle = handle;
        }
    }

    /**
     * A job's context that also shows its reports in {@link #messageProperty()} and {@link
     * #progressProperty()}, handed to the UI thread at most one pending update at a time.
     */
    private final class Reporting implements JobContext {
        private final JobContext outer;
        private final Object token;
        private final AtomicReference<String> pendingMessage = new AtomicReference<>();
        private final AtomicReference<Double> pendingProgress = new AtomicReference<>();

        Reporting(JobContext outer, Object token) {
            this.outer = outer;
            this.token = token;
        }

        @Override
        public void progress(double done, double total) {
            outer.progress(done, total);
            double p = done < 0 || total <= 0 ? -1 : Math.min(1, done / total);
            if (pendingProgress.getAndSet(p) == null) {
                runner.ui()
                        .execute(
                                () -> {
                                    Double latest = pendingProgress.getAndSet(null);
                                    if (current == token && latest != null) {
                                        progress.set(latest);
                                    }
                                });
            }
        }

        @Override
        public void message(String text) {
            outer.message(text);
            if (text == null || text.isEmpty()) {
                return;
            }
            if (pendingMessage.getAndSet(text) == null) {
                runner.ui()
                        .execute(
                                () -> {
                                    String latest = pendingMessage.getAndSet(null);
                                    if (current == token && latest != null) {
                                        message.set(latest);
                                    }
                                });
            }
        }

        @Override
        public boolean isCancelled() {
            return outer.isCancelled();
        }
    }

    private void finish(Object token, Runnable handler) {
        if (current == token) {
            current = null;
            currentHandle = null;
        }
        try {
            handler.run();
        } finally {
            next();
        }
    }

    private void next() {
        if (current != null) {
            return;
        }
        Runnable start = pending.poll();
        if (start == null) {
            busy.set(false);
            message.set("");
            progress.set(0);
            return;
        }
        start.run();
    }

    /**
     * One job's handlers, all run on the runner's UI thread; {@link #enqueue()} queues it.
     *
     * @param <T> the job's result
     */
    public final class Builder<T> {
        private final String name;
        private final Job<T> job;
        private Runnable onStart = () -> {};
        private Consumer<? super T> onSuccess = value -> {};
        private Consumer<Throwable> onFailure = error -> {};
        private Runnable onCancel = () -> {};

        private Builder(String name, Job<T> job) {
            this.name = Objects.requireNonNull(name, "name");
            this.job = Objects.requireNonNull(job, "job");
        }

        /** Runs just before the job starts (after the jobs queued before it have ended). */
        public Builder<T> onStart(Runnable action) {
            this.onStart = Objects.requireNonNull(action);
            return this;
        }

        public Builder<T> onSuccess(Consumer<? super T> action) {
            this.onSuccess = Objects.requireNonNull(action);
            return this;
        }

        /** Gets the job's exception; the job runner has logged it already. */
        public Builder<T> onFailure(Consumer<Throwable> action) {
            this.onFailure = Objects.requireNonNull(action);
            return this;
        }

        public Builder<T> onCancel(Runnable action) {
            this.onCancel = Objects.requireNonNull(action);
            return this;
        }

        /** Queues the job; it starts now if nothing else runs. */
        public void enqueue() {
            JobQueue.this.enqueue(this);
        }
    }
}
