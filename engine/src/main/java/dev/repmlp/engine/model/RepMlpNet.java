package dev.repmlp.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * RepMLPNet (Ding et al., CVPR 2022; upstream {@code RepMLPNet}): a patch-embedding stem, stages of
 * {@link RepMlpNetUnit}s joined by 2x2 stride-2 downsampling convs, a BatchNorm before global
 * average pooling and a linear head.
 *
 * <p>Built in the train-time or deploy-time structure from a {@link RepMlpNetConfig}; {@link
 * #localityInjection()} turns the former into the latter in place. {@link #stateSlots()} lists the
 * state under upstream's {@code state_dict} names, in upstream's order.
 */
public final class RepMlpNet extends RepMlpModule {

    private final RepMlpNetConfig config;
    private final ConvBn convEmbedding;
    private final List<List<RepMlpNetUnit>> stages = new ArrayList<>();
    private final List<ConvBn> embeds = new ArrayList<>();
    private final BatchNorm2d headNorm;
    private final Parameter headWeight;
    private final Parameter headBias;

    public RepMlpNet(RepMlpNetConfig config, boolean deploy) {
        // the input size is no part of the architecture (upstream's RepMLPNet has none)
        config.validateArchitecture();
        this.config = config;
        List<Integer> ch = config.channels();
        convEmbedding =
                addChildBlock(
                        "conv_embedding",
                        new ConvBn(
                                config.inChannels(),
                                ch.get(0),
                                config.patchH(),
                                config.patchW(),
                                config.patchH(),
                                config.patchW(),
                                0,
                                1,
                                true));
        int numStages = config.numBlocks().size();
        for (int i = 0; i < numStages; i++) {
            List<RepMlpNetUnit> units = new ArrayList<>();
            for (int j = 0; j < config.numBlocks().get(i); j++) {
                units.add(
                        addChildBlock(
                                "stage" + i + "_" + j,
                                new RepMlpNetUnit(
                                        ch.get(i),
                                        config.hs().get(i),
                                        config.ws().get(i),
                                        config.reparamConvK(),
                                        config.globalperceptronReduce(),
                                        config.sharesetsNums().get(i),
                                        deploy)));
            }
            stages.add(Collections.unmodifiableList(units));
            if (i < numStages - 1) {
                embeds.add(
                        addChildBlock(
                                "embed" + i,
                                new ConvBn(ch.get(i), ch.get(i + 1), 2, 2, 0, 1, true)));
            }
        }
        int last = ch.get(numStages - 1);
        headNorm = addChildBlock("head_norm", new BatchNorm2d(last));
        headWeight =
                param(
                        "head_weight",
                        Parameter.Type.WEIGHT,
                        new Shape(config.numClass(), last),
                        Inits.uniformFanIn(last),
                        true);
        headBias =
                param(
                        "head_bias",
                        Parameter.Type.BIAS,
                        new Shape(config.numClass()),
                        Inits.uniformFanIn(last),
                        true);
    }

    public RepMlpNetConfig config() {
        return config;
    }

    /** The patch-embedding stem (conv + BN + ReLU). */
    public ConvBn convEmbedding() {
        return convEmbedding;
    }

    /** The downsampling convs between stages (conv + BN + ReLU). */
    public List<ConvBn> embeds() {
        return Collections.unmodifiableList(embeds);
    }

    public BatchNorm2d headNorm() {
        return headNorm;
    }

    public Parameter headWeight() {
        return headWeight;
    }

    public Parameter headBias() {
        return headBias;
    }

    /** Units by stage. */
    public List<List<RepMlpNetUnit>> stages() {
        return Collections.unmodifiableList(stages);
    }

    /** All RepMLP blocks, stage-major. */
    public List<RepMlpBlock> blocks() {
        List<RepMlpBlock> out = new ArrayList<>();
        for (List<RepMlpNetUnit> stage : stages) {
            for (RepMlpNetUnit u : stage) {
                out.add(u.block());
            }
        }
        return out;
    }

    /** True once every block is in the deploy-time structure. */
    public boolean isDeploy() {
        return blocks().stream().allMatch(RepMlpBlock::isDeploy);
    }

    /**
     * Initialises all parameters with PyTorch's default init on {@code manager} (float32). Use
     * {@code Engine.getInstance().setRandomSeed} beforehand for reproducible weights.
     */
    public void initialize(NDManager manager) {
        initialize(
                manager,
                DataType.FLOAT32,
                new Shape(1, config.inChannels(), config.imageSize(), config.imageSize()));
    }

    /**
     * Locality injection (upstream {@code RepMLPNet.locality_injection}): folds every block's conv
     * branches and fc3_bn into fc3, giving the deploy-time structure with the same eval output.
     */
    public void localityInjection() {
        for (RepMlpBlock b : blocks()) {
            b.localInject();
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
        NDArray input = inputs.singletonOrThrow();
        NDArray x = scoped(input, in -> call(convEmbedding, store, in, training));
        for (int i = 0; i < stages.size(); i++) {
            for (RepMlpNetUnit unit : stages.get(i)) {
                x = replace(x, call(unit, store, x, training));
            }
            if (i < embeds.size()) {
                ConvBn embed = embeds.get(i);
                x = replace(x, scoped(x, in -> call(embed, store, in, training)));
            }
        }
        NDArray logits =
                scoped(
                        x,
                        in -> {
                            NDArray y = call(headNorm, store, in, training);
                            y =
                                    y.reshape(y.getShape().get(0), y.getShape().get(1), -1)
                                            .mean(new int[] {2});
                            return Linear.linear(
                                            y,
                                            value(store, headWeight, y, training),
                                            value(store, headBias, y, training))
                                    .singletonOrThrow();
                        });
        x.close();
        return new NDList(logits);
    }

    /** Frees an activation once its successor exists (never the caller's input). */
    private static NDArray replace(NDArray old, NDArray next) {
        old.close();
        return next;
    }

    /**
     * Runs the net on {@code x} and returns the input of every RepMLP block (the output of its
     * unit's prebn1), stage-major; used to check each block's equivalence on real activations.
     */
    public List<NDArray> blockInputs(ParameterStore store, NDArray x, boolean training) {
        List<NDArray> inputs = new ArrayList<>();
        NDArray y = call(convEmbedding, store, x, training);
        for (int i = 0; i < stages.size(); i++) {
            for (RepMlpNetUnit unit : stages.get(i)) {
                inputs.add(call(unit.prebn1(), store, y, training));
                y = call(unit, store, y, training);
            }
            if (i < embeds.size()) {
                y = call(embeds.get(i), store, y, training);
            }
        }
        return inputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.numClass())};
    }

    /** The state under upstream's {@code state_dict()} keys, in upstream's order. */
    public List<StateSlot> stateSlots() {
        List<StateSlot> out = new ArrayList<>();
        collectState("", out);
        return out;
    }

    @Override
    public void collectState(String prefix, List<StateSlot> out) {
        convEmbedding.collectState(prefix + "conv_embedding.", out);
        for (int i = 0; i < stages.size(); i++) {
            for (int j = 0; j < stages.get(i).size(); j++) {
                stages.get(i).get(j).collectState(prefix + "stages." + i + "." + j + ".", out);
            }
        }
        for (int i = 0; i < embeds.size(); i++) {
            embeds.get(i).collectState(prefix + "embeds." + i + ".", out);
        }
        headNorm.collectState(prefix + "head_norm.", out);
        out.add(StateSlot.of(prefix + "head.weight", headWeight));
        out.add(StateSlot.of(prefix + "head.bias", headBias));
    }

    /** Number of trainable parameters as PyTorch's {@code parameters()} counts them. */
    public long parameterCount() {
        long n = 0;
        for (StateSlot s : stateSlots()) {
            if (!s.isCounter()
                    && s.parameter().getType() != Parameter.Type.RUNNING_MEAN
                    && s.parameter().getType() != Parameter.Type.RUNNING_VAR) {
                n += s.shape().size();
            }
        }
        return n;
    }
}
