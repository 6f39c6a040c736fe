package dev.repmlp.app.concurrent;

import java.util.Objects;
import javafx.concurrent.Task;

/**
 * Adapts a {@link Job} to a {@link Task}: the job's reports become the task's {@code progress},
 * {@code message} and {@code title} (the job's name), which views can bind to.
 *
 * @param <T> the result type
 */
public final class JobTask<T> extends Task<T> {
    private final Job<T> job;

    /**
     * @param name shown as the task title and in the status bar
     * @param job the work to run
     */
    public JobTask(String name, Job<T> job) {
        this.job = Objects.requireNonNull(job, "job");
        updateTitle(Objects.requireNonNull(name, "name"));
    }

    @Override
    protected T call() throws Exception {
        return job.run(
                new JobContext() {
                    @Override
                    public void progress(double done, double total) {
                        updateProgress(done, total);
                    }

                    @Override
                    public void message(String message) {
                        updateMessage(message);
                    }

                    @Override
                    public boolean isCancelled() {
                        return JobTask.this.isCancelled();
                    }
                });
    }
}
