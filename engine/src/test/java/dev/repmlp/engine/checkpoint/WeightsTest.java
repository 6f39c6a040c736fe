package dev.repmlp.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.TestModels;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsTest {

    @TempDir Path tmp;

    /** The shared tiny model with a 4-class head. */
    static RepMlpNetConfig tiny() {
        return TestModels.tiny().withNumClass(4);
    }

    private RepMlpNet fresh(NDManager m, boolean deploy, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        RepMlpNet net = new RepMlpNet(tiny(), deploy);
        net.initialize(m);
        return net;
    }

    @Test
    void pthAndSafetensorsRoundTripTheWholeState() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet a = fresh(m, false, 1);
            NetState.randomizeBatchNorms(
                    a, 3, m.randomNormal(new ai.djl.ndarray.types.Shape(2, 3, 16, 16)));
            StateDict want = Weights.export(a);
            for (String name : List.of("w.pth", "w.safetensors")) {
                Path f = tmp.resolve(name);
                Weights.save(a, f);
                RepMlpNet b = fresh(m, false, 2);
                Weights.load(b, f);
                assertEquals(want, Weights.export(b), name);
            }
        }
    }

    @Test
    void deployWeightsIntoTrainModelExplainStructure() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet deploy = fresh(m, true, 1);
            Path f = tmp.resolve("deploy.pth");
            Weights.save(deploy, f);
            RepMlpNet train = fresh(m, false, 1);
            IncompatibleWeightsException e =
                    assertThrows(IncompatibleWeightsException.class, () -> Weights.load(train, f));
            assertTrue(e.getMessage().contains("deploy-time weights"), e.getMessage());
            assertTrue(e.getMessage().contains("missing"), e.getMessage());
            assertTrue(e.getMessage().contains("Unexpected: "), e.getMessage());
        }
    }

    @Test
    void wrongArchitectureListsMismatchesAndLoadsNothing() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet a = fresh(m, false, 1);
            StateDict sd = Weights.export(a);
            sd.put("head.weight", HostTensor.ofFloats(new long[] {7, 16}, new float[7 * 16]));
            sd.put("head.bias", HostTensor.ofFloats(new long[] {7}, new float[7]));
            RepMlpNet b = fresh(m, false, 2);
            StateDict before = Weights.export(b);
            IncompatibleWeightsException e =
                    assertThrows(
                            IncompatibleWeightsException.class, () -> Weights.load(b, sd, "x.pth"));
            assertTrue(e.getMessage().contains("2 shape-mismatched"), e.getMessage());
            assertTrue(e.getMessage().contains("num_class"), e.getMessage());
            assertEquals(before, Weights.export(b), "nothing loaded");
        }
    }

    @Test
    void structureAndPresetAreDetectedFromKeys() {
        RepMlpNet t224 = new RepMlpNet(RepMlpNetPresets.T224, true);
        StateDict sd = new StateDict();
        t224.stateSlots().forEach(s -> sd.put(s.key(), zeros(s.shape().getShape())));
        assertEquals(Structure.DEPLOY, Structure.of(sd.keys()));
        assertEquals("RepMLPNet-T224", Weights.matchPreset(sd).orElseThrow().name());
        Weights.Info info = Weights.describe(sd);
        assertEquals(367, info.keys());
        assertEquals(38331720L, info.parameters());
    }

    private static HostTensor zeros(long[] shape) {
        // a tiny stand-in: only names and shapes matter here
        return HostTensor.of(
                dev.repmlp.engine.io.DType.UINT8, shape, new byte[(int) HostTensor.numelOf(shape)]);
    }

    @Test
    void textFileRenamedPthGivesFormatError() throws IOException {
        Path f = tmp.resolve("notes.pth");
        Files.writeString(f, "not a checkpoint\n");
        IOException e = assertThrows(IOException.class, () -> Weights.read(f));
        assertTrue(e.getMessage().contains("notes.pth"), e.getMessage());
    }
}
