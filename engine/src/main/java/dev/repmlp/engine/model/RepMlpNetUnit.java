package dev.repmlp.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One pre-norm residual unit of a stage (upstream {@code RepMLPNetUnit}): {@code y = x +
 * block(prebn1(x))}, {@code z = y + ffn(prebn2(y))}.
 */
public final class RepMlpNetUnit extends RepMlpModule {

    /** Hard-wired in upstream's RepMLPNet. */
    public static final int FFN_EXPAND = 4;

    private final RepMlpBlock block;
    private final FfnBlock ffn;
    private final BatchNorm2d prebn1;
    private final BatchNorm2d prebn2;

    public RepMlpNetUnit(
            int channels,
            int h,
            int w,
            List<Integer> reparamConvK,
            int globalPerceptronReduce,
            int sharesets,
            boolean deploy) {
        block =
                addChildBlock(
                        "repmlp_block",
                        new RepMlpBlock(
                                channels,
                                h,
                                w,
                                reparamConvK,
                                globalPerceptronReduce,
                                sharesets,
                                deploy));
        ffn = addChildBlock("ffn_block", new FfnBlock(channels, channels * FFN_EXPAND));
        prebn1 = addChildBlock("prebn1", new BatchNorm2d(channels));
        prebn2 = addChildBlock("prebn2", new BatchNorm2d(channels));
    }

    public RepMlpBlock block() {
        return block;
    }

    public BatchNorm2d prebn1() {
        return prebn1;
    }

    public BatchNorm2d prebn2() {
        return prebn2;
    }

    public FfnBlock ffn() {
        return ffn;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y =
                scoped(
                        x,
                        in ->
                                in.add(
                                        call(
                                                block,
                                                store,
                                                call(prebn1, store, in, training),
                                                training)));
        UnaryOperator<NDArray> ffnHalf =
                in -> in.add(call(ffn, store, call(prebn2, store, in, training), training));
        // in eval mode every image is independent: run the FFN in cache-sized chunks
        NDArray z =
                training
                        ? scoped(y, ffnHalf)
                        : inChunks(y, ffn.hiddenBytesPerImage(y.getShape()), ffnHalf);
        y.close();
        return new NDList(z);
    }

    @Override
    public void collectState(String prefix, List<StateSlot> out) {
        block.collectState(prefix + "repmlp_block.", out);
        ffn.collectState(prefix + "ffn_block.", out);
        prebn1.collectState(prefix + "prebn1.", out);
        prebn2.collectState(prefix + "prebn2.", out);
    }
}
