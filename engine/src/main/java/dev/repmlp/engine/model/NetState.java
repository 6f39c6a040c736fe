package dev.repmlp.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Reading, writing and copying the state of a net through its {@link StateSlot}s. */
public final class NetState {
    private NetState() {}

    /** Slots by key, in upstream order. */
    public static Map<String, StateSlot> byKey(RepMlpNet net) {
        Map<String, StateSlot> m = new LinkedHashMap<>();
        for (StateSlot s : net.stateSlots()) {
            m.put(s.key(), s);
        }
        return m;
    }

    /**
     * Replaces a parameter's values (shape must match), keeping it on its manager and device.
     *
     * <p>The new values are cloned into storage that libtorch owns: an array created from a Java
     * buffer borrows that buffer (its memory lives only as long as the wrapping NDArray object), so
     * interning it into a parameter would leave the parameter pointing at freed memory.
     */
    public static void setValues(Parameter p, float[] values) {
        NDArray old = p.getArray();
        try (NDArray borrowed = old.getManager().create(values, old.getShape())) {
            replace(old, borrowed);
        }
    }

    /** Replaces a parameter's values by a copy of {@code values} (same shape, any manager). */
    public static void setValues(Parameter p, NDArray values) {
        NDArray old = p.getArray();
        if (!old.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException(
                    p.getName() + ": shape " + values.getShape() + " != " + old.getShape());
        }
        replace(old, values);
    }

    /** Makes {@code target} hold a torch-owned copy of {@code source} (device and dtype kept). */
    private static void replace(NDArray target, NDArray source) {
        NDArray moved =
                source.toDevice(target.getDevice(), false).toType(target.getDataType(), false);
        NDArray owned = moved.duplicate(); // a real copy, never an alias of the source
        if (moved != source) {
            moved.close();
        }
        owned.attach(target.getManager());
        target.intern(owned);
    }

    /**
     * Builds the deploy-time twin of a train-time net on {@code manager}: every shared entry is
     * copied and each block's fc3 is its {@link RepMlpBlock#equivalentFc3 equivalent fc3}. The
     * train-time net is left unchanged (unlike {@link RepMlpNet#localityInjection()}).
     */
    public static RepMlpNet deployCopy(RepMlpNet train, NDManager manager) {
        RepMlpNet deploy = new RepMlpNet(train.config(), true);
        deploy.initialize(manager);
        Map<String, StateSlot> src = byKey(train);
        for (StateSlot dst : deploy.stateSlots()) {
            StateSlot s = src.get(dst.key());
            if (s == null) {
                continue; // fc3.bias, set below
            }
            copy(s, dst);
        }
        List<RepMlpBlock> from = train.blocks();
        List<RepMlpBlock> to = deploy.blocks();
        for (int i = 0; i < from.size(); i++) {
            try (NDManager sub = manager.newSubManager()) {
                NDList eq = from.get(i).equivalentFc3(sub);
                setValues(to.get(i).fc3Weight(), eq.get(0));
                setValues(to.get(i).fc3Bias(), eq.get(1));
            }
        }
        return deploy;
    }

    /** Copies one entry's value (or counter) into another of the same shape. */
    public static void copy(StateSlot from, StateSlot to) {
        if (from.isCounter() != to.isCounter() || !from.shape().equals(to.shape())) {
            throw new IllegalArgumentException(
                    "cannot copy " + from.key() + " " + from.shape() + " to " + to.shape());
        }
        if (from.isCounter()) {
            to.counterOwner().setNumBatchesTracked(from.counterOwner().numBatchesTracked());
        } else {
            setValues(to.parameter(), from.parameter().getArray());
        }
    }

    /**
     * Gives every BatchNorm non-trivial but realistic statistics and affine parameters, so that
     * equivalence checks exercise the BN fusion: gamma ~ U(0.5, 1.5), beta ~ U(-0.25, 0.25); the
     * running statistics are set to those of the activations of {@code x} (one training-mode
     * forward with momentum 1), then perturbed (mean shifted by 0.2 std ~ N(0,1), variance scaled
     * by exp(U(-0.5, 0.5))). Purely random statistics would not match the activations and let them
     * grow by orders of magnitude through the residual stages.
     */
    public static void randomizeBatchNorms(RepMlpNet net, long seed, NDArray x) {
        Random rnd = new Random(seed);
        List<BatchNorm2d> bns = new ArrayList<>();
        for (StateSlot s : net.stateSlots()) {
            if (s.isCounter()) {
                bns.add(s.counterOwner());
            }
        }
        for (BatchNorm2d bn : bns) {
            int n = bn.channels();
            float[] g = new float[n];
            float[] b = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = 0.5f + rnd.nextFloat();
                b[i] = 0.5f * rnd.nextFloat() - 0.25f;
            }
            setValues(bn.weight(), g);
            setValues(bn.bias(), b);
        }
        long[] counters = new long[bns.size()];
        for (int i = 0; i < bns.size(); i++) {
            counters[i] = bns.get(i).numBatchesTracked();
            bns.get(i).setCalibrating(true);
        }
        try (NDManager sub = x.getManager().newSubManager()) {
            net.forward(new ParameterStore(sub, false), new NDList(x), true);
        } finally {
            for (int i = 0; i < bns.size(); i++) {
                bns.get(i).setCalibrating(false);
                bns.get(i).setNumBatchesTracked(counters[i]);
            }
        }
        for (BatchNorm2d bn : bns) {
            float[] mean = bn.runningMean().getArray().toFloatArray();
            float[] var = bn.runningVar().getArray().toFloatArray();
            for (int i = 0; i < mean.length; i++) {
                mean[i] += (float) (0.2 * Math.sqrt(var[i]) * rnd.nextGaussian());
                var[i] *= (float) Math.exp(rnd.nextFloat() - 0.5);
            }
            setValues(bn.runningMean(), mean);
            setValues(bn.runningVar(), var);
        }
    }
}
