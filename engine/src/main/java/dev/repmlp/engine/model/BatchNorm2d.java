package dev.repmlp.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.repmlp.engine.reparam.BnStats;
import java.util.List;

/**
 * PyTorch's {@code nn.BatchNorm2d} with its defaults (eps 1e-5, momentum 0.1, affine, tracking
 * running statistics): in training it normalises with the biased batch variance and updates the
 * running variance with the unbiased one, and counts {@code num_batches_tracked}.
 */
public final class BatchNorm2d extends RepMlpModule {

    /** PyTorch's default epsilon. */
    public static final float EPS = 1e-5f;

    /** DJL's momentum convention: 0.9 here equals PyTorch's momentum 0.1. */
    private static final float DJL_MOMENTUM = 0.9f;

    private final int channels;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long numBatchesTracked;
    private boolean calibrating;

    public BatchNorm2d(int channels) {
        this.channels = channels;
        Shape s = new Shape(channels);
        weight = param("weight", Parameter.Type.GAMMA, s, Inits.constant(1f), true);
        bias = param("bias", Parameter.Type.BETA, s, Inits.constant(0f), true);
        runningMean =
                param("running_mean", Parameter.Type.RUNNING_MEAN, s, Inits.constant(0f), false);
        runningVar = param("running_var", Parameter.Type.RUNNING_VAR, s, Inits.constant(1f), false);
    }

    public int channels() {
        return channels;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public Parameter runningMean() {
        return runningMean;
    }

    public Parameter runningVar() {
        return runningVar;
    }

    /** The eval-mode parameters and running statistics, copied to the host for folding. */
    public BnStats stats() {
        return new BnStats(
                weight.getArray().toFloatArray(),
                bias.getArray().toFloatArray(),
                runningMean.getArray().toFloatArray(),
                runningVar.getArray().toFloatArray(),
                EPS);
    }

    /** PyTorch's {@code num_batches_tracked}. */
    public long numBatchesTracked() {
        return numBatchesTracked;
    }

    public void setNumBatchesTracked(long n) {
        numBatchesTracked = n;
    }

    /**
     * While set, a training-mode forward replaces the running statistics by the batch's (PyTorch
     * momentum 1) instead of averaging them in; used to give test models realistic statistics.
     */
    void setCalibrating(boolean on) {
        calibrating = on;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
        NDArray x = inputs.singletonOrThrow();
        NDList out =
                BatchNorm.batchNorm(
                        x,
                        value(store, runningMean, x, training),
                        value(store, runningVar, x, training),
                        value(store, weight, x, training),
                        value(store, bias, x, training),
                        1,
                        calibrating ? 0f : DJL_MOMENTUM,
                        EPS,
                        training);
        if (training) {
            numBatchesTracked++;
        }
        return out;
    }

    @Override
    public void collectState(String prefix, List<StateSlot> out) {
        out.add(StateSlot.of(prefix + "weight", weight));
        out.add(StateSlot.of(prefix + "bias", bias));
        out.add(StateSlot.of(prefix + "running_mean", runningMean));
        out.add(StateSlot.of(prefix + "running_var", runningVar));
        out.add(StateSlot.counter(prefix + "num_batches_tracked", this));
    }
}
