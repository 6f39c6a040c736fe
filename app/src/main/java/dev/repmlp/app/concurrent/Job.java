package dev.repmlp.app.concurrent;

/**
 * A unit of background work that reports through a {@link JobContext}: the plain-Java form of a
 * {@code javafx.concurrent.Task}, so engine-facing code need not subclass {@code Task}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface Job<T> {

    /**
     * Does the work on a background thread (or the calling thread, see {@link
     * SameThreadJobRunner}).
     *
     * @param context where to report progress and messages, and to poll for cancellation
     * @return the result, delivered to the task's {@code value} on the FX thread
     * @throws Exception any failure; it becomes the task's {@code exception}
     */
    T run(JobContext context) throws Exception;
}
