package dev.repmlp.engine.runs;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One row of a runs listing, read from a run directory's {@code config.json} and {@code
 * state.json}.
 *
 * @param dir the run directory
 * @param name the directory's name
 * @param preset the model's name (a preset such as {@code RepMLPNet-T224}, or a custom name)
 * @param dataset the dataset folder the run trains on (null if config.json does not say)
 * @param status the recorded state
 * @param epochsDone completed epochs
 * @param epochs epochs the run is configured for
 * @param bestValTop1 best validation top-1 in percent (NaN if never validated)
 * @param resumable whether {@code checkpoints/last} exists and the status allows resuming
 * @param updated when metrics.jsonl (or config.json) last changed
 * @param reason why the run failed, diverged or is interrupted (null otherwise)
 */
public record RunSummary(
        Path dir,
        String name,
        String preset,
        String dataset,
        RunStatus status,
        int epochsDone,
        int epochs,
        double bestValTop1,
        boolean resumable,
        Instant updated,
        String reason) {}
