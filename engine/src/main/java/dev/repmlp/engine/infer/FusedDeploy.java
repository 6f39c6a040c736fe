package dev.repmlp.engine.infer;

import static dev.repmlp.engine.model.RepMlpModule.inChunks;
import static dev.repmlp.engine.model.RepMlpModule.scoped;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.model.BatchNorm2d;
import dev.repmlp.engine.model.ConvBn;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetUnit;
import dev.repmlp.engine.reparam.Reparam;
import java.util.ArrayList;
import java.util.List;

/**
 * An inference-only form of a deploy-time RepMLPNet that also folds the BatchNorms next to linear
 * layers (upstream keeps them all in its deploy model): the stem's and the embeds' BN into their
 * convs, each unit's prebn2 and both FFN BNs into the FFN's 1x1 convs, and head_norm into the head
 * (BN, average pooling and linear are all affine). The RepMLP blocks and prebn1 (which feeds both
 * the global perceptron and fc3) run as in the deploy model. Same outputs up to float rounding;
 * {@code repmlp bench --mode infer-deploy-fused} reports the difference.
 */
public final class FusedDeploy implements AutoCloseable {

    private final RepMlpNet net;
    private final NDManager manager;
    private final Fused stem;
    private final List<Fused> embeds = new ArrayList<>();
    private final List<Fused> ffn1 = new ArrayList<>();
    private final List<Fused> ffn2 = new ArrayList<>();
    private final NDArray headWeight;
    private final NDArray headBias;

    /** A conv with bias that replaced conv + BN (and maybe a preceding BN). */
    private record Fused(NDArray weight, NDArray bias, Shape stride, boolean relu) {}

    /**
     * Builds the fused form of {@code deploy} (a deploy-time net, kept and used); the fused weights
     * live on {@code manager}, which {@link #close()} closes.
     */
    public FusedDeploy(RepMlpNet deploy, NDManager manager) {
        if (!deploy.isDeploy()) {
            throw new IllegalArgumentException("FusedDeploy needs a deploy-time (injected) net");
        }
        this.net = deploy;
        this.manager = manager;
        stem = fuse(deploy.convEmbedding(), null, true);
        for (ConvBn e : deploy.embeds()) {
            embeds.add(fuse(e, null, true));
        }
        for (List<RepMlpNetUnit> stage : deploy.stages()) {
            for (RepMlpNetUnit u : stage) {
                ffn1.add(fuse(u.ffn().fc1(), u.prebn2(), false));
                ffn2.add(fuse(u.ffn().fc2(), null, false));
            }
        }
        // head(mean(a*x + c)) = (W*a) mean(x) + (b + W c)
        NDArray[] ac = affine(deploy.headNorm());
        NDArray w = deploy.headWeight().getArray();
        headWeight = keep(w.mul(ac[0].reshape(1, -1)));
        headBias = keep(deploy.headBias().getArray().add(w.matMul(ac[1])));
        ac[0].close();
        ac[1].close();
    }

    /** Eval BN as y = a x + c ({@link Reparam#fuseBn}), on this form's manager. */
    private NDArray[] affine(BatchNorm2d bn) {
        Reparam.Affine f = Reparam.fuseBn(bn.stats());
        NDArray a = manager.create(f.scale());
        NDArray c = manager.create(f.shift());
        return new NDArray[] {a, c};
    }

    private NDArray keep(NDArray a) {
        a.attach(manager);
        return a;
    }

    /** conv + BN (+ a BN before the conv, for 1x1 convs) to one conv with bias. */
    private Fused fuse(ConvBn cb, BatchNorm2d before, boolean relu) {
        NDArray w = cb.convWeight().getArray();
        NDArray bias = null;
        if (before != null) {
            // W (a x + c) = (W a) x + W c, per input channel (1x1 conv)
            NDArray[] pre = affine(before);
            Shape s = w.getShape();
            NDArray w2 = w.reshape(s.get(0), s.get(1));
            bias = keep(w2.matMul(pre[1]));
            w = keep(w.mul(pre[0].reshape(1, -1, 1, 1)));
            pre[0].close();
            pre[1].close();
        }
        NDArray[] post = affine(cb.bn());
        NDArray weight = keep(w.mul(post[0].reshape(-1, 1, 1, 1)));
        NDArray b = bias == null ? post[1] : keep(bias.mul(post[0]).add(post[1]));
        if (w != cb.convWeight().getArray()) {
            w.close();
        }
        return new Fused(weight, keep(b), cb.stride(), relu);
    }

    private static NDArray conv(Fused f, NDArray x) {
        NDArray y =
                Conv2d.conv2d(
                                x,
                                f.weight(),
                                f.bias(),
                                f.stride(),
                                new Shape(0, 0),
                                new Shape(1, 1),
                                1)
                        .singletonOrThrow();
        return f.relu() ? Activation.relu(y) : y;
    }

    /** Eval-mode logits. */
    public NDArray forward(NDArray input) {
        ParameterStore store = new ParameterStore(input.getManager(), false);
        NDArray x = scoped(input, in -> conv(stem, in));
        int unitIndex = 0;
        for (int i = 0; i < net.stages().size(); i++) {
            for (RepMlpNetUnit u : net.stages().get(i)) {
                Fused f1 = ffn1.get(unitIndex);
                Fused f2 = ffn2.get(unitIndex);
                unitIndex++;
                NDArray y =
                        scoped(
                                x,
                                in -> {
                                    NDArray pre =
                                            u.prebn1()
                                                    .forward(store, new NDList(in), false)
                                                    .singletonOrThrow();
                                    NDArray b =
                                            u.block()
                                                    .forward(store, new NDList(pre), false)
                                                    .singletonOrThrow();
                                    return in.add(b);
                                });
                x.close();
                x =
                        inChunks(
                                y,
                                u.ffn().hiddenBytesPerImage(y.getShape()),
                                in -> in.add(conv(f2, Activation.gelu(conv(f1, in)))));
                y.close();
            }
            if (i < embeds.size()) {
                Fused e = embeds.get(i);
                NDArray next = scoped(x, in -> conv(e, in));
                x.close();
                x = next;
            }
        }
        NDArray logits =
                scoped(
                        x,
                        in -> {
                            NDArray pooled =
                                    in.reshape(in.getShape().get(0), in.getShape().get(1), -1)
                                            .mean(new int[] {2});
                            return Linear.linear(pooled, headWeight, headBias).singletonOrThrow();
                        });
        x.close();
        return logits;
    }

    @Override
    public void close() {
        manager.close();
    }
}
