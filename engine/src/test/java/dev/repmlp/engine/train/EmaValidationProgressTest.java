package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.runs.RunStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With EMA on, each epoch-end validation reports two passes: the trained weights', then EMA's. */
class EmaValidationProgressTest {

    @TempDir Path tmp;

    @Test
    void theEmaPassIsReportedAsSuchAfterTheTrainedWeightsPass() throws IOException {
        Path data = TinyDataset.write(tmp.resolve("data"), 4, 2);
        List<ValidationProgress> progress = new ArrayList<>();
        TrainingRun.Result r =
                TrainingRun.create(
                                TinyDataset.config(data, 2).toBuilder()
                                        .batchSize(4)
                                        .emaAlpha(0.01)
                                        .emaUpdatePeriod(1)
                                        .build(),
                                tmp.resolve("run"),
                                new TrainingListener() {
                                    @Override
                                    public void onValidation(ValidationProgress p) {
                                        progress.add(p);
                                    }
                                })
                        .withWorkers(2)
                        .run();
        assertEquals(RunStatus.COMPLETED, r.status());
        for (int epoch = 0; epoch < 2; epoch++) {
            for (boolean ema : new boolean[] {false, true}) {
                int e = epoch;
                List<ValidationProgress> pass =
                        progress.stream().filter(p -> p.epoch() == e && p.ema() == ema).toList();
                assertFalse(pass.isEmpty(), "epoch " + e + " ema " + ema + ": " + progress);
                // each pass ends at every val image (3 classes x 2)
                assertTrue(pass.get(pass.size() - 1).done(), pass.toString());
                assertEquals(6, pass.get(pass.size() - 1).images());
                assertEquals(ema ? " (EMA weights)" : "", pass.get(0).label());
            }
        }
        // in order: the trained weights' pass, then the EMA pass, per epoch; counts only grow
        // within a pass
        for (int i = 1; i < progress.size(); i++) {
            ValidationProgress p = progress.get(i - 1);
            ValidationProgress q = progress.get(i);
            assertTrue(
                    q.epoch() > p.epoch()
                            || (q.ema() && !p.ema())
                            || (q.ema() == p.ema() && q.images() > p.images()),
                    progress.toString());
        }
    }
}
