package dev.repmlp.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Upstream's {@code FFNBlock}: 1x1 conv+BN to {@code hidden} channels, exact (erf) GELU, 1x1
 * conv+BN back.
 */
public final class FfnBlock extends RepMlpModule {

    private final ConvBn fc1;
    private final ConvBn fc2;
    private final int hidden;

    public FfnBlock(int channels, int hidden) {
        this.hidden = hidden;
        fc1 = addChildBlock("ffn_fc1", new ConvBn(channels, hidden, 1, 1, 0, 1, false));
        fc2 = addChildBlock("ffn_fc2", new ConvBn(hidden, channels, 1, 1, 0, 1, false));
    }

    /** Bytes of one image's hidden activation (float32) for an input of shape N x C x H x W. */
    public long hiddenBytesPerImage(Shape input) {
        return 4L * hidden * input.get(2) * input.get(3);
    }

    /** The first 1x1 conv + BN (C to hidden). */
    public ConvBn fc1() {
        return fc1;
    }

    /** The second 1x1 conv + BN (hidden to C). */
    public ConvBn fc2() {
        return fc2;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
        NDArray x = call(fc1, store, inputs.singletonOrThrow(), training);
        x = Activation.gelu(x);
        return new NDList(call(fc2, store, x, training));
    }

    @Override
    public void collectState(String prefix, List<StateSlot> out) {
        fc1.collectState(prefix + "ffn_fc1.", out);
        fc2.collectState(prefix + "ffn_fc2.", out);
    }
}
