package dev.repmlp.engine.train;

import dev.repmlp.engine.runs.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A training run's log lines: appended to the run's log.txt and told to the listener. */
final class RunLog {
    private final RunDirectory run;
    private final TrainingListener listener;

    RunLog(RunDirectory run, TrainingListener listener) {
        this.run = run;
        this.listener = listener;
    }

    /**
     * Writes one line.
     *
     * @throws UncheckedIOException naming log.txt when it cannot be written
     */
    void line(String s) {
        try {
            run.log(s);
        } catch (IOException e) {
            // RunDirectory's message names log.txt, the reason and the fix
            throw new UncheckedIOException(e.getMessage(), e);
        }
        listener.onLog(s);
    }
}
