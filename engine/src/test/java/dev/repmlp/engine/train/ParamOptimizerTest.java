package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.repmlp.engine.model.RepMlpNetPresets;
import org.junit.jupiter.api.Test;

/** One and two optimizer steps worked out by hand (PyTorch's AdamW and Nesterov SGD). */
class ParamOptimizerTest {

    private static TrainingConfig cfg(String opt) {
        return TrainingConfig.builder(RepMlpNetPresets.DEMO)
                .optimizer(opt)
                .weightDecay(0.1)
                .build();
    }

    @Test
    void adamwStepWithDecayOnMatricesOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParamOptimizer opt = new ParamOptimizer(cfg("adamw"), m);
            NDArray w = m.create(new float[] {1f, 1f}, new Shape(1, 2)); // 2-D: decays
            NDArray b = m.create(new float[] {1f, 1f}); // 1-D: no decay
            NDArray g = m.create(new float[] {0.5f, 0.5f});
            opt.beginStep();
            opt.update("w", w, g.reshape(1, 2), 0.1);
            opt.update("b", b, g, 0.1);
            // w: 1*(1-0.1*0.1) = 0.99; m = 0.05, v = 0.00025; bc1 = 0.1, bc2 = 0.001
            // update = (0.1/0.1) * 0.05 / (sqrt(0.00025)/sqrt(0.001) + 1e-8) = 0.1
            assertEquals(0.89f, w.toFloatArray()[0], 1e-6);
            assertEquals(0.90f, b.toFloatArray()[0], 1e-6);
        }
    }

    @Test
    void nesterovSgdTwoSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParamOptimizer opt =
                    new ParamOptimizer(cfg("sgd").toBuilder().weightDecay(0.0).build(), m);
            NDArray p = m.create(new float[] {1f});
            NDArray g = m.create(new float[] {1f});
            opt.beginStep();
            opt.update("p", p, g, 0.1);
            // buf = 1; step = g + 0.9*buf = 1.9; p = 1 - 0.19 = 0.81
            assertEquals(0.81f, p.toFloatArray()[0], 1e-6);
            opt.beginStep();
            opt.update("p", p, g, 0.1);
            // buf = 0.9*1 + 1 = 1.9; step = 1 + 0.9*1.9 = 2.71; p = 0.81 - 0.271 = 0.539
            assertEquals(0.539f, p.toFloatArray()[0], 1e-6);
        }
    }
}
