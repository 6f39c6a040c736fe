package dev.repmlp.app.concurrent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/**
 * Runs each job of {@link #start} on the calling thread, which counts as the UI thread ({@link
 * UiThread#direct()}), with no {@link Task}: view-models driven by it need no FX toolkit, as with
 * JabRef's {@code CurrentThreadTaskExecutor}. For tests.
 *
 * <p>{@link #hold()} keeps the jobs started from then on waiting until {@link #runHeld()}, so a
 * test can ask twice before the first answer is back ("latest request wins"). {@link #submit} runs
 * a {@link Task}, which needs the FX toolkit; {@link #jobs()} only lists those.
 */
public final class DirectJobRunner implements JobRunner {
    private final JobsViewModel jobs = new JobsViewModel();
    private final Deque<Runnable> held = new ArrayDeque<>();
    private boolean holding;
    private int started;

    @Override
    public <T> Task<T> submit(String name, Task<T> task) {
        jobs.track(name, task);
        task.run();
        return task;
    }

    @Override
    public <T> JobHandle start(
            String name,
            Job<T> job,
            Consumer<? super T> onSuccess,
            Consumer<Throwable> onFailure,
            Runnable onCancel) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(onSuccess, "onSuccess");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(onCancel, "onCancel");
        started++;
        boolean[] cancelled = {false};
        Runnable run =
                () -> {
                    if (cancelled[0]) {
                        onCancel.run();
                        return;
                    }
                    T value;
                    try {
                        value = job.run(new Context(cancelled));
                    } catch (Exception e) {
                        onFailure.accept(e);
                        return;
                    }
                    onSuccess.accept(value);
                };
        if (holding) {
            held.add(run);
        } else {
            run.run();
        }
        return () -> cancelled[0] = true;
    }

    /** Jobs started from now on wait for {@link #runHeld()}. */
    public void hold() {
        holding = true;
    }

    /**
     * Runs the held jobs, oldest first; from then on jobs run at once again (so do the ones the
     * held jobs' handlers start).
     *
     * @return how many jobs ran
     */
    public int runHeld() {
        holding = false;
        int n = 0;
        for (Runnable r = held.poll(); r != null; r = held.poll()) {
            r.run();
            n++;
        }
        return n;
    }

    /** How many jobs are held. */
    public int heldCount() {
        return held.size();
    }

    /** How many jobs {@link #start} was given so far. */
    public int startedCount() {
        return started;
    }

    @Override
    public UiThread ui() {
        return UiThread.direct();
    }

    @Override
    public JobsViewModel jobs() {
        return jobs;
    }

    /** What a job sees: reports go nowhere, cancellation is the handle's flag. */
    private record Context(boolean[] cancelled) implements JobContext {
        @Override
        public void progress(double done, double total) {}

        @Override
        public void message(String message) {}

        @Override
        public boolean isCancelled() {
            return cancelled[0];
        }
    }
}
