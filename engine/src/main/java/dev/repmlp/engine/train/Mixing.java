package dev.repmlp.engine.train;

import dev.repmlp.engine.data.augment.MixupCutmix;
import java.util.random.RandomGenerator;

/**
 * Soft targets of a batch: label-smoothed one-hot, or mixup/cutmix (timm's batch mode) when the
 * config turns them on. The images are mixed in place.
 */
final class Mixing {
    private Mixing() {}

    /** Whether a batch of {@code size} images is mixed (mixup/cutmix on, an even batch). */
    static boolean mixes(TrainingConfig c, int size) {
        // timm needs an even batch; a batch shortened by unreadable images is left unmixed
        return (c.mixup() > 0 || c.cutmix() > 0) && size % 2 == 0 && size >= 2;
    }

    /**
     * The soft targets of a batch; mixes {@code images} ({@code labels.length x 3 x res x res}) in
     * place when {@link #mixes} (they may be null otherwise).
     */
    static float[] apply(
            TrainingConfig c,
            float[] images,
            int[] labels,
            int numClass,
            int res,
            RandomGenerator rnd) {
        if (!mixes(c, labels.length)) {
            return MixupCutmix.smoothOneHot(labels, numClass, c.labelSmoothing());
        }
        MixupCutmix mix =
                new MixupCutmix(
                        c.mixup(),
                        c.cutmix(),
                        c.mixupProb(),
                        c.mixupSwitchProb(),
                        c.labelSmoothing(),
                        numClass);
        return mix.apply(images, labels, res, res, rnd).targets();
    }
}
