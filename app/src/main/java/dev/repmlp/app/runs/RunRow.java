package dev.repmlp.app.runs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * One run in the Runs table.
 *
 * @param dir the run directory
 * @param name its folder name
 * @param preset the model's name
 * @param dataset the dataset folder's name ("" if unknown)
 * @param datasetPath the dataset folder ("" if unknown)
 * @param bestTop1 best val top-1 in percent (NaN if never validated)
 * @param epochsDone completed epochs
 * @param epochs configured epochs
 * @param state "running", "completed", "cancelled", ...
 * @param live whether the run may still be written to (worth following)
 * @param updated when its metrics last changed
 * @param slurm its Slurm job's state and reason, e.g. "pending (Resources)" ("" when the run was
 *     not submitted to Slurm)
 * @param job its Slurm job ({@code 12} or {@code 12_3}, "" when none)
 * @param cancellable whether its Slurm job is still queued or running
 * @param sweep the sweep folder's name when the run is a sweep's point, else ""
 */
public record RunRow(
        Path dir,
        String name,
        String preset,
        String dataset,
        String datasetPath,
        double bestTop1,
        int epochsDone,
        int epochs,
        String state,
        boolean live,
        Instant updated,
        String slurm,
        String job,
        boolean cancellable,
        String sweep) {

    /** A run that was not submitted to Slurm. */
    public RunRow(
            Path dir,
            String name,
            String preset,
            String dataset,
            String datasetPath,
            double bestTop1,
            int epochsDone,
            int epochs,
            String state,
            boolean live,
            Instant updated) {
        this(
                dir,
                name,
                preset,
                dataset,
                datasetPath,
                bestTop1,
                epochsDone,
                epochs,
                state,
                live,
                updated,
                "",
                "",
                false,
                "");
    }

    /** Whether the run was submitted to Slurm. */
    public boolean isSlurm() {
        return !job.isEmpty() || !slurm.isEmpty();
    }

    /** "71.50" or "" when never validated. */
    public String bestText() {
        return Double.isNaN(bestTop1) ? "" : String.format(Locale.ROOT, "%.2f", bestTop1);
    }

    /** "3/20". */
    public String epochsText() {
        return epochsDone + "/" + epochs;
    }
}
