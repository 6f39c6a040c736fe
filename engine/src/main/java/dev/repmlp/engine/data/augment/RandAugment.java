package dev.repmlp.engine.data.augment;

import dev.repmlp.engine.data.RgbImage;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Upstream's RandAugment ({@code randaug.py}, {@code RandAugPolicy}): for each image, {@code
 * numOps} times, an operation is drawn uniformly (with replacement) from the list and an integer
 * magnitude uniformly from {@code 0 .. magnitudes-1}, drawn anew for each operation; every drawn
 * operation is applied (probability 1). The preset {@link #raug15()} is {@code
 * RandAugPolicy(magnitude=15)}: 2 operations out of the 16 of {@link Op}, magnitudes 0..14.
 *
 * <p>Magnitudes are on upstream's level scale whose nominal maximum is 10 ({@code _MAX_LEVEL}) but
 * which is not clipped, so 14 gives 1.4 times the usual strongest setting; see {@link
 * Op#argument(double)} for the mapping of each operation.
 */
public final class RandAugment {

    /** Upstream's level scale: arguments are given for {@code magnitude / MAX_LEVEL}. */
    public static final double MAX_LEVEL = 10.0;

    /** Fill of the geometric operations ({@code _FILL}, upstream's {@code img_mean}). */
    public static final Rgb FILL = new Rgb(128, 128, 128);

    /** Colour that upstream's {@code Cutout} paints. */
    public static final Rgb CUTOUT_FILL = new Rgb(125, 122, 113);

    /** The 16 operations of upstream's {@code _RAND_TRANSFORMS}, in its order. */
    public enum Op {
        /** {@link PilOps#autocontrast}; no argument. */
        AUTO_CONTRAST("AutoContrast"),
        /** {@link PilOps#equalize}; no argument. */
        EQUALIZE("Equalize"),
        /** {@link PilOps#invert}; no argument. */
        INVERT("Invert"),
        /** {@link PilOps#rotate}: {@code 3 m} degrees, random sign. */
        ROTATE("Rotate"),
        /** {@link PilOps#posterize}: keeps {@code int(0.4 m)} bits. */
        POSTERIZE_TPU("PosterizeTpu"),
        /** {@link PilOps#solarize}: threshold {@code int(25.6 m)}. */
        SOLARIZE("Solarize"),
        /** {@link PilOps#solarizeAdd}: adds {@code int(11 m)} below 128. */
        SOLARIZE_ADD("SolarizeAdd"),
        /** {@link PilOps#color}: factor {@code 0.18 m + 0.1}. */
        COLOR("Color"),
        /** {@link PilOps#contrast}: factor {@code 0.18 m + 0.1}. */
        CONTRAST("Contrast"),
        /** {@link PilOps#brightness}: factor {@code 0.18 m + 0.1}. */
        BRIGHTNESS("Brightness"),
        /** {@link PilOps#sharpness}: factor {@code 0.18 m + 0.1}. */
        SHARPNESS("Sharpness"),
        /** {@link PilOps#shearX}: factor {@code 0.03 m}, random sign. */
        SHEAR_X("ShearX"),
        /** {@link PilOps#shearY}: factor {@code 0.03 m}, random sign. */
        SHEAR_Y("ShearY"),
        /** {@link PilOps#translateX}: {@code 0.045 m} of the width, random sign. */
        TRANSLATE_X_REL("TranslateXRel"),
        /** {@link PilOps#translateY}: {@code 0.045 m} of the height, random sign. */
        TRANSLATE_Y_REL("TranslateYRel"),
        /** {@link PilOps#cutout}: size {@code int(max(2, 4 m))}, centre uniform over the image. */
        CUTOUT("Cutout");

        private final String upstreamName;

        Op(String upstreamName) {
            this.upstreamName = upstreamName;
        }

        /** The name upstream uses ({@code _RAND_TRANSFORMS}). */
        public String upstreamName() {
            return upstreamName;
        }

        /** Whether upstream negates the argument with probability 1/2. */
        public boolean randomSign() {
            return switch (this) {
                case ROTATE, SHEAR_X, SHEAR_Y, TRANSLATE_X_REL, TRANSLATE_Y_REL -> true;
                default -> false;
            };
        }

        /** Whether the operation resamples (bilinear or bicubic at random, fill {@link #FILL}). */
        public boolean geometric() {
            return randomSign();
        }

        /**
         * Upstream's {@code LEVEL_TO_ARG} for this operation, before any random sign, with the same
         * double arithmetic (so integer truncations agree): degrees for ROTATE, bits for
         * POSTERIZE_TPU, threshold for SOLARIZE, addend for SOLARIZE_ADD, enhance factor, shear
         * factor, fraction of the image size for the translations, box size for CUTOUT; 0 for the
         * operations without argument.
         */
        public double argument(double magnitude) {
            double level = magnitude / MAX_LEVEL;
            return switch (this) {
                case AUTO_CONTRAST, EQUALIZE, INVERT -> 0;
                case ROTATE -> level * 30.0;
                case POSTERIZE_TPU -> (int) (level * 4);
                case SOLARIZE -> (int) (level * 256);
                case SOLARIZE_ADD -> (int) (level * 110);
                case COLOR, CONTRAST, BRIGHTNESS, SHARPNESS -> level * 1.8 + 0.1;
                case SHEAR_X, SHEAR_Y -> level * 0.3;
                case TRANSLATE_X_REL, TRANSLATE_Y_REL -> level * 0.45;
                case CUTOUT -> (int) Math.max(2, level * 40.0);
            };
        }

        /**
         * Applies the operation at {@code magnitude}: the argument of {@link #argument}, negated
         * with probability 1/2 for {@link #randomSign()} operations, bilinear or bicubic with
         * probability 1/2 each for the geometric ones, the cutout centre uniform over the pixels.
         */
        public RgbImage apply(RgbImage img, double magnitude, RandomGenerator rnd) {
            double arg = argument(magnitude);
            if (randomSign() && rnd.nextBoolean()) {
                arg = -arg;
            }
            Resample resample = Resample.BILINEAR;
            if (geometric() && rnd.nextBoolean()) {
                resample = Resample.BICUBIC;
            }
            return applyArgument(img, arg, resample, rnd);
        }

        /**
         * Applies the operation with an explicit (signed) argument and interpolation; {@code rnd}
         * is only used for the cutout centre.
         */
        public RgbImage applyArgument(
                RgbImage img, double argument, Resample resample, RandomGenerator rnd) {
            return switch (this) {
                case AUTO_CONTRAST -> PilOps.autocontrast(img);
                case EQUALIZE -> PilOps.equalize(img);
                case INVERT -> PilOps.invert(img);
                case ROTATE -> PilOps.rotate(img, argument, resample, FILL);
                case POSTERIZE_TPU -> PilOps.posterize(img, (int) argument);
                case SOLARIZE -> PilOps.solarize(img, (int) argument);
                case SOLARIZE_ADD -> PilOps.solarizeAdd(img, (int) argument, 128);
                case COLOR -> PilOps.color(img, argument);
                case CONTRAST -> PilOps.contrast(img, argument);
                case BRIGHTNESS -> PilOps.brightness(img, argument);
                case SHARPNESS -> PilOps.sharpness(img, argument);
                case SHEAR_X -> PilOps.shearX(img, argument, resample, FILL);
                case SHEAR_Y -> PilOps.shearY(img, argument, resample, FILL);
                case TRANSLATE_X_REL ->
                        PilOps.translateX(img, argument * img.width(), resample, FILL);
                case TRANSLATE_Y_REL ->
                        PilOps.translateY(img, argument * img.height(), resample, FILL);
                case CUTOUT -> {
                    int cx = rnd.nextInt(img.width());
                    int cy = rnd.nextInt(img.height());
                    yield PilOps.cutout(img, (int) argument, cx, cy, CUTOUT_FILL);
                }
            };
        }
    }

    /**
     * One operation as applied to an image.
     *
     * @param op the operation
     * @param magnitude its magnitude
     */
    public record Applied(Op op, int magnitude) {}

    private final List<Op> ops;
    private final int numOps;
    private final int magnitudes;

    /**
     * @param ops operations to draw from (uniformly, with replacement)
     * @param numOps operations applied to each image
     * @param magnitudes magnitudes are drawn from {@code 0 .. magnitudes-1}
     */
    public RandAugment(List<Op> ops, int numOps, int magnitudes) {
        if (ops.isEmpty() || numOps < 0 || magnitudes < 1) {
            throw new IllegalArgumentException(
                    "RandAugment needs operations, numOps >= 0 and magnitudes >= 1");
        }
        this.ops = List.copyOf(ops);
        this.numOps = numOps;
        this.magnitudes = magnitudes;
    }

    /** Upstream's {@code raug15}: 2 of the 16 operations, magnitudes 0..14, always applied. */
    public static RandAugment raug15() {
        return new RandAugment(List.of(Op.values()), 2, 15);
    }

    /** The operations drawn from. */
    public List<Op> ops() {
        return ops;
    }

    /** Operations per image. */
    public int numOps() {
        return numOps;
    }

    /** Number of magnitudes (drawn from {@code 0 .. magnitudes-1}). */
    public int magnitudes() {
        return magnitudes;
    }

    /** Augments one image. */
    public RgbImage apply(RgbImage img, RandomGenerator rnd) {
        return apply(img, rnd, a -> {});
    }

    /** Augments one image and reports each operation applied, in order. */
    public RgbImage apply(RgbImage img, RandomGenerator rnd, Consumer<Applied> applied) {
        RgbImage out = img;
        for (int i = 0; i < numOps; i++) {
            Op op = ops.get(rnd.nextInt(ops.size()));
            int magnitude = rnd.nextInt(magnitudes);
            out = op.apply(out, magnitude, rnd);
            applied.accept(new Applied(op, magnitude));
        }
        return out;
    }
}
