package dev.repmlp.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.SafeTensors;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.runs.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The full training state in one {@code .safetensors} file, written atomically: the model (under
 * {@code model/} + upstream keys, BN counters included), the optimizer moments ({@code optim.m/},
 * {@code optim.v/}), the EMA weights when EMA is on ({@code ema/} + upstream keys: saved with the
 * model they average, so that they can never lag behind it), and in the metadata the position
 * (epoch, step within it, optimizer steps), the best top-1, the images skipped as unreadable so far
 * and the config. Random streams are derived from (seed, epoch, step, sample), so the position
 * restores them.
 */
public final class FullCheckpoint {
    private FullCheckpoint() {}

    public static final String FORMAT = "repmlp-workbench-checkpoint/1";

    /** Key prefix of the EMA weights in a checkpoint. */
    static final String EMA = "ema/";

    /**
     * Where a run resumes.
     *
     * @param epoch epoch to continue in
     * @param step step within that epoch to continue at
     * @param bestTop1 best val top-1 so far
     * @param lossSum sum of the step losses of this epoch before {@code step}
     * @param correct correct training predictions of this epoch before {@code step}
     * @param seen training images of this epoch before {@code step}
     * @param unreadable images skipped as unreadable in the whole run before this position (train
     *     and val images of the epochs before, and {@code epochUnreadable}), so that a resumed
     *     run's totals go on from there
     * @param epochUnreadable training images of this epoch skipped before {@code step}
     */
    public record State(
            int epoch,
            int step,
            double bestTop1,
            double lossSum,
            long correct,
            long seen,
            long unreadable,
            long epochUnreadable) {
        /** A position at an epoch start (no partial sums, no unreadable image). */
        public State(int epoch, int step, double bestTop1) {
            this(epoch, step, bestTop1, 0, 0, 0);
        }

        /** A position with the epoch's partial sums, no unreadable image. */
        public State(
                int epoch, int step, double bestTop1, double lossSum, long correct, long seen) {
            this(epoch, step, bestTop1, lossSum, correct, seen, 0, 0);
        }
    }

    /** {@link RunDirectory#lastCheckpoint}. */
    public static Path last(Path runDir) {
        return RunDirectory.lastCheckpoint(runDir);
    }

    /** {@link RunDirectory#emaWeights}: the EMA weights beside {@link #last}, when EMA is on. */
    public static Path emaFile(Path runDir) {
        return RunDirectory.emaWeights(runDir);
    }

    /** {@link RunDirectory#bestCheckpoint}. */
    public static Path best(Path runDir) {
        return RunDirectory.bestCheckpoint(runDir);
    }

    /** {@link RunDirectory#epochCheckpoint}. */
    public static Path epoch(Path runDir, int epoch) {
        return RunDirectory.epochCheckpoint(runDir, epoch);
    }

    /** Saves the state; the file is replaced atomically. */
    public static void save(
            Path file,
            RepMlpNet net,
            ParamOptimizer opt,
            int epoch,
            int step,
            double best,
            TrainingConfig config)
            throws IOException {
        save(file, net, opt, new State(epoch, step, best), config);
    }

    /** Saves the state at {@code at} (with the epoch's partial sums); replaced atomically. */
    public static void save(
            Path file, RepMlpNet net, ParamOptimizer opt, State at, TrainingConfig config)
            throws IOException {
        save(file, net, opt, at, config, null);
    }

