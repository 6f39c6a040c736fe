package dev.repmlp.engine.inspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.model.RepMlpBlock;
import dev.repmlp.engine.model.RepMlpNet;
import java.util.ArrayList;
import java.util.List;

/**
 * How far a deploy-time net is from its train-time original in eval mode: per RepMLP block (on the
 * block's real input activations) and at the logits; max absolute and max relative difference
 * (relative to the largest |value| of the reference).
 *
 * @param blocks one entry per block, stage-major
 * @param logits the difference of the logits
 */
public record EquivalenceReport(List<Diff> blocks, Diff logits) {

    /**
     * @param name e.g. {@code stages.2.5.repmlp_block}
     * @param maxAbs max |train - deploy|
     * @param maxRel maxAbs / max |train|
     * @param scale max |train|
     */
    public record Diff(String name, double maxAbs, double maxRel, double scale) {
        static Diff of(String name, NDArray ref, NDArray other) {
            float[] a = ref.toFloatArray();
            float[] b = other.toFloatArray();
            double maxAbs = 0;
            double scale = 0;
            for (int i = 0; i < a.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs((double) a[i] - b[i]));
                scale = Math.max(scale, Math.abs(a[i]));
            }
            return new Diff(name, maxAbs, scale == 0 ? maxAbs : maxAbs / scale, scale);
        }
    }

    /** Compares {@code train} and {@code deploy} on input {@code x}, both in eval mode. */
    public static EquivalenceReport compare(RepMlpNet train, RepMlpNet deploy, NDArray x) {
        NDManager manager = x.getManager();
        try (NDManager sub = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(sub, false);
            List<Diff> diffs = new ArrayList<>();
            List<NDArray> inputs = train.blockInputs(store, x, false);
            List<RepMlpBlock> tb = train.blocks();
            List<RepMlpBlock> db = deploy.blocks();
            List<String> names = blockNames(train);
            for (int i = 0; i < tb.size(); i++) {
                NDArray in = inputs.get(i);
                NDArray a = tb.get(i).forward(store, new NDList(in), false).singletonOrThrow();
                NDArray b = db.get(i).forward(store, new NDList(in), false).singletonOrThrow();
                diffs.add(Diff.of(names.get(i), a, b));
            }
            NDArray la = train.forward(store, new NDList(x), false).singletonOrThrow();
            NDArray lb = deploy.forward(store, new NDList(x), false).singletonOrThrow();
            return new EquivalenceReport(List.copyOf(diffs), Diff.of("logits", la, lb));
        }
    }

    /** Upstream names of the blocks, e.g. {@code stages.0.1.repmlp_block}. */
    public static List<String> blockNames(RepMlpNet net) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < net.stages().size(); i++) {
            for (int j = 0; j < net.stages().get(i).size(); j++) {
                names.add("stages." + i + "." + j + ".repmlp_block");
            }
        }
        return names;
    }

    /** The largest block difference. */
    public double worstBlockMaxAbs() {
        return blocks.stream().mapToDouble(Diff::maxAbs).max().orElse(0);
    }
}
