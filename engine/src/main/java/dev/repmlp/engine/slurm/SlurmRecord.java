package dev.repmlp.engine.slurm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.repmlp.engine.runs.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run directory says about its Slurm job ({@code slurm.json}, written by the submitting
 * process): the job, the command it runs, what it asked for, and what became of it when the
 * submitter saw it end. The job itself writes {@link #STATE} (see {@link JobScript}).
 *
 * @param format {@code repmlp-slurm/1}
 * @param kind {@code train} (a training run, alone or a sweep's point)
 * @param job the job as squeue names it: {@code 12}, or {@code 12_3} for array task 3; null when
 *     the submission failed
 * @param submitted when it was submitted (ISO-8601)
 * @param script the batch script
 * @param args the {@code repmlp} arguments the job runs
 * @param resources what it asked for
 * @param sweep the sweep folder when this run is a sweep's point, else null
 * @param submitError sbatch's refusal, or null
 * @param finalState the final state the submitter or the GUI saw in the queue (kept after Slurm
 *     forgets the job), or null
 * @param finalReason Slurm's reason with it
 * @param cancelRequested true once the workbench asked Slurm to cancel it
 * @param previousJobs jobs of earlier submissions of this run (a resume resubmits)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlurmRecord(
        @JsonProperty("format") String format,
        @JsonProperty("kind") String kind,
        @JsonProperty("job") String job,
        @JsonProperty("submitted") String submitted,
        @JsonProperty("script") String script,
        @JsonProperty("args") List<String> args,
        @JsonProperty("resources") SlurmResources resources,
        @JsonProperty("sweep") String sweep,
        @JsonProperty("submit_error") String submitError,
        @JsonProperty("final_state") String finalState,
        @JsonProperty("final_reason") String finalReason,
        @JsonProperty("cancel_requested") boolean cancelRequested,
        @JsonProperty("previous_jobs") List<String> previousJobs) {

    /** The record's file in a run directory. */
    public static final String FILE = "slurm.json";

    /** The state file the job writes into its run directory. */
    public static final String STATE = "slurm-state.json";

    /** The batch script in a run directory. */
    public static final String SCRIPT = "slurm.sh";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SlurmRecord {
        args = args == null ? List.of() : List.copyOf(args);
        previousJobs = previousJobs == null ? List.of() : List.copyOf(previousJobs);
    }

    /** A job just submitted (or refused: {@code job} null, {@code submitError} set). */
    public static SlurmRecord submitted(
            String kind,
            String job,
            Path script,
            List<String> args,
            SlurmResources resources,
            Path sweep,
            String submitError,
            List<String> previousJobs) {
        return new SlurmRecord(
                "repmlp-slurm/1",
                kind,
                job,
                now(),
                script.toAbsolutePath().toString(),
                args,
                resources,
                sweep == null ? null : sweep.toAbsolutePath().toString(),
                submitError,
                null,
                null,
                false,
                previousJobs);
    }

    /** The record of {@code dir}, if it has one. */
    public static Optional<SlurmRecord> read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), SlurmRecord.class));
        } catch (IOException e) {
            throw new IOException(f + " is not a readable Slurm record: " + e.getMessage(), e);
        }
    }

    /** Writes {@code dir/slurm.json} atomically. */
    public void write(Path dir) throws IOException {
        writeAtomically(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    /** With the final state seen in the queue. */
    public SlurmRecord withFinal(JobState state, String reason) {
        return new SlurmRecord(
                format,
                kind,
                job,
                submitted,
                script,
                args,
                resources,
                sweep,
                submitError,
                state.name().toLowerCase(java.util.Locale.ROOT),
                reason,
                cancelRequested,
                previousJobs);
    }

    /** Marked as cancelled by the workbench. */
    public SlurmRecord withCancelRequested() {
        return new SlurmRecord(
                format,
                kind,
                job,
                submitted,
                script,
                args,
                resources,
                sweep,
                submitError,
                finalState,
                finalReason,
                true,
                previousJobs);
    }

    /** Every job of this run, earlier submissions first. */
    public List<String> allJobs() {
        List<String> l = new ArrayList<>(previousJobs);
        if (job != null) {
            l.add(job);
        }
        return l;
    }

    /** The job's standard output file in {@code dir} (it appends to it). */
    public Path stdout(Path dir) {
        return dir.resolve("slurm-" + job + ".out");
    }

    /** The job's standard error file in {@code dir}. */
    public Path stderr(Path dir) {
        return dir.resolve("slurm-" + job + ".err");
    }

    /**
     * What the job wrote into {@code stateFile} ({@code state}: running, completed, failed,
     * terminated), or empty when it has not (yet) written anything.
     */
    public static Optional<Map<String, Object>> readState(Path stateFile) {
        if (!Files.isRegularFile(stateFile)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(stateFile.toFile());
            if (n == null || !n.isObject()) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.convertValue(n, Map.class);
            return Optional.of(m);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Writes through a temp file and a rename, as every run file is ({@link RunDirectory}). */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        RunDirectory.writeAtomically(target, bytes);
    }
}
