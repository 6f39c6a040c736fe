package dev.repmlp.engine.slurm;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A job's state as the queue and its run directory tell it together.
 *
 * @param state the state
 * @param reason why it waits or how it ended, in Slurm's or the job's words ("" when nothing to
 *     say)
 * @param job the job ({@code 12} or {@code 12_3}), or null when never submitted
 * @param exitCode the job's exit code when it wrote one, else null
 */
public record SlurmStatus(JobState state, String reason, String job, Integer exitCode) {

    /**
     * Reads the state of the job a run directory records.
     *
     * @param stateFile the file the job writes ({@link SlurmRecord#STATE} in a run directory)
     * @param queue squeue's jobs, or null when squeue could not be asked (then the run directory
     *     alone decides)
     */
    public static SlurmStatus of(
            SlurmRecord rec, Path stateFile, Map<String, Slurm.QueueEntry> queue) {
        if (rec.submitError() != null) {
            return new SlurmStatus(JobState.SUBMIT_FAILED, rec.submitError(), null, null);
        }
        String job = rec.job();
        Map<String, Object> written = SlurmRecord.readState(stateFile).orElse(Map.of());
        boolean ours = Objects.equals(written.get("job"), job);
        String fileState = ours ? String.valueOf(written.get("state")) : null;
        Integer exit = ours && written.get("exit_code") instanceof Number n ? n.intValue() : null;
        Slurm.QueueEntry q = queue == null ? null : queue.get(job);
        if (q != null) {
            JobState s = q.jobState();
            if (s.isFinal() || fileState == null || !isEnd(fileState)) {
                return new SlurmStatus(s, reasonOf(s, q.reason(), exit), job, exit);
            }
        }
        if (fileState != null) {
            switch (fileState) {
                case "completed":
                    return new SlurmStatus(JobState.COMPLETED, "", job, exit);
                case "failed":
                    return new SlurmStatus(
                            JobState.FAILED, "exit code " + exit + " (see its output)", job, exit);
                case "terminated":
                    if (rec.finalState() != null) {
                        JobState f =
                                JobState.valueOf(
                                        rec.finalState().toUpperCase(java.util.Locale.ROOT));
                        return new SlurmStatus(f, nz(rec.finalReason()), job, exit);
                    }
                    return new SlurmStatus(
                            JobState.CANCELLED,
                            rec.cancelRequested()
                                    ? "cancelled from the workbench"
                                    : "stopped by Slurm (scancel, its time limit or preemption)",
                            job,
                            exit);
                default:
                    break;
            }
        }
        if (rec.finalState() != null) {
            JobState f = JobState.valueOf(rec.finalState().toUpperCase(java.util.Locale.ROOT));
            return new SlurmStatus(f, nz(rec.finalReason()), job, exit);
        }
        if (queue == null) {
            // squeue could not be asked: say what the run directory says
            return new SlurmStatus(
                    "running".equals(fileState) ? JobState.RUNNING : JobState.UNKNOWN,
                    "the queue could not be asked",
                    job,
                    exit);
        }
        if ("running".equals(fileState)) {
            return new SlurmStatus(
                    JobState.FAILED,
                    "the job ended without writing how (killed, or its node failed)",
                    job,
                    exit);
        }
        return new SlurmStatus(
                JobState.UNKNOWN,
                "Slurm no longer lists job " + job + " and it wrote nothing into its folder",
                job,
                exit);
    }

    private static boolean isEnd(String fileState) {
        return fileState.equals("completed")
                || fileState.equals("failed")
                || fileState.equals("terminated");
    }

    private static String reasonOf(JobState s, String reason, Integer exit) {
        String r = reason == null || reason.equals("None") || reason.equals("(null)") ? "" : reason;
        if (s == JobState.FAILED && exit != null) {
            return r.isEmpty() ? "exit code " + exit : r + ", exit code " + exit;
        }
        return r;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** E.g. "pending (Resources)", "failed (exit code 1)". */
    public String describe() {
        return state.label() + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
