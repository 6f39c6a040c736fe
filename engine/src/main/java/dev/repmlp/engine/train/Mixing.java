package dev.repmlp.engine.train;

import dev.repmlp.engine.data.augment.MixupCutmix;
import java.util.random.RandomGenerator;

/**
 * Soft targets of a batch: label-smoothed one-hot, or mixup/cutmix (timm's batch mode) when the
 * config turns them on. The images are mixed in place.
 */
final class Mixing {
    private Mixing() {}

    static float[] apply(
            TrainingConfig c, TrainData.Batch b, int numClass, int res, RandomGenerator rnd) {
        boolean mixing = c.mixup() > 0 || c.cutmix() > 0;
        // timm needs an even batch; a batch shortened by unreadable images is left unmixed
        if (!mixing || b.size() % 2 != 0 || b.size() < 2) {
            return MixupCutmix.smoothOneHot(b.labels(), numClass, c.labelSmoothing());
        }
        MixupCutmix mix =
                new MixupCutmix(
                        c.mixup(),
                        c.cutmix(),
                        c.mixupProb(),
                        c.mixupSwitchProb(),
                        c.labelSmoothing(),
                        numClass);
        return mix.apply(b.images(), b.labels(), res, res, rnd).targets();
    }
}
