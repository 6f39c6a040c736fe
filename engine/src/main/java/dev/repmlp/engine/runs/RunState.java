package dev.repmlp.engine.runs;

import java.util.Objects;

/**
 * What a run's {@code state.json} records: written by {@link RunDirectory#writeState}, read back by
 * {@link RunRecords#summary}.
 *
 * @param status how far the run is
 * @param epochsDone completed epochs
 * @param epochs epochs the run is configured for
 * @param bestValTop1 best validation top-1 in percent (NaN if never validated)
 */
public record RunState(RunStatus status, int epochsDone, int epochs, double bestValTop1) {
    public RunState {
        Objects.requireNonNull(status, "status");
    }
}
