package dev.repmlp.engine.slurm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the batch scripts of trainings, sweeps and sharded tests into their folders and submits
 * them. When sbatch refuses (or is missing, or the controller does not answer), the folder records
 * Slurm's words ({@link SlurmRecord#submitError()}) before the exception goes on.
 */
public final class SlurmSubmitter {
    private final Slurm slurm;
    private final JobLauncher launcher;
    private final Path workDir;

    /**
     * @param launcher how jobs start this build
     * @param workDir the jobs' working directory
     */
    public SlurmSubmitter(Slurm slurm, JobLauncher launcher, Path workDir) {
        this.slurm = slurm;
        this.launcher = launcher;
        this.workDir = workDir.toAbsolutePath();
    }

    /** Arguments that make {@code repmlp train} run as the job of {@code runDir}. */
    public static List<String> trainJobArgs(List<String> trainArgs, Path runDir) {
        List<String> a = new ArrayList<>(trainArgs);
        a.add("--run-dir");
        a.add(runDir.toAbsolutePath().toString());
        a.add("--slurm-job");
        return a;
    }

    /**
     * The script of a training in {@code runDir}, without submitting it (the Train page's preview).
     */
    public String trainScript(Path runDir, List<String> jobArgs, SlurmResources res) {
        Path dir = runDir.toAbsolutePath();
        return JobScript.render(
                "RepMLP Workbench: `repmlp train` of run " + dir.getFileName() + " as a Slurm job",
                "repmlp-" + dir.getFileName(),
                workDir,
                dir.resolve("slurm-%j.out").toString(),
                res,
                List.of(),
                launcher,
                List.of(new JobScript.Task(dir, dir.resolve(SlurmRecord.STATE), jobArgs)));
    }

    /**
     * Writes {@code runDir/slurm.sh} and submits it; records the job in {@code runDir/slurm.json}.
     *
     * @param jobArgs the job's {@code repmlp} arguments ({@link #trainJobArgs}, or a resume)
     * @param previousJobs jobs of earlier submissions of this run
     * @throws SlurmException when the submission fails (recorded in slurm.json first)
     */
    public SlurmRecord submitTrain(
            Path runDir, List<String> jobArgs, SlurmResources res, List<String> previousJobs)
            throws IOException {
        res.validate();
        Path dir = runDir.toAbsolutePath();
        Files.createDirectories(dir);
        Path script = dir.resolve(SlurmRecord.SCRIPT);
        writeScript(script, trainScript(dir, jobArgs, res));
        try {
            String job = slurm.submit(script, List.of());
            SlurmRecord rec =
                    SlurmRecord.submitted(
                            "train", job, script, jobArgs, res, null, null, previousJobs);
            rec.write(dir);
            return rec;
        } catch (SlurmException e) {
            SlurmRecord.submitted(
                            "train", null, script, jobArgs, res, null, e.getMessage(), previousJobs)
                    .write(dir);
            throw e;
        }
    }

    /**
     * Writes the sweep's folder (sweep.json, the array's slurm.sh, a folder per point with its
     * slurm.json) and submits the points as one job array.
     *
     * @throws SlurmException when the submission fails (recorded in every point's slurm.json)
     */
    public Sweep submitSweep(Path sweepDir, Sweep sweep, SlurmResources res) throws IOException {
        res.validate();
        Path dir = sweepDir.toAbsolutePath();
        Files.createDirectories(dir);
        List<JobScript.Task> tasks = new ArrayList<>();
        for (Sweep.Point p : sweep.points()) {
            Path run = dir.resolve(p.run());
            Files.createDirectories(run);
            tasks.add(
                    new JobScript.Task(
                            run, run.resolve(SlurmRecord.STATE), pointArgs(sweep, p, run)));
        }
        Path script = dir.resolve(SlurmRecord.SCRIPT);
        writeScript(
                script,
                JobScript.render(
                        "RepMLP Workbench: sweep "
                                + dir.getFileName()
                                + " over "
                                + String.join(", ", sweep.grid().keySet())
                                + " as a Slurm job array (task i trains point i)",
                        "repmlp-sweep-" + dir.getFileName(),
                        workDir,
                        dir.resolve("slurm-%A_%a.out").toString(),
                        res,
                        List.of("--array=0-" + (sweep.points().size() - 1)),
                        launcher,
                        tasks));
        sweep.write(dir);
        String job;
        try {
            job = slurm.submit(script, List.of());
        } catch (SlurmException e) {
            for (Sweep.Point p : sweep.points()) {
                Path run = dir.resolve(p.run());
                SlurmRecord.submitted(
                                "train",
                                null,
                                script,
                                pointArgs(sweep, p, run),
                                res,
                                dir,
                                e.getMessage(),
                                List.of())
                        .write(run);
            }
            throw e;
        }
        Sweep submitted = sweep.withJob(job);
        submitted.write(dir);
        for (Sweep.Point p : sweep.points()) {
            Path run = dir.resolve(p.run());
            SlurmRecord.submitted(
                            "train",
                            job + "_" + p.index(),
                            script,
                            pointArgs(sweep, p, run),
                            res,
                            dir,
                            null,
                            List.of())
                    .write(run);
        }
        return submitted;
    }

