package dev.repmlp.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Upstream's optimisers with its parameter groups: no weight decay on 1-D parameters (BatchNorm
 * gamma/beta, biases). AdamW as PyTorch's {@code torch.optim.AdamW} (decoupled decay, bias
 * correction), SGD as {@code torch.optim.SGD(momentum, nesterov=True)} with L2 decay. Updates run
 * outside any gradient collector, in place on the parameter arrays.
 */
public final class ParamOptimizer {

    private final TrainingConfig config;
    private final NDManager stateManager;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private long steps;

    public ParamOptimizer(TrainingConfig config, NDManager stateManager) {
        this.config = config;
        this.stateManager = stateManager;
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return steps;
    }

    public void setSteps(long steps) {
        this.steps = steps;
    }

    /** Whether weight decay applies to a parameter of this rank (upstream: not to 1-D ones). */
    public static boolean decays(NDArray param) {
        return param.getShape().dimension() > 1;
    }

    /** Starts one optimizer step (the bias-correction counter); call before {@link #update}. */
    public void beginStep() {
        steps++;
    }

    /**
     * Updates {@code param} in place with gradient {@code grad} (already clipped and averaged).
     *
     * @param key the parameter's state-dict key (names the optimizer state)
     * @param lr learning rate of this step
     */
    public void update(String key, NDArray param, NDArray grad, double lr) {
        double wd = decays(param) ? config.weightDecay() : 0.0;
        if ("sgd".equals(config.optimizer())) {
            sgd(key, param, grad, lr, wd);
        } else {
            adamw(key, param, grad, lr, wd);
        }
    }

    private NDArray state(Map<String, NDArray> m, String key, NDArray like) {
        return m.computeIfAbsent(
                key,
                k -> {
                    NDArray z =
                            stateManager.zeros(
                                    like.getShape(), like.getDataType(), like.getDevice());
                    z.setName(k);
                    return z;
                });
    }

    private void adamw(String key, NDArray p, NDArray g, double lr, double wd) {
        float b1 = (float) config.beta1();
        float b2 = (float) config.beta2();
        NDArray m = state(first, key, p);
        NDArray v = state(second, key, p);
        if (wd != 0) {
            p.muli((float) (1 - lr * wd));
        }
        m.muli(b1).addi(g.mul(1 - b1));
        v.muli(b2).addi(g.square().muli(1 - b2));
        double bc1 = 1 - Math.pow(b1, steps);
        double bc2 = 1 - Math.pow(b2, steps);
        NDArray denom = v.sqrt().divi((float) Math.sqrt(bc2)).addi((float) config.eps());
        p.subi(m.div(denom).muli((float) (lr / bc1)));
    }

    private void sgd(String key, NDArray p, NDArray g, double lr, double wd) {
        float mom = (float) config.momentum();
        NDArray d = wd != 0 ? g.add(p.mul((float) wd)) : g;
        NDArray buf = first.get(key);
        if (buf == null) {
            buf = d.duplicate();
            buf.attach(stateManager);
            first.put(key, buf);
        } else {
            buf.muli(mom).addi(d);
        }
        NDArray step = d.add(buf.mul(mom));
        p.subi(step.muli((float) lr));
    }

    /** First moments (AdamW m, SGD momentum buffer) by key, for checkpoints. */
    public Map<String, NDArray> firstMoments() {
        return first;
    }

    /** Second moments (AdamW v) by key, for checkpoints. */
    public Map<String, NDArray> secondMoments() {
        return second;
    }

    /** Restores a moment from a checkpoint. */
    public void restore(boolean firstMoment, String key, NDArray value) {
        value.attach(stateManager);
        (firstMoment ? first : second).put(key, value);
    }

    /** All state arrays (to scope temporaries of a step). */
    public Iterable<NDArray> allState() {
        java.util.List<NDArray> all = new java.util.ArrayList<>(first.values());
        all.addAll(second.values());
        return all;
    }
}
