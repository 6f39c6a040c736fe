package dev.repmlp.engine.model;

import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;

/**
 * PyTorch's default initialisation, which upstream relies on (it has no custom init): conv and
 * linear weights kaiming-uniform with a = sqrt(5), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)), biases
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)); BatchNorm gamma 1, beta 0, running mean 0, running var 1.
 */
final class Inits {
    private Inits() {}

    /** U(-1/sqrt(fanIn), 1/sqrt(fanIn)), PyTorch's default for conv/linear weights and biases. */
    static Initializer uniformFanIn(long fanIn) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        return (manager, shape, dataType) -> manager.randomUniform(-bound, bound, shape, dataType);
    }

    static Initializer constant(float v) {
        return new ConstantInitializer(v);
    }
}
