package dev.repmlp.app.concurrent;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on an {@link ExecutorService}; the one the app uses. Failures are logged here as well,
 * so a job nobody watches does not fail silently.
 */
public final class ExecutorJobRunner implements JobRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorJobRunner.class);

    private final ExecutorService executor;
    private final JobsViewModel jobs = new JobsViewModel();

    /** Runs jobs on {@code executor}; {@link #close()} shuts it down. */
    public ExecutorJobRunner(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * A runner on a cached pool of daemon threads named {@code repmlp-job-N}, so a running job
     * never keeps the JVM alive after the window closes.
     */
    public static ExecutorJobRunner daemon() {
        return new ExecutorJobRunner(Executors.newCachedThreadPool(daemonThreads("repmlp-job-")));
    }

    @Override
    public <T> Task<T> submit(String name, Task<T> task) {
        jobs.track(name, task);
        task.stateProperty()
                .addListener(
                        (obs, old, state) -> {
                            if (state == Worker.State.FAILED) {
                                LOG.warn("Job '{}' failed", name, task.getException());
                            }
                        });
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed (the window went away): a handler that starts a follow-up job must not throw
            LOG.debug("Job '{}' not started: the runner is closed", name);
            task.cancel();
        }
        return task;
    }

    @Override
    public JobsViewModel jobs() {
        return jobs;
    }

    /** Cancels running jobs and stops the threads, waiting up to a second for them to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.info("Some jobs were still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
