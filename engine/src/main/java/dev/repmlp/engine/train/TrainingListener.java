package dev.repmlp.engine.train;

import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.StepMetrics;

/** Receives a run's progress; called on the training thread. Default methods do nothing. */
public interface TrainingListener {
    default void onStep(StepMetrics m) {}

    default void onEpoch(EpochMetrics m) {}

    default void onLog(String line) {}

    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() {};
}
