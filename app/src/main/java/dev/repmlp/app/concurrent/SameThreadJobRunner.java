package dev.repmlp.app.concurrent;

import javafx.concurrent.Task;

/**
 * Runs each job to the end on the thread that submits it, for tests. Called on the FX thread, every
 * state change has happened when {@link #submit} returns; called elsewhere, the FX-thread updates
 * are queued as usual (the FX toolkit must be running either way, as for any {@link Task}).
 */
public final class SameThreadJobRunner implements JobRunner {
    private final JobsViewModel jobs = new JobsViewModel();

    @Override
    public <T> Task<T> submit(String name, Task<T> task) {
        jobs.track(name, task);
        task.run();
        return task;
    }

    @Override
    public JobsViewModel jobs() {
        return jobs;
    }
}
