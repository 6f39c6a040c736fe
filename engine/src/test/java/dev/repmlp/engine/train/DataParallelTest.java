package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.TestModels;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.StateSlot;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-parallel path, exercised with replicas on the CPU (no GPU here). */
class DataParallelTest {

    @TempDir Path tmp;

    @Test
    void replicasStartEqualAndTheirGradientsAreSummedOntoTheMaster() {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet master = new RepMlpNet(TestModels.tiny(), false);
            master.initialize(m);
            try (Replicas rep = new Replicas(master, List.of(Device.cpu(), Device.cpu()))) {
                RepMlpNet replica = rep.nets().get(0);
                assertEquals(Weights.export(master), Weights.export(replica));
                List<StateSlot> trainable = new ArrayList<>();
                for (StateSlot s : master.stateSlots()) {
                    if (!s.isCounter() && s.parameter().requiresGradient()) {
                        trainable.add(s);
                        s.parameter().getArray().setRequiresGradient(true);
                    }
                }
                NDArray x = m.randomNormal(new Shape(4, 3, 16, 16));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(
                            master.forward(new ParameterStore(m, false), new NDList(x), true)
                                    .singletonOrThrow()
                                    .sum());
                    gc.backward(
                            replica.forward(rep.store(0), new NDList(x), true)
                                    .singletonOrThrow()
                                    .sum());
                }
                // same weights, same input: equal gradients, so the reduced one is twice as big
                int head = trainable.size() - 2; // head.weight
                NDArray g = trainable.get(head).parameter().getArray().getGradient();
                float[] once = g.toFloatArray();
                rep.reduceGradient(head, g, m);
                float[] twice = g.toFloatArray();
                for (int i = 0; i < once.length; i++) {
                    assertEquals(2 * once[i], twice[i], 1e-5 * Math.max(1, Math.abs(once[i])));
                }
                // broadcast brings every replica back to the master's state
                master.stateSlots().get(0).parameter().getArray().muli(3);
                rep.broadcast(master);
                assertArrayEquals(
                        master.stateSlots().get(0).parameter().getArray().toFloatArray(),
                        replica.stateSlots().get(0).parameter().getArray().toFloatArray());
            }
        }
    }

    @Test
    void aRunOnTwoReplicasTrainsWithTheTotalBatch() throws IOException {
        Path data = TinyDataset.write(tmp.resolve("data"), 16, 4);
        TrainingConfig cfg =
                TinyDataset.config(data, 3).toBuilder().device("cpu:2").batchSize(4).build();
        assertEquals(8, cfg.totalBatch());
        Path run = tmp.resolve("dp");
        TrainingRun.Result r = TrainingRun.create(cfg, run, null).run();
        assertEquals(RunStatus.COMPLETED, r.status());
        List<String> lines = Files.readAllLines(run.resolve(RunDirectory.METRICS));
        long steps = lines.stream().filter(l -> l.contains("\"type\":\"step\"")).count();
        assertEquals(3 * (48 / 8), steps); // 48 images / (4 per replica x 2 replicas)
        ObjectMapper json = new ObjectMapper();
        double first =
                json.readTree(
                                lines.stream()
                                        .filter(l -> l.contains("\"epoch\""))
                                        .findFirst()
                                        .orElseThrow())
                        .get("loss")
                        .asDouble();
        String lastEpoch =
                lines.stream()
                        .filter(l -> l.contains("\"type\":\"epoch\""))
                        .reduce((a, b) -> b)
                        .orElseThrow();
        assertTrue(json.readTree(lastEpoch).get("train_loss").asDouble() < first, lastEpoch);
    }
}
