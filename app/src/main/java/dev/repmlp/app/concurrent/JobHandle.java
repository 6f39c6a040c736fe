package dev.repmlp.app.concurrent;

/** A job started with {@link JobRunner#start}: the way to ask it to stop. */
@FunctionalInterface
public interface JobHandle {

    /**
     * Asks the job to stop: one not started yet never runs, a running one sees {@link
     * JobContext#isCancelled()}; its cancel handler runs instead of the others.
     */
    void cancel();
}
