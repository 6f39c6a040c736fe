package dev.repmlp.app.concurrent;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/**
 * Runs named background jobs and keeps {@link #jobs()} up to date. Views never start threads
 * themselves; view-models get a {@code JobRunner} injected, so tests can pass a {@link
 * SameThreadJobRunner} and production code an {@link ExecutorJobRunner}.
 *
 * <p>View-models start their work with {@link #start}: the job runs in the background and its
 * outcome comes back on {@link #ui()}, with no {@link Task} in sight, so a view-model driven by a
 * {@link DirectJobRunner} runs without the FX toolkit. {@link #submit} is the {@link Task} form,
 * for code that binds to a task's properties.
 *
 * <p>Any thread may submit. Set a task's handlers ({@code setOnSucceeded}, ...) before submitting
 * it: once a task has started, only the FX thread may touch it.
 */
public interface JobRunner {

    /**
     * Starts {@code task}; it counts as running in {@link #jobs()} from now until it succeeds,
     * fails or is cancelled.
     *
     * @param name a short name for the status bar, e.g. "Training RepMLPNet-T224"
     * @param task the task, not yet started
     * @return {@code task}, for chaining handlers
     */
    <T> Task<T> submit(String name, Task<T> task);

    /** Wraps {@code job} in a {@link JobTask} named {@code name} and submits it. */
    default <T> Task<T> submit(String name, Job<T> job) {
        return submit(name, new JobTask<>(name, job));
    }

    /** The jobs submitted here that have not finished yet. */
    JobsViewModel jobs();

    /**
     * Runs {@code job} in the background; when it ends, exactly one of the handlers runs on {@link
     * #ui()}. The job counts in {@link #jobs()} while it runs.
     *
     * @param name a short name for the status bar
     * @param onSuccess gets the job's result
     * @param onFailure gets the job's exception (already logged by the runner where it logs)
     * @param onCancel runs when the job was cancelled through the returned handle
     * @return a handle to cancel the job
     */
    default <T> JobHandle start(
            String name,
            Job<T> job,
            Consumer<? super T> onSuccess,
            Consumer<Throwable> onFailure,
            Runnable onCancel) {
        Objects.requireNonNull(onSuccess, "onSuccess");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(onCancel, "onCancel");
        JobTask<T> task = new JobTask<>(name, job);
        task.setOnSucceeded(event -> onSuccess.accept(task.getValue()));
        task.setOnFailed(event -> onFailure.accept(task.getException()));
        task.setOnCancelled(event -> onCancel.run());
        submit(name, task);
        return task::cancel;
    }

    /** {@link #start(String, Job, Consumer, Consumer, Runnable)} with nothing to do on cancel. */
    default <T> JobHandle start(
            String name, Job<T> job, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        return start(name, job, onSuccess, onFailure, () -> {});
    }

    /** Where {@link #start}'s handlers run: the FX thread unless a test runner says otherwise. */
    default UiThread ui() {
        return UiThread.fx();
    }
}
