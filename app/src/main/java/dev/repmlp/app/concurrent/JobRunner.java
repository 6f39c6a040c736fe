package dev.repmlp.app.concurrent;

import javafx.concurrent.Task;

/**
 * Runs named background jobs and keeps {@link #jobs()} up to date. Views never start threads
 * themselves; view-models get a {@code JobRunner} injected, so tests can pass a {@link
 * SameThreadJobRunner} and production code an {@link ExecutorJobRunner}.
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
}
