package dev.repmlp.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Upstream's {@code conv_bn} / {@code conv_bn_relu}: a bias-free Conv2d ({@code conv}) followed by
 * BatchNorm2d ({@code bn}) and optionally ReLU (no state).
 */
public final class ConvBn extends RepMlpModule {

    private final Parameter convWeight;
    private final BatchNorm2d bn;
    private final Shape stride;
    private final Shape padding;
    private final int groups;
    private final boolean relu;

    /**
     * @param in input channels
     * @param out output channels
     * @param kernel square kernel size
     * @param stride stride in both dimensions
     * @param padding zero padding in both dimensions
     * @param groups convolution groups
     * @param relu whether a ReLU follows the BatchNorm
     */
    public ConvBn(int in, int out, int kernel, int stride, int padding, int groups, boolean relu) {
        this(in, out, kernel, kernel, stride, stride, padding, groups, relu);
    }

    /** A conv with a kh x kw kernel and (sh, sw) stride, as upstream's tuple patch size. */
    public ConvBn(
            int in,
            int out,
            int kh,
            int kw,
            int sh,
            int sw,
            int padding,
            int groups,
            boolean relu) {
        this.stride = new Shape(sh, sw);
        this.padding = new Shape(padding, padding);
        this.groups = groups;
        this.relu = relu;
        long fanIn = (long) (in / groups) * kh * kw;
        convWeight =
                param(
                        "conv_weight",
                        Parameter.Type.WEIGHT,
                        new Shape(out, in / groups, kh, kw),
                        Inits.uniformFanIn(fanIn),
                        true);
        bn = addChildBlock("bn", new BatchNorm2d(out));
    }

    public Parameter convWeight() {
        return convWeight;
    }

    public BatchNorm2d bn() {
        return bn;
    }

    /** Stride (same in both dimensions for all RepMLPNet convs but a rectangular stem). */
    public Shape stride() {
        return stride;
    }

    public int groups() {
        return groups;
    }

    /** Zero padding (same in both dimensions). */
    public int padding() {
        return (int) padding.get(0);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y =
                Conv2d.conv2d(
                                x,
                                value(store, convWeight, x, training),
                                null,
                                stride,
                                padding,
                                new Shape(1, 1),
                                groups)
                        .singletonOrThrow();
        y = call(bn, store, y, training);
        return new NDList(relu ? Activation.relu(y) : y);
    }

    @Override
    public void collectState(String prefix, List<StateSlot> out) {
        out.add(StateSlot.of(prefix + "conv.weight", convWeight));
        bn.collectState(prefix + "bn.", out);
    }
}
