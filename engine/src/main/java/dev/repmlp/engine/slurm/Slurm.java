package dev.repmlp.engine.slurm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's own commands ({@code sbatch}, {@code squeue}, {@code scancel}), each run with a timeout
 * so that a cluster that is down or a controller that does not answer never hangs the caller.
 * Failures are {@link SlurmException}s whose message quotes what Slurm said.
 */
public final class Slurm {
    /** How long one Slurm command may take before it is killed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Path binDir;
    private final Duration timeout;

    /** The Slurm commands on {@code PATH}, with {@link #DEFAULT_TIMEOUT}. */
    public Slurm() {
        this(null, DEFAULT_TIMEOUT);
    }

    /**
     * @param binDir folder holding the Slurm commands, or null to search {@code PATH}
     * @param timeout how long one command may take
     */
    public Slurm(Path binDir, Duration timeout) {
        this.binDir = binDir;
        this.timeout = timeout;
    }

    /**
     * The Slurm commands as configured: on {@code PATH}, or in the folder {@code REPMLP_SLURM_BIN}
     * (or {@code -Drepmlp.slurm.bin}) names; {@code REPMLP_SLURM_TIMEOUT} (or {@code
     * -Drepmlp.slurm.timeout}, seconds) changes the {@link #DEFAULT_TIMEOUT}.
     *
     * @throws NumberFormatException when the timeout is not a whole number
     */
    public static Slurm configured() {
        String t = setting("repmlp.slurm.timeout", "REPMLP_SLURM_TIMEOUT");
        Duration timeout =
                t == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(Long.parseLong(t.strip()));
        String bin = setting("repmlp.slurm.bin", "REPMLP_SLURM_BIN");
        return new Slurm(bin == null ? null : Path.of(bin), timeout);
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property, System.getenv(env));
        return v == null || v.isBlank() ? null : v;
    }

    /** What a command printed and how it exited. */
    public record Output(int exitCode, String stdout, String stderr) {
        /** Stderr (or stdout when stderr is empty) as one line. */
        public String said() {
            String s = stderr.isBlank() ? stdout : stderr;
            return s.strip().replaceAll("\\s*\\R\\s*", "; ");
        }
    }

    /** A job as {@code squeue} lists it. */
    public record QueueEntry(String jobId, String state, String reason) {
        /** The workbench's reading of {@link #state}. */
        public JobState jobState() {
            return JobState.ofSlurm(state);
        }
    }

    /** True when {@code tool} (e.g. "sbatch") can be run. */
    public boolean has(String tool) {
        return locate(tool) != null;
    }

    /**
     * Submits a batch script.
     *
     * @param args sbatch options placed before the script (e.g. {@code --dependency=afterok:12})
     * @return the job id (for an array, the array's job id)
     * @throws SlurmException no sbatch, the submission refused (Slurm's reason quoted), or no
     *     answer within the timeout
     */
    public String submit(Path script, List<String> args) throws SlurmException {
        List<String> all = new ArrayList<>();
        all.add("--parsable");
        all.addAll(args);
        all.add(script.toAbsolutePath().toString());
        Output out = run("sbatch", all);
        if (out.exitCode() != 0) {
            throw new SlurmException("sbatch refused the job: " + out.said());
        }
        String first = out.stdout().strip().lines().findFirst().orElse("");
        String id = first.split(";", 2)[0].strip();
        if (!id.matches("\\d+")) {
            throw new SlurmException("sbatch printed no job id: " + out.said());
        }
        return id;
    }

    /**
     * This user's jobs that the controller still knows (pending, running, and finished ones for
     * {@code MinJobAge}), array tasks one per entry ({@code 12_0}, {@code 12_1}).
     *
     * @throws SlurmException no squeue, an error, or no answer within the timeout
     */
    public Map<String, QueueEntry> queue() throws SlurmException {
        Output out =
                run(
                        "squeue",
                        List.of(
                                "--noheader",
                                "--array",
                                "--states=all",
                                "--user=" + System.getProperty("user.name"),
                                "--format=%i|%T|%r"));
        if (out.exitCode() != 0) {
            throw new SlurmException("squeue failed: " + out.said());
        }
        Map<String, QueueEntry> jobs = new LinkedHashMap<>();
        for (String line : out.stdout().split("\\R")) {
            String[] f = line.strip().split("\\|", 3);
            if (f.length == 3 && !f[0].isEmpty()) {
                jobs.put(f[0], new QueueEntry(f[0], f[1], f[2]));
            }
        }
        return jobs;
    }

    /**
     * Cancels a job, an array, or one array task ({@code 12_1}).
     *
     * @throws SlurmException no scancel, Slurm's refusal, or no answer within the timeout
     */
    public void cancel(String jobId) throws SlurmException {
        Output out = run("scancel", List.of(jobId));
        if (out.exitCode() != 0) {
            throw new SlurmException("scancel " + jobId + " failed: " + out.said());
        }
    }

    /**
     * Runs a Slurm command and collects its output.
     *
     * @throws SlurmException when the command is not installed, cannot start, or does not finish
     *     within the timeout (it is then killed)
     */
    public Output run(String tool, List<String> args) throws SlurmException {
        Path exe = locate(tool);
        if (exe == null) {
            throw new SlurmException(
                    tool
                            + " not found"
                            + (binDir == null ? " on PATH" : " in " + binDir)
                            + ": this machine is not a Slurm submit host; run on the cluster's"
                            + " login node, or install Slurm's client commands (Debian:"
                            + " slurm-client; a local test cluster: tools/slurm/local-cluster.sh)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(args);
        Path outFile = null;
        Path errFile = null;
        try {
            outFile = Files.createTempFile("repmlp-slurm", ".out");
            errFile = Files.createTempFile("repmlp-slurm", ".err");
            Process p =
                    new ProcessBuilder(cmd)
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .redirectOutput(outFile.toFile())
                            .redirectError(errFile.toFile())
                            .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy();
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(2, TimeUnit.SECONDS);
                }
                String said = new Output(-1, read(outFile), read(errFile)).said();
                throw new SlurmException(
                        String.format(
                                Locale.ROOT,
                                "%s did not answer within %d s: is the Slurm controller up"
                                        + " (`sinfo` tells)?%s",
                                tool,
                                timeout.toSeconds(),
                                said.isEmpty() ? "" : " It said: " + said));
            }
            return new Output(p.exitValue(), read(outFile), read(errFile));
        } catch (SlurmException e) {
            throw e;
        } catch (IOException e) {
            throw new SlurmException("cannot run " + exe + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlurmException("interrupted while waiting for " + tool, e);
        } finally {
            deleteQuietly(outFile);
            deleteQuietly(errFile);
        }
    }

    private Path locate(String tool) {
        if (binDir != null) {
            Path p = binDir.resolve(tool);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, tool);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
