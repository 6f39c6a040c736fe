package dev.repmlp.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.repmlp.engine.reparam.Reparam;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RepMLP block (upstream {@code RepMLPBlock}): a global perceptron, a channel perceptron {@code
 * fc3} applied to each h x w window of every shareset, and at training time a local perceptron of
 * depthwise k x k conv branches that {@link #localInject() locality injection} folds into fc3.
 *
 * <p>Usable on its own in any DJL model: input and output are N x C x H x W with H divisible by h
 * and W by w. The partition/merge order is exactly upstream's, including its permutation of
 * (window, channel group) pairs when a map has several windows and fewer sharesets than channels
 * (spec section 3).
 */
public final class RepMlpBlock extends RepMlpModule {

    private final int channels;
    private final int h;
    private final int w;
    private final int sharesets;
    private final List<Integer> reparamConvK;
    private final GlobalPerceptron gp;
    private final Parameter fc3Weight;
    private Parameter fc3Bias;
    private BatchNorm2d fc3Bn;
    private final Map<Integer, ConvBn> branches = new LinkedHashMap<>();
    private boolean deploy;

    /**
     * @param channels C (in = out channels)
     * @param h window height
     * @param w window width
     * @param reparamConvK kernel sizes of the conv branches (odd), empty for none
     * @param globalPerceptronReduce reduction of the global perceptron (upstream: 4)
     * @param sharesets S, the number of weight-sharing groups; must divide C
     * @param deploy true for the deploy-time structure (fc3 with bias, no BN, no branches)
     */
    public RepMlpBlock(
            int channels,
            int h,
            int w,
            List<Integer> reparamConvK,
            int globalPerceptronReduce,
            int sharesets,
            boolean deploy) {
        if (channels % sharesets != 0) {
            throw new IllegalArgumentException(
                    "channels " + channels + " not divisible by sharesets " + sharesets);
        }
        this.channels = channels;
        this.h = h;
        this.w = w;
        this.sharesets = sharesets;
        this.reparamConvK = List.copyOf(reparamConvK);
        this.deploy = deploy;
        int hw = h * w;
        gp = addChildBlock("gp", new GlobalPerceptron(channels, channels / globalPerceptronReduce));
        fc3Weight =
                param(
                        "fc3_weight",
                        Parameter.Type.WEIGHT,
                        new Shape((long) sharesets * hw, hw, 1, 1),
                        Inits.uniformFanIn(hw),
                        true);
        if (deploy) {
            fc3Bias =
                    param(
                            "fc3_bias",
                            Parameter.Type.BIAS,
                            new Shape((long) sharesets * hw),
                            Inits.uniformFanIn(hw),
                            true);
        } else {
            fc3Bn = addChildBlock("fc3_bn", new BatchNorm2d(sharesets));
            for (int k : this.reparamConvK) {
                if (k % 2 == 0 || k < 1) {
                    throw new IllegalArgumentException(
                            "reparam_conv_k must hold odd sizes, got " + k);
                }
                if (branches.containsKey(k)) {
                    throw new IllegalArgumentException("reparam_conv_k lists " + k + " twice");
                }
                branches.put(
                        k,
                        addChildBlock(
                                "repconv" + k,
                                new ConvBn(sharesets, sharesets, k, 1, k / 2, sharesets, false)));
            }
        }
    }

    public int channels() {
        return channels;
    }

    public int windowH() {
        return h;
    }

    public int windowW() {
        return w;
    }

    public int sharesets() {
        return sharesets;
    }

    public boolean isDeploy() {
        return deploy;
    }

    public List<Integer> reparamConvK() {
        return reparamConvK;
    }

    public Parameter fc3Weight() {
        return fc3Weight;
    }

    /** The deploy-time fc3 bias, or null in the train-time structure. */
    public Parameter fc3Bias() {
        return fc3Bias;
    }

    /** fc3_bn, or null in the deploy-time structure. */
    public BatchNorm2d fc3Bn() {
        return fc3Bn;
    }

    /** The conv branches by kernel size (empty in the deploy-time structure). */
    public Map<Integer, ConvBn> branches() {
        return Collections.unmodifiableMap(branches);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        long n = shape.get(0);
        long bigH = shape.get(2);
        long bigW = shape.get(3);
        if (shape.get(1) != channels || bigH % h != 0 || bigW % w != 0) {
            throw new IllegalArgumentException(
                    "RepMLP block with "
                            + channels
                            + " channels and "
                            + h
                            + "x"
                            + w
                            + " windows cannot take input "
                            + shape
                            + ": the map must be divisible by the window; choose a resolution"
                            + " whose stage maps are multiples of hs/ws");
        }
        long hp = bigH / h;
        long wp = bigW / w;
        NDArray globalVec = call(gp, store, x, training);

        // partition: (N, C, hp, h, wp, w) -> (N, hp, wp, C, h, w)
        NDArray partitions = x.reshape(n, channels, hp, h, wp, w).transpose(0, 2, 4, 1, 3, 5);

        // channel perceptron: upstream runs a grouped 1x1 conv on rows of S*h*w values; the
        // same product as a (batched) matrix multiplication avoids the convolution's weight
        // reorders and is far faster and leaner on CPU.
        NDArray fcOut =
                fc3(
                        partitions,
                        value(store, fc3Weight, x, training),
                        deploy ? value(store, fc3Bias, x, training) : null);
        fcOut = fcOut.reshape(-1, sharesets, h, w);
        if (!deploy) {
            fcOut = call(fc3Bn, store, fcOut, training);
        }
        fcOut = fcOut.reshape(-1, hp, wp, sharesets, h, w);

        // local perceptron (train-time structure only)
        if (!deploy && !branches.isEmpty()) {
            NDArray convIn = partitions.reshape(-1, sharesets, h, w);
            NDArray convOut = null;
            for (ConvBn branch : branches.values()) {
                NDArray b = call(branch, store, convIn, training);
                convOut = convOut == null ? b : convOut.add(b);
            }
            fcOut = fcOut.add(convOut.reshape(-1, hp, wp, sharesets, h, w));
        }

        // merge back exactly as upstream: re-read as (N*G, hp, wp, S, h, w), permute, reshape
        NDArray out = fcOut.transpose(0, 3, 1, 4, 2, 5).reshape(shape);
        return new NDList(out.mul(globalVec));
    }

    /**
     * fc3 on the partitioned input (N, hp, wp, C, h, w): out[r, s, p] = sum_q W[s*hw + p, q] *
     * in[r, s, q] (+ bias), rows r = (n, window, channel group), as upstream's grouped conv.
     *
     * @return (rows, S, h, w)... flattened as (rows * S, h*w) in row-major order
     */
    private NDArray fc3(NDArray partitions, NDArray weight, NDArray bias) {
        int hw = h * w;
        NDManager m = partitions.getManager();
        NDArray rows = partitions.reshape(-1, sharesets, hw);
        NDArray out;
        // views of the parameters belong to the activation's scope, not the parameter's manager
        if (sharesets == 1) {
            NDArray wt = weight.reshape(hw, hw).transpose();
            wt.attach(m);
            out = rows.reshape(-1, hw).matMul(wt);
        } else {
            NDArray wt = weight.reshape(sharesets, hw, hw).transpose(0, 2, 1);
            wt.attach(m);
            out = rows.transpose(1, 0, 2).matMul(wt).transpose(1, 0, 2);
        }
        out = out.reshape(-1, sharesets, hw);
        if (bias != null) {
            NDArray b = bias.reshape(sharesets, hw);
            b.attach(m);
            out = out.add(b);
        }
        return out;
    }

    /**
     * The fc3 that is equivalent to fc3 + fc3_bn + all conv branches in eval mode (upstream {@code
     * get_equivalent_fc3}): weight [S*h*w, h*w, 1, 1] and bias [S*h*w], contiguous, on {@code
     * manager}, computed by {@link Reparam#equivalentFc3}. Useful for quantisation-aware work.
     */
    public NDList equivalentFc3(NDManager manager) {
        if (deploy) {
            NDArray wOut = fc3Weight.getArray().toDevice(manager.getDevice(), true);
            NDArray bOut = fc3Bias.getArray().toDevice(manager.getDevice(), true);
            wOut.attach(manager);
            bOut.attach(manager);
            return new NDList(wOut, bOut);
        }
        try (NDManager sub = manager.newSubManager()) {
            for (Parameter p : getParameters().values()) {
                p.getArray().tempAttach(sub);
            }
            Map<Integer, Reparam.ConvBranch> convs = new LinkedHashMap<>();
            branches.forEach(
                    (k, b) ->
                            convs.put(
                                    k,
                                    new Reparam.ConvBranch(
                                            b.convWeight().getArray(), b.bn().stats())));
            NDList eq =
                    Reparam.equivalentFc3(
                            fc3Weight.getArray(), fc3Bn.stats(), convs, sharesets, h, w);
            NDArray weight = eq.get(0);
            NDArray bias = eq.get(1);
            NDArray wOut = weight.toDevice(manager.getDevice(), true);
            NDArray bOut = bias.toDevice(manager.getDevice(), true);
            wOut.attach(manager);
            bOut.attach(manager);
            return new NDList(wOut, bOut);
        }
    }

    /**
     * Locality injection (upstream {@code RepMLPBlock.local_inject}): replaces fc3, fc3_bn and the
     * conv branches by one fc3 with bias that gives the same eval-mode output. No-op when already
     * deploy-time.
     */
    public void localInject() {
        if (deploy) {
            return;
        }
        NDArray old = fc3Weight.getArray();
        NDList eq = equivalentFc3(old.getManager());
        old.intern(eq.get(0));
        removeChild("fc3_bn");
        for (int k : branches.keySet()) {
            removeChild("repconv" + k);
        }
        fc3Bn = null;
        branches.clear();
        fc3Bias =
                addParameter(
                        Parameter.builder()
                                .setName("fc3_bias")
                                .setType(Parameter.Type.BIAS)
                                .optArray(eq.get(1))
                                .optRequiresGrad(true)
                                .build());
        deploy = true;
    }

    private void removeChild(String name) {
        for (String key : new ArrayList<>(children.keys())) {
            if (key.substring(2).equals(name)) {
                Block removed = children.remove(key);
                removed.getParameters().values().forEach(Parameter::close);
            }
        }
    }

    @Override
    public void collectState(String prefix, List<StateSlot> out) {
        gp.collectState(prefix + "gp.", out);
        out.add(StateSlot.of(prefix + "fc3.weight", fc3Weight));
        if (deploy) {
            out.add(StateSlot.of(prefix + "fc3.bias", fc3Bias));
        } else {
            fc3Bn.collectState(prefix + "fc3_bn.", out);
            for (Map.Entry<Integer, ConvBn> e : branches.entrySet()) {
                e.getValue().collectState(prefix + "repconv" + e.getKey() + ".", out);
            }
        }
    }
}
