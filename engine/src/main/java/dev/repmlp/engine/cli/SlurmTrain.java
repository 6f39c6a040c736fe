package dev.repmlp.engine.cli;

import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.slurm.JobState;
import dev.repmlp.engine.slurm.Slurm;
import dev.repmlp.engine.slurm.SlurmException;
import dev.repmlp.engine.slurm.SlurmRecord;
import dev.repmlp.engine.slurm.SlurmResources;
import dev.repmlp.engine.slurm.SlurmStatus;
import dev.repmlp.engine.slurm.SlurmSubmitter;
import dev.repmlp.engine.slurm.SlurmWatch;
import dev.repmlp.engine.train.FullCheckpoint;
import dev.repmlp.engine.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code repmlp train --slurm}: submits the training as a Slurm job, or resubmits one. */
final class SlurmTrain {
    /** Options a job's command leaves out: the job's own folder decides where the run goes. */
    static final List<String> NOT_IN_JOB =
            List.of("--out", "--name", "--run-dir", "--resume", "--slurm-job");

    private SlurmTrain() {}

    /**
     * Submits when the command asks for Slurm (or resumes a Slurm run).
     *
     * @return the exit status, or null to train here
     */
    static Integer submitIfAsked(TrainCommand c) throws Exception {
        c.slurm.checkUsedWithSlurm();
        if (c.slurmJob) {
            return null;
        }
        PrintWriter out = c.spec.commandLine().getOut();
        if (c.resume != null) {
            Optional<SlurmRecord> rec = SlurmRecord.read(c.resume);
            if (rec.isEmpty() && !c.slurm.slurm) {
                return null;
            }
            return resubmit(c, c.resume.toAbsolutePath().normalize(), rec, out);
        }
        if (!c.slurm.slurm) {
            return null;
        }
        TrainingConfig cfg = c.baseConfig();
        SlurmResources res = c.slurm.resources();
        Path dir;
        if (c.runDir != null) {
            dir = c.runDir.toAbsolutePath().normalize();
            if (Files.exists(dir.resolve(RunDirectory.CONFIG))
                    || Files.exists(dir.resolve(SlurmRecord.FILE))) {
                throw new IOException(
                        dir
                                + " already holds a run; use --resume "
                                + dir
                                + " or another --run-dir");
            }
            RunDirectory.claimExactly(dir);
        } else {
            // the creation picks the folder: two submissions at once never share one
            dir =
                    RunDirectory.claimFresh(c.runsFolder(), c.runName(cfg))
                            .toAbsolutePath()
                            .normalize();
        }
        List<String> args = new ArrayList<>();
        args.add("train");
        args.addAll(SlurmCli.givenOptions(c.spec, NOT_IN_JOB));
        out.printf("run directory: %s%n", dir);
        out.flush();
        SlurmRecord rec =
                SlurmCli.submitter()
                        .submitTrain(dir, SlurmSubmitter.trainJobArgs(args, dir), res, List.of());
        return submitted(c, dir, rec, out);
    }

    private static Integer resubmit(
            TrainCommand c, Path dir, Optional<SlurmRecord> rec, PrintWriter out) throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a run directory");
        }
        if (rec.isPresent() && rec.get().job() != null) {
            Map<String, Slurm.QueueEntry> queue = null;
            try {
                queue = SlurmCli.slurm().queue();
            } catch (SlurmException e) {
                // sbatch will say whether the cluster answers
            }
            if (queue != null && queue.containsKey(rec.get().job())) {
                JobState s = queue.get(rec.get().job()).jobState();
                if (!s.isFinal()) {
                    throw new IllegalArgumentException(
                            "job "
                                    + rec.get().job()
                                    + " of "
                                    + dir
                                    + " is still "
                                    + s.label()
                                    + "; cancel it first (scancel "
                                    + rec.get().job()
                                    + ", or Cancel on the Runs page)");
                }
            }
        }
        List<String> jobArgs;
        if (Files.isRegularFile(FullCheckpoint.last(dir))) {
            jobArgs = List.of("train", "--resume", dir.toString(), "--slurm-job");
        } else if (rec.isPresent() && !Files.exists(dir.resolve(RunDirectory.CONFIG))) {
            // the job never started training (refused, or failed before its first epoch began)
            jobArgs = rec.get().args();
        } else {
            throw new IOException(dir + " has no checkpoint to resume from (checkpoints/last)");
        }
        boolean newResources =
                c.slurm.partition != null
                        || c.slurm.gpus != null
                        || c.slurm.cpus != null
                        || c.slurm.mem != null
                        || c.slurm.time != null
                        || !c.slurm.sbatchArgs.isEmpty();
        SlurmResources res =
                newResources || rec.isEmpty() || rec.get().resources() == null
                        ? c.slurm.resources()
                        : rec.get().resources();
        List<String> previous = rec.map(SlurmRecord::allJobs).orElse(List.of());
        out.printf("run directory: %s (resubmitting)%n", dir);
        out.flush();
        SlurmRecord r = SlurmCli.submitter().submitTrain(dir, jobArgs, res, previous);
        return submitted(c, dir, r, out);
    }

    private static Integer submitted(TrainCommand c, Path dir, SlurmRecord rec, PrintWriter out)
            throws Exception {
        out.printf(
                "submitted Slurm job %s (script %s)%n", rec.job(), dir.resolve(SlurmRecord.SCRIPT));
        out.flush();
        if (!c.slurm.await) {
            out.printf(
                    "follow it with squeue -j %s, on the Runs page, or in %s%n",
                    rec.job(), rec.stdout(dir));
            return 0;
        }
        return await(dir, rec, out);
    }

    /** Waits for the run's job, printing its state changes and its log as it grows. */
    static int await(Path dir, SlurmRecord rec, PrintWriter out) throws Exception {
        long[] offset = {0};
        Path log = dir.resolve(RunDirectory.LOG);
        SlurmWatch.Listener print = SlurmCli.printer(out);
        Map<SlurmWatch.Target, SlurmStatus> end =
                SlurmCli.watch()
                        .await(
                                List.of(SlurmCli.target(dir.getFileName().toString(), dir, rec)),
                                new SlurmWatch.Listener() {
                                    @Override
                                    public void onChange(SlurmWatch.Target t, SlurmStatus s) {
                                        print.onChange(t, s);
                                    }

                                    @Override
                                    public void onPoll() {
                                        offset[0] = SlurmCli.tail(log, offset[0], out, "  ");
                                    }
                                });
        SlurmStatus s = end.values().iterator().next();
        if (s.state() != JobState.COMPLETED) {
            out.printf("its error output: %s%n", rec.stderr(dir));
        }
        out.flush();
        return SlurmCli.exitCode(s);
    }
}
