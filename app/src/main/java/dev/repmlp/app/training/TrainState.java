package dev.repmlp.app.training;

/** Where the Train page's run is. */
public enum TrainState {
    /** No run started yet. */
    IDLE,
    /** Loading the engine and the dataset. */
    STARTING,
    RUNNING,
    /** Stop was pressed; the run ends after its current step. */
    STOPPING,
    COMPLETED,
    /** Stopped by the user; it can be resumed. */
    CANCELLED,
    FAILED;

    /** True while a run is in progress. */
    public boolean isActive() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }
}
