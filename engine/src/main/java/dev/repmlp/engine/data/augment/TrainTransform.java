package dev.repmlp.engine.data.augment;

import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.data.RgbImage;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Upstream's training transform for an {@code AUG.PRESET} ({@code data/build.py}), image to CHW
 * floats: {@code raug15} = RandomResizedCrop, horizontal flip, {@link RandAugment#raug15()}; {@code
 * weak} = RandomResizedCrop, horizontal flip; {@code none} = resize of the short side and centre
 * crop (the geometry of {@link Preprocess#eval}); each followed by ToTensor and Normalize.
 * (Upstream's default without a preset, timm's {@code create_transform}, is not offered.)
 */
public final class TrainTransform {

    /** The presets. */
    public enum Preset {
        /** RandomResizedCrop, flip, RandAugment raug15. */
        RAUG15,
        /** RandomResizedCrop, flip. */
        WEAK,
        /** Resize short side, centre crop. */
        NONE;

        /** The preset's name as upstream spells it ({@code raug15}, {@code weak}, {@code none}). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses upstream's spelling (surrounding blanks ignored, as upstream strips them). */
        public static Preset parse(String id) {
            String s = id.strip();
            for (Preset p : values()) {
                if (p.id().equals(s)) {
                    return p;
                }
            }
            throw new IllegalArgumentException(
                    "unknown augmentation preset '" + id + "' (raug15, weak or none)");
        }
    }

    private final Preset preset;
    private final RandomResizedCrop crop;
    private final RandomHorizontalFlip flip;
    private final RandAugment randAugment;
    private final float[] mean;
    private final float[] std;

    /**
     * @param preset the preset
     * @param crop the random crop (ignored by {@code none})
     * @param randAugment the RandAugment policy (used by {@code raug15} only)
     * @param mean channel means of Normalize
     * @param std channel standard deviations of Normalize
     */
    public TrainTransform(
            Preset preset,
            RandomResizedCrop crop,
            RandAugment randAugment,
            float[] mean,
            float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 channels");
        }
        this.preset = preset;
        this.crop = crop;
        this.flip = RandomHorizontalFlip.standard();
        this.randAugment = randAugment;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Upstream's settings for a preset: torchvision's crop defaults, raug15, ImageNet mean/std. */
    public static TrainTransform of(String preset) {
        return new TrainTransform(
                Preset.parse(preset),
                RandomResizedCrop.standard(),
                RandAugment.raug15(),
                Preprocess.IMAGENET_MEAN,
                Preprocess.IMAGENET_STD);
    }

    /** The preset. */
    public Preset preset() {
        return preset;
    }

    /** The augmented image before ToTensor, {@code size x size} (for previews). */
    public RgbImage augment(RgbImage img, int size, RandomGenerator rnd) {
        return switch (preset) {
            case NONE -> Preprocess.resizeCenterCrop(img, size);
            case WEAK -> flip.apply(crop.apply(img, size, rnd), rnd);
            case RAUG15 -> randAugment.apply(flip.apply(crop.apply(img, size, rnd), rnd), rnd);
        };
    }

    /** The whole transform: CHW floats, {@code 3 x size x size}. */
    public float[] apply(RgbImage img, int size, RandomGenerator rnd) {
        return Preprocess.toTensor(augment(img, size, rnd), mean, std);
    }
}
