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
 * The global perceptron of a RepMLP block (upstream {@code GlobalPerceptron}): per-channel scales
 * {@code sigmoid(fc2(relu(fc1(mean_HW(x)))))} of shape N x C x 1 x 1, with fc1 and fc2 1x1
 * convolutions with bias.
 */
public final class GlobalPerceptron extends RepMlpModule {

    private final int channels;
    private final Parameter fc1Weight;
    private final Parameter fc1Bias;
    private final Parameter fc2Weight;
    private final Parameter fc2Bias;

    public GlobalPerceptron(int channels, int internal) {
        this.channels = channels;
        fc1Weight =
                param(
                        "fc1_weight",
                        Parameter.Type.WEIGHT,
                        new Shape(internal, channels, 1, 1),
                        Inits.uniformFanIn(channels),
                        true);
        fc1Bias =
                param(
                        "fc1_bias",
                        Parameter.Type.BIAS,
                        new Shape(internal),
                        Inits.uniformFanIn(channels),
                        true);
        fc2Weight =
                param(
                        "fc2_weight",
                        Parameter.Type.WEIGHT,
                        new Shape(channels, internal, 1, 1),
                        Inits.uniformFanIn(internal),
                        true);
        fc2Bias =
                param(
                        "fc2_bias",
                        Parameter.Type.BIAS,
                        new Shape(channels),
                        Inits.uniformFanIn(internal),
                        true);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
        NDArray x = inputs.singletonOrThrow();
        Shape sh = x.getShape();
        NDArray v = x.reshape(sh.get(0), sh.get(1), -1).mean(new int[] {2}, true).expandDims(3);
        v =
                Conv2d.conv2d(
                                v,
                                value(store, fc1Weight, x, training),
                                value(store, fc1Bias, x, training))
                        .singletonOrThrow();
        v = Activation.relu(v);
        v =
                Conv2d.conv2d(
                                v,
                                value(store, fc2Weight, x, training),
                                value(store, fc2Bias, x, training))
                        .singletonOrThrow();
        v = Activation.sigmoid(v);
        return new NDList(v.reshape(-1, channels, 1, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), channels, 1, 1)};
    }

    @Override
    public void collectState(String prefix, List<StateSlot> out) {
        out.add(StateSlot.of(prefix + "fc1.weight", fc1Weight));
        out.add(StateSlot.of(prefix + "fc1.bias", fc1Bias));
        out.add(StateSlot.of(prefix + "fc2.weight", fc2Weight));
        out.add(StateSlot.of(prefix + "fc2.bias", fc2Bias));
    }
}
