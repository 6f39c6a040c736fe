package dev.repmlp.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.StateSlot;
import java.util.List;

/**
 * Exponential moving average of the whole state (BN statistics included), as upstream's {@code
 * update_model_ema}: every {@code ema_update_period} iterations, {@code ema = (1 - a) ema + a
 * current} with {@code a = min(1, ema_alpha * total_batch / epochs * period)}, and a plain copy (a
 * = 1) during the warmup epochs.
 */
final class Ema {
    private final RepMlpNet shadow;

    Ema(RepMlpNet source, NDManager manager) {
        shadow = new RepMlpNet(source.config(), false);
        shadow.initialize(manager);
        copyAll(source);
    }

    RepMlpNet net() {
        return shadow;
    }

    /** Upstream's alpha for an update in {@code epoch}. */
    static double alpha(TrainingConfig c, int epoch) {
        if (epoch < c.warmupEpochs()) {
            return 1.0;
        }
        double adjust = (double) c.batchSize() * c.deviceCount() / c.epochs() * c.emaUpdatePeriod();
        return Math.min(1.0, c.emaAlpha() * adjust);
    }

    /** Whether step {@code step} of an epoch updates the average. */
    static boolean due(TrainingConfig c, int step) {
        return c.emaAlpha() > 0 && c.emaUpdatePeriod() > 0 && step % c.emaUpdatePeriod() == 0;
    }

    /** Blends {@code net}'s state into the average; temporaries live in {@code scope}. */
    void update(RepMlpNet net, double alpha, NDManager scope) {
        if (alpha >= 1.0) {
            copyAll(net);
            return;
        }
        List<StateSlot> from = net.stateSlots();
        List<StateSlot> to = shadow.stateSlots();
        for (int i = 0; i < from.size(); i++) {
            StateSlot f = from.get(i);
            StateSlot t = to.get(i);
            if (f.isCounter()) {
                NetState.copy(f, t);
                continue;
            }
            NDArray e = t.parameter().getArray();
            NDArray c = f.parameter().getArray();
            e.tempAttach(scope);
            e.muli((float) (1 - alpha)).addi(c.mul((float) alpha));
        }
    }

    private void copyAll(RepMlpNet net) {
        List<StateSlot> from = net.stateSlots();
        List<StateSlot> to = shadow.stateSlots();
        for (int i = 0; i < from.size(); i++) {
            NetState.copy(from.get(i), to.get(i));
        }
    }
}
