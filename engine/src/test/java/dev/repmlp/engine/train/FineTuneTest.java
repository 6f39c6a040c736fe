package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.TestModels;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.RepMlpNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuneTest {

    @TempDir Path tmp;

    @Test
    void initWeightsWithAnotherHeadKeepTheBodyAndGetANewHead() throws IOException {
        Engine.getInstance().setRandomSeed(2);
        Path five = tmp.resolve("five-classes.pth");
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(TestModels.tiny().withNumClass(5), false);
            net.initialize(m);
            Weights.save(net, five);
        }
        StateDict file = Weights.read(five);
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(TestModels.tiny(), false); // 3 classes
            net.initialize(m);
            List<String> log = new ArrayList<>();
            FineTune.loadInitWeights(net, five, log::add);
            StateDict loaded = Weights.export(net);
            for (String k : file.keys()) {
                if (k.startsWith("head.")) {
                    assertEquals(3, loaded.get(k).shape()[0], k);
                } else {
                    assertEquals(file.get(k), loaded.get(k), k);
                }
            }
            assertTrue(log.get(0).contains("loaded all but the head"), log.toString());
        }
    }

    @Test
    void deployTimeInitWeightsAreRefused() throws IOException {
        Path deploy = tmp.resolve("deploy.pth");
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(TestModels.tiny(), true);
            net.initialize(m);
            Weights.save(net, deploy);
            RepMlpNet train = new RepMlpNet(TestModels.tiny(), false);
            train.initialize(m);
            IOException e =
                    assertThrows(
                            IOException.class,
                            () -> FineTune.loadInitWeights(train, deploy, s -> {}));
            assertTrue(e.getMessage().contains("deploy-time"), e.getMessage());
        }
    }
}
