/**
 * Training-time data augmentation of upstream's recipe (spec section 7): torchvision's {@code
 * RandomResizedCrop} and {@code RandomHorizontalFlip}, upstream's {@code raug15} RandAugment with
 * every image operation written after Pillow's definitions ({@link
 * dev.repmlp.engine.data.augment.PilOps}), the whole per-image train pipeline ({@link
 * dev.repmlp.engine.data.augment.TrainTransform}) and timm's batch-mode mixup/cutmix with label
 * smoothing ({@link dev.repmlp.engine.data.augment.MixupCutmix}).
 *
 * <p>Every random choice is drawn from a {@link java.util.random.RandomGenerator} passed in by the
 * caller, so a seeded generator reproduces a run exactly. Python's random streams are not
 * reproduced; the distributions are.
 */
package dev.repmlp.engine.data.augment;
