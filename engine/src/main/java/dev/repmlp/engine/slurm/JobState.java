package dev.repmlp.engine.slurm;

import java.util.Locale;

/**
 * A Slurm job's state as the workbench shows it: Slurm's many states (squeue's {@code %T}) folded
 * into the ones a researcher acts on.
 */
public enum JobState {
    /** Waiting in the queue (squeue gives the reason: Resources, Priority, Dependency, ...). */
    PENDING,
    RUNNING,
    COMPLETED,
    /** Ended with a non-zero exit, out of memory, or its node failed. */
    FAILED,
    /** Cancelled (scancel) or preempted. */
    CANCELLED,
    /** Stopped at its time limit ({@code --time}). */
    TIMEOUT,
    /** sbatch refused it: no job ever existed. */
    SUBMIT_FAILED,
    /** Neither the queue nor the run directory says. */
    UNKNOWN;

    /** The state of squeue's {@code %T} / scontrol's {@code JobState} value. */
    public static JobState ofSlurm(String slurmState) {
        String s = slurmState == null ? "" : slurmState.strip().toUpperCase(Locale.ROOT);
        // "CANCELLED by 0" in scontrol's output
        int space = s.indexOf(' ');
        if (space > 0) {
            s = s.substring(0, space);
        }
        return switch (s) {
            case "PENDING",
                    "REQUEUED",
                    "REQUEUE_HOLD",
                    "REQUEUE_FED",
                    "CONFIGURING",
                    "RESV_DEL_HOLD" ->
                    PENDING;
            case "RUNNING", "COMPLETING", "SUSPENDED", "STAGE_OUT", "SIGNALING", "RESIZING" ->
                    RUNNING;
            case "COMPLETED" -> COMPLETED;
            case "FAILED", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "SPECIAL_EXIT" -> FAILED;
            case "CANCELLED", "PREEMPTED", "DEADLINE", "REVOKED" -> CANCELLED;
            case "TIMEOUT" -> TIMEOUT;
            default -> UNKNOWN;
        };
    }

    /** True once the job will not change any more. */
    public boolean isFinal() {
        return this == COMPLETED
                || this == FAILED
                || this == CANCELLED
                || this == TIMEOUT
                || this == SUBMIT_FAILED;
    }

    /** Lower-case words, e.g. "submit failed". */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
