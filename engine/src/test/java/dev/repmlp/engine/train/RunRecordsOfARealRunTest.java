package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.runs.MetricsChunk;
import dev.repmlp.engine.runs.MetricsCsv;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.RunSummary;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers agree with what {@link TrainingRun} writes. */
class RunRecordsOfARealRunTest {

    @Test
    void readersUnderstandATrainingRunsDirectory(@TempDir Path tmp) throws IOException {
        Path data = TinyDataset.write(tmp.resolve("data"), 12, 4);
        Path run = tmp.resolve("runs").resolve("tiny-run");
        TrainingRun.create(TinyDataset.config(data, 2), run, null).run();

        RunSummary s = RunRecords.summary(run);
        assertEquals("tiny", s.preset());
        assertEquals(RunStatus.COMPLETED, s.status());
        assertEquals(2, s.epochsDone());
        assertEquals(2, s.epochs());
        assertFalse(Double.isNaN(s.bestValTop1()));
        assertEquals(data.toAbsolutePath().toString(), s.dataset());
        assertEquals(List.of(s), RunRecords.list(run.getParent()));

        MetricsChunk m = RunRecords.readMetrics(run);
        assertEquals(8, m.steps().size());
        assertEquals(2, m.epochs().size());
        assertEquals(0, m.skippedLines());
        assertEquals(4, m.steps().get(0).stepsPerEpoch());
        assertTrue(m.steps().stream().allMatch(st -> st.loss() > 0 && st.lr() > 0));

        StringWriter csv = new StringWriter();
        MetricsCsv.write(m, csv);
        assertEquals(1 + 8 + 2, csv.toString().lines().count());

        TrainingConfig reloaded = ConfigFile.read(run.resolve(RunDirectory.CONFIG));
        assertEquals(TinyDataset.config(data, 2), reloaded);
        assertTrue(Files.isRegularFile(run.resolve("model-deploy.pth")));
    }
}
