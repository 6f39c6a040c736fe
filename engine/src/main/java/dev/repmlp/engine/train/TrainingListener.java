package dev.repmlp.engine.train;

import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.StepMetrics;

/** Receives a run's progress; called on the training thread. Default methods do nothing. */
public interface TrainingListener {
    default void onStep(StepMetrics m) {}

    default void onEpoch(EpochMetrics m) {}

    default void onLog(String line) {}

    /**
     * How far an epoch-end validation has got: about once a second while it runs and once when it
     * ends, so that a long validation does not look frozen.
     */
    default void onValidation(ValidationProgress p) {}

    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() {};
}
