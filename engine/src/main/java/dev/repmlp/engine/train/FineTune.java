package dev.repmlp.engine.train;

import dev.repmlp.engine.checkpoint.Structure;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.StateSlot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/** Starting a run from train-time weights (released or ours), re-creating the head if needed. */
final class FineTune {
    private FineTune() {}

    static void loadInitWeights(RepMlpNet net, Path file, Consumer<String> log) throws IOException {
        StateDict sd = Weights.read(file);
        if (Structure.of(sd.keys()) == Structure.DEPLOY) {
            throw new IOException(
                    file
                            + " holds deploy-time weights; training needs train-time weights"
                            + " (the conv branches), e.g. a released checkpoint or model-train.pth");
        }
        Map<String, StateSlot> slots = NetState.byKey(net);
        HostTensor w = sd.get("head.weight");
        StateSlot hw = slots.get("head.weight");
        boolean newHead = w != null && !Arrays.equals(w.shape(), hw.shape().getShape());
        if (newHead) {
            // keep the model's freshly initialised head; load everything else strictly
            StateDict copy = new StateDict();
            for (var e : sd.entries()) {
                copy.put(e.getKey(), e.getValue());
            }
            for (String k : new String[] {"head.weight", "head.bias"}) {
                var a = slots.get(k).parameter().getArray();
                copy.put(k, HostTensor.ofFloats(a.getShape().getShape(), a.toFloatArray()));
            }
            Weights.load(net, copy, file.getFileName().toString());
            log.accept(
                    "fine-tuning from "
                            + file
                            + ": loaded all but the head ("
                            + w.shapeString()
                            + " in the file), which is new for "
                            + net.config().numClass()
                            + " classes");
        } else {
            Weights.load(net, sd, file.getFileName().toString());
            log.accept("starting from weights " + file);
        }
    }
}
