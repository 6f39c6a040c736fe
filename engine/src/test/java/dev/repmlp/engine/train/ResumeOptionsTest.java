package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.RunState;
import dev.repmlp.engine.runs.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What --resume may change, and what it refuses: other settings, another class set, a damaged
 * config.
 */
class ResumeOptionsTest {
    @TempDir Path tmp;

    @Test
    void resumeAppliesEpochsRefusesOtherChangesAndAChangedClassSet() throws IOException {
        Path data = TinyDataset.write(tmp.resolve("data"), 4, 1);
        Path run = tmp.resolve("run");
        assertEquals(
                RunStatus.COMPLETED,
                TrainingRun.create(TinyDataset.config(data, 1), run, null).run().status());

        IllegalArgumentException refused =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainingRun.resume(run, null, Map.of("batch_size", "4")));
        assertTrue(refused.getMessage().contains("cannot change batch_size"), refused.getMessage());

        // --epochs 2 on a completed 1-epoch run: one more epoch, recorded in config.json
        TrainingRun.Result more = TrainingRun.resume(run, null, Map.of("epochs", "2")).run();
        assertEquals(RunStatus.COMPLETED, more.status());
        assertEquals(2, more.epochsDone());
        JsonNode config = new ObjectMapper().readTree(run.resolve(RunDirectory.CONFIG).toFile());
        assertEquals(2, config.path("training").path("epochs").asInt());

        // a class renamed since the run started: refused before any step
        Files.move(data.resolve("train/red"), data.resolve("train/rouge"));
        Files.move(data.resolve("val/red"), data.resolve("val/rouge"));
        IllegalArgumentException changed =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainingRun.resume(run, null, Map.of("epochs", "3")).run());
        assertTrue(changed.getMessage().contains("classes changed"), changed.getMessage());
        assertTrue(changed.getMessage().contains("rouge"), changed.getMessage());
        // the refusal leaves the run as it was: completed after 2 epochs, not failed
        RunState after = RunRecords.state(run, 2);
        assertEquals(RunStatus.COMPLETED, after.status());
        assertEquals(2, after.epochsDone());
        assertFalse(Files.readString(run.resolve(RunDirectory.STATE)).contains("classes changed"));
    }

    @Test
    void aDamagedConfigOnResumeIsOneLineNamingTheFile() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve(RunDirectory.CONFIG), "{\"training\":{\"epochs\":\"many\"}}");
        IOException e = assertThrows(IOException.class, () -> TrainingRun.resume(run, null));
        assertTrue(
                e.getMessage().startsWith(run.resolve("config.json").toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
