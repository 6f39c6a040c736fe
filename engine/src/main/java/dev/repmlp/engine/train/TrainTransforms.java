package dev.repmlp.engine.train;

import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.data.augment.RandAugment;
import dev.repmlp.engine.data.augment.RandomResizedCrop;
import dev.repmlp.engine.data.augment.TrainTransform;

/** The per-sample training transform of a config's augmentation preset. */
final class TrainTransforms {
    private TrainTransforms() {}

    static TrainData.Transform of(TrainingConfig c) {
        int res = c.model().imageSize();
        RandomResizedCrop crop = new RandomResizedCrop(c.rrcMinScale(), 1.0, 3.0 / 4.0, 4.0 / 3.0);
        TrainTransform t =
                new TrainTransform(
                        TrainTransform.Preset.parse(c.augPreset()),
                        crop,
                        RandAugment.raug15(),
                        Preprocess.IMAGENET_MEAN,
                        Preprocess.IMAGENET_STD);
        return (img, rnd) -> t.apply(img, res, rnd);
    }
}
