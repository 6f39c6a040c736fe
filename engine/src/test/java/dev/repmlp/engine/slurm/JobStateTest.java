package dev.repmlp.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How squeue's word and the job's own state file combine into one state. */
class JobStateTest {

    @Test
    void slurmStatesFoldIntoTheOnesShown() {
        assertEquals(JobState.PENDING, JobState.ofSlurm("PENDING"));
        assertEquals(JobState.RUNNING, JobState.ofSlurm("COMPLETING"));
        assertEquals(JobState.FAILED, JobState.ofSlurm("OUT_OF_MEMORY"));
        assertEquals(JobState.CANCELLED, JobState.ofSlurm("CANCELLED by 0"));
        assertEquals(JobState.TIMEOUT, JobState.ofSlurm("TIMEOUT"));
        assertEquals(JobState.UNKNOWN, JobState.ofSlurm("WHATEVER"));
        assertFalse(JobState.PENDING.isFinal());
        assertTrue(JobState.TIMEOUT.isFinal());
    }

    private static SlurmRecord rec(String job) {
        return SlurmRecord.submitted(
                "train",
                job,
                Path.of("/x/slurm.sh"),
                List.of("train"),
                null,
                null,
                null,
                List.of());
    }

    @Test
    void theQueueTellsPendingWithItsReason(@TempDir Path dir) {
        SlurmStatus s =
                SlurmStatus.of(
                        rec("12_1"),
                        dir.resolve("slurm-state.json"),
                        Map.of("12_1", new Slurm.QueueEntry("12_1", "PENDING", "Resources")));
        assertEquals(JobState.PENDING, s.state());
        assertEquals("pending (Resources)", s.describe());
    }

    @Test
    void afterTheQueueForgetsTheJobItsStateFileDecides(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("slurm-state.json");
        Files.writeString(state, "{\"job\": \"12\", \"state\": \"failed\", \"exit_code\": 3}");
        SlurmStatus s = SlurmStatus.of(rec("12"), state, Map.of());
        assertEquals(JobState.FAILED, s.state());
        assertEquals(3, s.exitCode());
        // a state file of an earlier submission says nothing about this job
        assertEquals(JobState.UNKNOWN, SlurmStatus.of(rec("13"), state, Map.of()).state());
        Files.writeString(state, "{\"job\": \"12\", \"state\": \"running\", \"exit_code\": null}");
        assertEquals(JobState.FAILED, SlurmStatus.of(rec("12"), state, Map.of()).state());
        // squeue could not be asked: what the run directory says
        assertEquals(JobState.RUNNING, SlurmStatus.of(rec("12"), state, null).state());
    }

    @Test
    void aTerminatedJobIsCancelledOrWhatTheQueueSaidWhenItEnded(@TempDir Path dir)
            throws Exception {
        Path state = dir.resolve("slurm-state.json");
        Files.writeString(
                state, "{\"job\": \"12\", \"state\": \"terminated\", \"exit_code\": 130}");
        assertEquals(JobState.CANCELLED, SlurmStatus.of(rec("12"), state, Map.of()).state());
        assertEquals(
                JobState.TIMEOUT,
                SlurmStatus.of(
                                rec("12"),
                                state,
                                Map.of("12", new Slurm.QueueEntry("12", "TIMEOUT", "TimeLimit")))
                        .state());
        SlurmRecord kept = rec("12").withFinal(JobState.TIMEOUT, "TimeLimit");
        assertEquals(JobState.TIMEOUT, SlurmStatus.of(kept, state, Map.of()).state());
    }

    @Test
    void aRefusedSubmissionSaysSlurmsWords(@TempDir Path dir) {
        SlurmRecord r =
                SlurmRecord.submitted(
                        "train",
                        null,
                        Path.of("/x/slurm.sh"),
                        List.of(),
                        null,
                        null,
                        "sbatch refused the job: invalid partition",
                        List.of());
        SlurmStatus s = SlurmStatus.of(r, dir.resolve("slurm-state.json"), Map.of());
        assertEquals(JobState.SUBMIT_FAILED, s.state());
        assertTrue(s.reason().contains("invalid partition"));
    }
}