    /**
     * A point's {@code repmlp train} arguments: the shared ones, its {@code --set}s, its folder.
     */
    public static List<String> pointArgs(Sweep sweep, Sweep.Point p, Path run) {
        List<String> a = new ArrayList<>(sweep.trainArgs());
        a.addAll(p.setArgs());
        return trainJobArgs(a, run);
    }

    /**
     * A sharded test ({@code test.json} in its folder).
     *
     * @param shards how many shards
     * @param testArgs the {@code repmlp test} arguments every shard shares
     * @param job the shards' job array
     * @param mergeJob the merge job (after the array, {@code afterok})
     * @param submitError sbatch's refusal, or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ShardedTest(
            @JsonProperty("format") String format,
            @JsonProperty("shards") int shards,
            @JsonProperty("test_args") List<String> testArgs,
            @JsonProperty("job") String job,
            @JsonProperty("merge_job") String mergeJob,
            @JsonProperty("submitted") String submitted,
            @JsonProperty("submit_error") String submitError) {
        public static final String FILE = "test.json";

        public ShardedTest {
            testArgs = List.copyOf(testArgs);
        }

        /** The sharded test in {@code dir}, if it holds one. */
        public static Optional<ShardedTest> read(Path dir) throws IOException {
            Path f = dir.resolve(FILE);
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            return Optional.of(SlurmRecord.JSON.readValue(f.toFile(), ShardedTest.class));
        }

        void write(Path dir) throws IOException {
            SlurmRecord.writeAtomically(
                    dir.resolve(FILE), SlurmRecord.JSON.writeValueAsBytes(this));
        }
    }

    /** The state file of shard {@code k} in the evaluation folder. */
    public static Path shardState(Path dir, int k) {
        return dir.resolve("shard-" + k + ".state.json");
    }

    /** The state file of the merge job in the evaluation folder. */
    public static Path mergeState(Path dir) {
        return dir.resolve("merge.state.json");
    }

    /**
     * Writes the shards' array script ({@code slurm.sh}) and the merge script ({@code merge.sh})
     * into {@code evalDir}, submits the array, then the merge with {@code afterok} on it (and
     * {@code --kill-on-invalid-dep=yes}, so a failed shard cancels the merge rather than leave it
     * pending forever).
     *
     * @param testArgs {@code test DATA MODE WEIGHTS ...} with absolute paths
     * @throws SlurmException when a submission fails (recorded in test.json)
     */
    public ShardedTest submitTest(
            Path evalDir, List<String> testArgs, int shards, SlurmResources res)
            throws IOException {
        res.validate();
        if (shards < 1) {
            throw new IllegalArgumentException("--shards must be at least 1");
        }
        Path dir = evalDir.toAbsolutePath();
        Files.createDirectories(dir);
        List<JobScript.Task> tasks = new ArrayList<>();
        for (int k = 0; k < shards; k++) {
            List<String> a = new ArrayList<>(testArgs);
            a.add("--shard");
            a.add(k + "/" + shards);
            a.add("--shard-out");
            a.add(dir.resolve(Shards.fileName(k)).toString());
            tasks.add(new JobScript.Task(dir, shardState(dir, k), a));
        }
        Path script = dir.resolve(SlurmRecord.SCRIPT);
        writeScript(
                script,
                JobScript.render(
                        "RepMLP Workbench: `repmlp test` over "
                                + shards
                                + " shards of the val set as a Slurm job array",
                        "repmlp-test-" + dir.getFileName(),
                        workDir,
                        dir.resolve("slurm-%A_%a.out").toString(),
                        res,
                        List.of("--array=0-" + (shards - 1)),
                        launcher,
                        tasks));
        // the merge sums counts: one CPU, no GPU, the same partition and site options
        SlurmResources mergeRes =
                new SlurmResources(res.partition(), null, 1, null, res.time(), res.extra());
        Path merge = dir.resolve("merge.sh");
        ShardedTest plan =
                new ShardedTest(
                        "repmlp-sharded-test/1",
                        shards,
                        testArgs,
                        null,
                        null,
                        SlurmRecord.now(),
                        null);
        plan.write(dir);
        String job = null;
        String mergeJob;
        try {
            job = slurm.submit(script, List.of());
            writeScript(
                    merge,
                    JobScript.render(
                            "RepMLP Workbench: merges the "
                                    + shards
                                    + " shard results of test "
                                    + dir.getFileName(),
                            "repmlp-merge-" + dir.getFileName(),
                            workDir,
                            dir.resolve("slurm-%j.out").toString(),
                            mergeRes,
                            List.of("--dependency=afterok:" + job, "--kill-on-invalid-dep=yes"),
                            launcher,
                            List.of(
                                    new JobScript.Task(
                                            dir,
                                            mergeState(dir),
                                            List.of("merge-test", dir.toString())))));
            mergeJob = slurm.submit(merge, List.of());
        } catch (SlurmException e) {
            new ShardedTest(
                            plan.format(),
                            shards,
                            testArgs,
                            job,
                            null,
                            plan.submitted(),
                            e.getMessage())
                    .write(dir);
            throw e;
        }
        ShardedTest done =
                new ShardedTest(
                        plan.format(), shards, testArgs, job, mergeJob, plan.submitted(), null);
        done.write(dir);
        return done;
    }

    private static void writeScript(Path script, String text) throws IOException {
        SlurmRecord.writeAtomically(script, text.getBytes(StandardCharsets.UTF_8));
        try {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            // sbatch reads the script; the execute bit only helps people run it by hand
        }
    }
}
