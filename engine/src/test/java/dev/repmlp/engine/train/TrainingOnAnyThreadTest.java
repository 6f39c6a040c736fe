package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import dev.repmlp.engine.runs.RunStatus;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GUI loads the engine on one thread (device detection) and trains on another (a job thread):
 * libtorch's per-thread grad mode must not break the optimizer there.
 */
class TrainingOnAnyThreadTest {

    @Test
    void aRunCompletesOnAThreadOtherThanTheOneThatLoadedTheEngine(@TempDir Path tmp)
            throws Exception {
        Engine.getEngine("PyTorch"); // loaded here, on the test thread
        Path data = TinyDataset.write(tmp.resolve("data"), 4, 2);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<TrainingRun.Result> result =
                    other.submit(
                            () ->
                                    TrainingRun.create(
                                                    TinyDataset.config(data, 1),
                                                    tmp.resolve("run"),
                                                    null)
                                            .run());

            assertEquals(RunStatus.COMPLETED, result.get(120, TimeUnit.SECONDS).status());
        } finally {
            other.shutdownNow();
        }
    }
}
