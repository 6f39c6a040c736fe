package dev.repmlp.engine.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * One entry of a module's state dict, named exactly as upstream's PyTorch {@code state_dict()}:
 * either a DJL {@link Parameter} (weights, biases, BatchNorm affine parameters and running
 * statistics) or a BatchNorm's {@code num_batches_tracked} counter (int64 scalar, which DJL has no
 * counterpart for).
 *
 * @param key the upstream key, e.g. {@code stages.0.0.repmlp_block.fc3.weight}
 * @param parameter the parameter holding the values, or null for a counter
 * @param counterOwner the BatchNorm owning the counter, or null for a parameter
 */
public record StateSlot(String key, Parameter parameter, BatchNorm2d counterOwner) {

    static StateSlot of(String key, Parameter parameter) {
        return new StateSlot(key, parameter, null);
    }

    static StateSlot counter(String key, BatchNorm2d owner) {
        return new StateSlot(key, null, owner);
    }

    /** True for {@code num_batches_tracked}: an int64 scalar. */
    public boolean isCounter() {
        return counterOwner != null;
    }

    /** The shape upstream stores: the parameter's shape, or {@code []} for a counter. */
    public Shape shape() {
        return isCounter() ? new Shape() : parameter.getShape();
    }
}
