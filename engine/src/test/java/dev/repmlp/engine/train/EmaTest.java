package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.runs.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmaTest {

    @TempDir Path tmp;

    @Test
    void alphaFollowsUpstreamsFormula() {
        TrainingConfig c =
                TinyDataset.config(tmp, 2).toBuilder()
                        .emaAlpha(0.001)
                        .emaUpdatePeriod(8)
                        .warmupEpochs(1)
                        .build();
        // batch 8 x 1 device / 2 epochs * period 8 = 32 -> 0.032; a plain copy while warming up
        assertEquals(1.0, Ema.alpha(c, 0));
        assertEquals(0.032, Ema.alpha(c, 1), 1e-12);
        assertTrue(Ema.due(c, 16));
        assertTrue(!Ema.due(c, 3));
    }

    @Test
    void emaWeightsAreExportedAndTrackTheModel() throws IOException {
        Path data = TinyDataset.write(tmp.resolve("data"), 8, 2);
        // alpha = 1 at every step: the average must equal the final weights exactly
        Path copy = tmp.resolve("copy");
        TrainingRun.create(
                        TinyDataset.config(data, 1).toBuilder()
                                .emaAlpha(1.0)
                                .emaUpdatePeriod(1)
                                .build(),
                        copy,
                        null)
                .run();
        assertEquals(
                Weights.read(copy.resolve("model-train.pth")),
                Weights.read(copy.resolve("model-ema-train.pth")));
        assertTrue(Files.readString(copy.resolve(RunDirectory.METRICS)).contains("ema_val_top1"));
        // a slow average lags behind the trained weights
        Path slow = tmp.resolve("slow");
        TrainingRun.create(
                        TinyDataset.config(data, 2).toBuilder()
                                .warmupEpochs(0)
                                .emaAlpha(0.001)
                                .emaUpdatePeriod(1)
                                .build(),
                        slow,
                        null)
                .run();
        assertNotEquals(
                Weights.read(slow.resolve("model-train.pth")),
                Weights.read(slow.resolve("model-ema-train.pth")));
    }
}
