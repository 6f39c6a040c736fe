package dev.repmlp.app.runs;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.engine.slurm.SlurmRecord;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Runs page's Job output tab: the end of a Slurm run's stdout and stderr ({@code
 * slurm-JOB.out/.err}), read as a job. FX thread only.
 */
final class SlurmJobOutput {
    /** At most this much of the end of a job's stdout/stderr is shown. */
    static final int OUTPUT_TAIL = 64 * 1024;

    private final ReadOnlyStringWrapper outputTitle =
            new ReadOnlyStringWrapper(this, "outputTitle", "Select a Slurm run and press Output");
    private final ReadOnlyStringWrapper stdout = new ReadOnlyStringWrapper(this, "stdout", "");
    private final ReadOnlyStringWrapper stderr = new ReadOnlyStringWrapper(this, "stderr", "");
    private final JobRunner jobRunner;

    SlurmJobOutput(JobRunner jobRunner) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
    }

    /** Reads the end of the run's Slurm job's stdout and stderr (slurm-JOB.out/.err). */
    public void showOutput(RunRow run) {
        jobRunner.start(
                "Reading the output of " + run.name(),
                context -> output(run.dir()),
                o -> {
                    outputTitle.set(run.name() + " \u00b7 " + o[0]);
                    stdout.set(o[1]);
                    stderr.set(o[2]);
                },
                error -> {
                    outputTitle.set(
                            run.name()
                                    + " \u00b7 cannot read its output: "
                                    + Failures.describe(error));
                    stdout.set("");
                    stderr.set("");
                });
    }

    /** {what was read, stdout's tail, stderr's tail}. */
    static String[] output(Path dir) throws IOException {
        SlurmRecord rec =
                SlurmRecord.read(dir)
                        .filter(r -> r.job() != null)
                        .orElseThrow(
                                () ->
                                        new IOException(
                                                "it was not submitted to Slurm (no job in "
                                                        + dir.resolve(SlurmRecord.FILE)
                                                        + ")"));
        Path out = rec.stdout(dir);
        Path err = rec.stderr(dir);
        if (!Files.exists(out) && !Files.exists(err)) {
            return new String[] {
                "job " + rec.job() + " has written no output yet (" + out.getFileName() + ")",
                "",
                ""
            };
        }
        return new String[] {
            "job " + rec.job() + ": " + out.getFileName() + ", " + err.getFileName(),
            tail(out),
            tail(err)
        };
    }

    /** The last {@link #OUTPUT_TAIL} bytes of {@code file} ("" when it does not exist). */
    static String tail(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - OUTPUT_TAIL);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            String text = new String(b, StandardCharsets.UTF_8);
            return start == 0 ? text : "[... earlier output left out ...]\n" + text;
        }
    }

    /** Which job's output is shown. */
    public ReadOnlyStringProperty outputTitleProperty() {
        return outputTitle.getReadOnlyProperty();
    }

    /** The end of the shown job's standard output. */
    public ReadOnlyStringProperty stdoutProperty() {
        return stdout.getReadOnlyProperty();
    }

    /** The end of the shown job's standard error. */
    public ReadOnlyStringProperty stderrProperty() {
        return stderr.getReadOnlyProperty();
    }
}
