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
        NDArray weight = value(store, convWeight, x, training);
        NDArray y =
                isDepthwise()
                        ? depthwiseConv(x, weight)
                        : Conv2d.conv2d(x, weight, null, stride, padding, new Shape(1, 1), groups)
                                .singletonOrThrow();
        y = call(bn, store, y, training);
        return new NDList(relu ? Activation.relu(y) : y);
    }

    /**
     * A stride-1, odd-sized, "same"-padded depthwise conv (one filter per channel), as RepMLP's
     * local-perceptron branches.
     */
    private boolean isDepthwise() {
        Shape ws = convWeight.getShape();
        return ws.get(0) == groups
                && ws.get(1) == 1
                && stride.get(0) == 1
                && stride.get(1) == 1
                && ws.get(2) == ws.get(3)
                && ws.get(2) % 2 == 1
                && padding.get(0) == ws.get(2) / 2;
    }

    /**
     * A stride-1 depthwise conv with "same" padding (weight [C, 1, k, k], k odd, on x [N, C, H,
     * W]), computed the fast way on CPU. The local-perceptron branches see a huge batch of tiny
     * maps with very few channels (T224's first stage: 1024 x 1 x 56 x 56 at batch 16), for which
     * libtorch's oneDNN convolution runs one small job per image: 0.67 s for a 1x1 forward +
     * backward. A 1x1 depthwise conv is a per-channel scale (one multiply per value, as the conv);
     * a k x k one is computed as a single image whose channels are all (image, channel) pairs with
     * the filters tiled to match (36 ms instead of 0.5 s for 3x3). The weight gradient of the tiled
     * filters is summed back by autograd.
     */
    static NDArray depthwiseConv(NDArray x, NDArray weight) {
        Shape s = x.getShape();
        long c = s.get(1);
        long k = weight.getShape().get(2);
        NDArray filters = weight.reshape(1, c, k, k);
        filters.attach(x.getManager()); // a view of the parameter, owned by the activation's scope
        if (k == 1) {
            return x.mul(filters.reshape(1, c, 1, 1));
        }
        long n = s.get(0);
        NDArray tiled = filters.broadcast(n, c, k, k).reshape(n * c, 1, k, k);
        return Conv2d.conv2d(
                        x.reshape(1, n * c, s.get(2), s.get(3)),
                        tiled,
                        null,
                        new Shape(1, 1),
                        new Shape(k / 2, k / 2),
                        new Shape(1, 1),
                        (int) (n * c))
                .singletonOrThrow()
                .reshape(s);
    }

    @Override
    public void collectState(String prefix, List<StateSlot> out) {
        out.add(StateSlot.of(prefix + "conv.weight", convWeight));
        bn.collectState(prefix + "bn.", out);
    }
}