    /**
     * Saves the state at {@code at} with the EMA weights {@code ema} (null: EMA off); replaced
     * atomically.
     */
    public static void save(
            Path file,
            RepMlpNet net,
            ParamOptimizer opt,
            State at,
            TrainingConfig config,
            RepMlpNet ema)
            throws IOException {
        int epoch = at.epoch();
        int step = at.step();
        double best = at.bestTop1();
        StateDict sd = new StateDict();
        Weights.export(net).entries().forEach(e -> sd.put("model/" + e.getKey(), e.getValue()));
        if (ema != null) {
            Weights.export(ema).entries().forEach(e -> sd.put(EMA + e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, NDArray> e : opt.firstMoments().entrySet()) {
            sd.put("optim.m/" + e.getKey(), host(e.getValue()));
        }
        for (Map.Entry<String, NDArray> e : opt.secondMoments().entrySet()) {
            sd.put("optim.v/" + e.getKey(), host(e.getValue()));
        }
        ObjectNode meta = TrainingConfig.JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("epoch", epoch);
        meta.put("step", step);
        meta.put("optimizer_steps", opt.steps());
        if (Double.isFinite(best)) {
            meta.put("best_top1", best);
        }
        if (step > 0) {
            meta.put("epoch_loss_sum", at.lossSum());
            meta.put("epoch_correct", at.correct());
            meta.put("epoch_seen", at.seen());
            meta.put("epoch_unreadable", at.epochUnreadable());
        }
        meta.put("unreadable", at.unreadable());
        meta.set("training", TrainingConfig.JSON.valueToTree(config));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("repmlp", meta.toString());
        try {
            SafeTensors.write(file, sd, m);
        } catch (IOException e) {
            throw new IOException(
                    "could not write checkpoint "
                            + file
                            + " ("
                            + e.getMessage()
                            + "); free disk space or make the folder writable, then resume."
                            + (java.nio.file.Files.isRegularFile(file)
                                    ? " The previous " + file.getFileName() + " is kept."
                                    : ""),
                    e);
        }
    }

    /** The position and best recorded in a checkpoint, reading only its header. */
    public static State position(Path file) throws IOException {
        Map<String, String> metaMap = SafeTensors.readMetadata(file);
        String raw = metaMap == null ? null : metaMap.get("repmlp");
        if (raw == null) {
            throw new IOException(file + " is not a workbench training checkpoint (no metadata)");
        }
        JsonNode meta = TrainingConfig.JSON.readTree(raw);
        double best = meta.has("best_top1") ? meta.get("best_top1").asDouble() : Double.NaN;
        return new State(meta.path("epoch").asInt(), meta.path("step").asInt(), best);
    }

    /**
     * Loads the EMA weights saved in checkpoint {@code file} into {@code ema}; reads the whole
     * file.
     *
     * @return false when the checkpoint holds none (written with EMA off, or by an older version)
     * @throws IOException when the file is unreadable or its EMA entries do not fit {@code ema}
     */
    public static boolean loadEma(Path file, RepMlpNet ema) throws IOException {
        StateDict all = SafeTensors.read(file);
        StateDict weights = new StateDict();
        for (Map.Entry<String, HostTensor> e : all.entries()) {
            if (e.getKey().startsWith(EMA)) {
                weights.put(e.getKey().substring(EMA.length()), e.getValue());
            }
        }
        if (weights.entries().isEmpty()) {
            return false;
        }
        Weights.load(ema, weights, file.getFileName() + " (EMA)");
        return true;
    }

    private static HostTensor host(NDArray a) {
        return HostTensor.ofFloats(a.getShape().getShape(), a.toFloatArray());
    }

    /** Loads a checkpoint into {@code net} and {@code opt}; returns the position. */
    public static State load(Path file, RepMlpNet net, ParamOptimizer opt, NDManager manager)
            throws IOException {
        Map<String, String> metaMap = SafeTensors.readMetadata(file);
        String raw = metaMap == null ? null : metaMap.get("repmlp");
        if (raw == null) {
            throw new IOException(file + " is not a workbench training checkpoint (no metadata)");
        }
        JsonNode meta = TrainingConfig.JSON.readTree(raw);
        if (!FORMAT.equals(meta.path("format").asText())) {
            throw new IOException(file + " has unknown format " + meta.path("format").asText());
        }
        StateDict all = SafeTensors.read(file);
        StateDict model = new StateDict();
        for (Map.Entry<String, HostTensor> e : all.entries()) {
            String k = e.getKey();
            if (k.startsWith("model/")) {
                model.put(k.substring(6), e.getValue());
            } else if (k.startsWith("optim.m/") || k.startsWith("optim.v/")) {
                HostTensor t = e.getValue();
                NDArray a = manager.create(t.toFloatArray(), new Shape(t.shape()));
                opt.restore(k.startsWith("optim.m/"), k.substring(8), a);
            }
        }
        Weights.load(net, model, file.getFileName().toString());
        opt.setSteps(meta.path("optimizer_steps").asLong());
        double best = meta.has("best_top1") ? meta.get("best_top1").asDouble() : Double.NaN;
        return new State(
                meta.path("epoch").asInt(),
                meta.path("step").asInt(),
                best,
                meta.path("epoch_loss_sum").asDouble(0),
                meta.path("epoch_correct").asLong(0),
                meta.path("epoch_seen").asLong(0),
                // absent in checkpoints of older versions: counted from 0 then
                meta.path("unreadable").asLong(0),
                meta.path("epoch_unreadable").asLong(0));
    }
}
