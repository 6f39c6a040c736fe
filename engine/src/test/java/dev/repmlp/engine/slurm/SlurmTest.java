package dev.repmlp.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Slurm commands' failures become one message with Slurm's words; nothing hangs. */
class SlurmTest {

    @Test
    void aMissingCommandSaysWhereToRunOrWhatToInstall(@TempDir Path bin) {
        Slurm s = new Slurm(bin, Duration.ofSeconds(5));
        SlurmException e =
                assertThrows(SlurmException.class, () -> s.submit(bin.resolve("x.sh"), List.of()));
        assertTrue(e.getMessage().startsWith("sbatch not found in " + bin), e.getMessage());
        assertTrue(e.getMessage().contains("login node"), e.getMessage());
    }

    @Test
    void aRefusedSubmissionQuotesSlurm(@TempDir Path bin) throws Exception {
        FakeSlurm.tool(
                bin,
                "sbatch",
                "echo 'sbatch: error: invalid partition specified: nope' >&2\n"
                        + "echo 'sbatch: error: Batch job submission failed: Invalid partition"
                        + " name specified' >&2\nexit 1");
        Slurm s = new Slurm(bin, Duration.ofSeconds(5));
        SlurmException e =
                assertThrows(SlurmException.class, () -> s.submit(bin.resolve("x.sh"), List.of()));
        assertEquals(
                "sbatch refused the job: sbatch: error: invalid partition specified: nope;"
                        + " sbatch: error: Batch job submission failed: Invalid partition name"
                        + " specified",
                e.getMessage());
    }

    @Test
    void aControllerThatDoesNotAnswerTimesOut(@TempDir Path bin) throws Exception {
        FakeSlurm.tool(
                bin,
                "sbatch",
                "echo 'sbatch: error: Batch job submission failed: Unable to contact slurm"
                        + " controller (connect failure)' >&2\nexec sleep 60");
        Slurm s = new Slurm(bin, Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        SlurmException e =
                assertThrows(SlurmException.class, () -> s.submit(bin.resolve("x.sh"), List.of()));
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "the timeout stops it");
        assertTrue(e.getMessage().startsWith("sbatch did not answer within 1 s"), e.getMessage());
        assertTrue(e.getMessage().contains("Unable to contact slurm controller"), e.getMessage());
    }

    @Test
    void theJobIdIsParsedFromParsableOutput(@TempDir Path bin) throws Exception {
        FakeSlurm.tool(bin, "sbatch", "echo \"$@\" > \"$(dirname \"$0\")/args\"\necho '4711;main'");
        Slurm s = new Slurm(bin, Duration.ofSeconds(5));
        assertEquals("4711", s.submit(bin.resolve("x.sh"), List.of("--dependency=afterok:3")));
        assertEquals(
                "--parsable --dependency=afterok:3 " + bin.resolve("x.sh"),
                java.nio.file.Files.readString(bin.resolve("args")).strip());
    }

    @Test
    void squeueLinesBecomeEntries(@TempDir Path bin) throws Exception {
        FakeSlurm.tool(
                bin,
                "squeue",
                "printf '12_0|RUNNING|None\\n12_1|PENDING|Resources\\n13|CANCELLED|None\\n'");
        Map<String, Slurm.QueueEntry> q = new Slurm(bin, Duration.ofSeconds(5)).queue();
        assertEquals(3, q.size());
        assertEquals(JobState.PENDING, q.get("12_1").jobState());
        assertEquals("Resources", q.get("12_1").reason());
        assertEquals(JobState.CANCELLED, q.get("13").jobState());
    }
}
