package dev.repmlp.app.concurrent;

/** What a running {@link Job} may report; all methods are safe to call from any thread. */
public interface JobContext {

    /** Reports {@code done} of {@code total} units of work; a negative value means unknown. */
    void progress(double done, double total);

    /** Reports a short human-readable status line, e.g. "epoch 3/100". */
    void message(String message);

    /** Whether the user asked to cancel; long jobs should poll this and stop early. */
    boolean isCancelled();
}
