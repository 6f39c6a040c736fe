package dev.repmlp.engine.cli;

import dev.repmlp.engine.slurm.SlurmResources;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code train}, {@code sweep} and {@code test} that submit to Slurm. */
final class SlurmOptions {
    /** Their names, which a job's own command line leaves out. */
    static final List<String> NAMES =
            List.of(
                    "--slurm",
                    "--partition",
                    "--gpus",
                    "--cpus",
                    "--mem",
                    "--time",
                    "--sbatch-arg",
                    "--wait");

    @Option(
            names = "--slurm",
            description = "Submit to Slurm with sbatch instead of running here (docs/slurm.md).")
    boolean slurm;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition.")
    String partition;

    @Option(names = "--gpus", paramLabel = "N", description = "GPUs per job (--gres=gpu:N).")
    Integer gpus;

    @Option(names = "--cpus", paramLabel = "N", description = "CPUs per job (--cpus-per-task).")
    Integer cpus;

    @Option(names = "--mem", paramLabel = "M", description = "Memory per job, e.g. 16G.")
    String mem;

    @Option(names = "--time", paramLabel = "T", description = "Time limit, e.g. 2:00:00.")
    String time;

    @Option(
            names = "--sbatch-arg",
            paramLabel = "ARG",
            description = "Any further sbatch option, e.g. --sbatch-arg=--qos=high (repeatable).")
    List<String> sbatchArgs = new ArrayList<>();

    @Option(
            names = "--wait",
            description = "With --slurm: wait for the job(s) and exit with their status.")
    boolean await;

    SlurmResources resources() {
        SlurmResources r = new SlurmResources(partition, gpus, cpus, mem, time, sbatchArgs);
        r.validate();
        return r;
    }

    /** Fails when Slurm options are given without --slurm. */
    void checkUsedWithSlurm() {
        boolean any =
                partition != null
                        || gpus != null
                        || cpus != null
                        || mem != null
                        || time != null
                        || !sbatchArgs.isEmpty()
                        || await;
        if (any && !slurm) {
            throw new IllegalArgumentException(
                    "--partition, --gpus, --cpus, --mem, --time, --sbatch-arg and --wait go with"
                            + " --slurm; add --slurm to submit the job");
        }
    }
}
