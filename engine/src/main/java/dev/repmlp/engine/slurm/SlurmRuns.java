package dev.repmlp.engine.slurm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a viewer of run directories (the Runs page) needs of Slurm: a run's job state from one
 * squeue listing and its folder, and cancelling a run's job.
 */
public final class SlurmRuns {
    private SlurmRuns() {}

    /**
     * The state of the run's Slurm job, or empty when the run was not submitted to Slurm. A final
     * state seen in the queue is kept in slurm.json, so it survives Slurm forgetting the job.
     *
     * @param queue one squeue listing ({@link Slurm#queue()}), or null when it failed
     * @throws IOException when slurm.json is unreadable
     */
    public static Optional<SlurmStatus> status(Path runDir, Map<String, Slurm.QueueEntry> queue)
            throws IOException {
        Optional<SlurmRecord> rec = SlurmRecord.read(runDir);
        if (rec.isEmpty()) {
            return Optional.empty();
        }
        SlurmStatus s = SlurmStatus.of(rec.get(), runDir.resolve(SlurmRecord.STATE), queue);
        if (s.state().isFinal()) {
            keepFinal(runDir, rec.get(), s, queue);
        }
        return Optional.of(s);
    }

    /**
     * Cancels the run's job (scancel), first noting in slurm.json that the workbench asked.
     *
     * @throws IOException when the run has no Slurm job, or scancel fails (Slurm's words)
     */
    public static void cancel(Slurm slurm, Path runDir) throws IOException {
        SlurmRecord rec =
                SlurmRecord.read(runDir)
                        .filter(r -> r.job() != null)
                        .orElseThrow(() -> new IOException(runDir + " has no Slurm job to cancel"));
        rec.withCancelRequested().write(runDir);
        slurm.cancel(rec.job());
    }

    /** Writes a final state the queue shows into slurm.json (once). */
    static void keepFinal(
            Path runDir, SlurmRecord seen, SlurmStatus s, Map<String, Slurm.QueueEntry> queue) {
        if (queue == null || !queue.containsKey(seen.job())) {
            return;
        }
        try {
            SlurmRecord current = SlurmRecord.read(runDir).orElse(null);
            if (current != null
                    && current.finalState() == null
                    && Objects.equals(current.job(), seen.job())) {
                current.withFinal(s.state(), s.reason()).write(runDir);
            }
        } catch (IOException e) {
            // the queue's word is a convenience; the job's own state file remains
        }
    }
}
