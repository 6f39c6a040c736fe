package dev.repmlp.engine.data.augment;

import dev.repmlp.engine.data.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomHorizontalFlip(p)}: mirrors the image left-right with probability p.
 *
 * @param p flip probability
 */
public record RandomHorizontalFlip(double p) {

    /** Validates p. */
    public RandomHorizontalFlip {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must lie in [0, 1]: " + p);
        }
    }

    /** The usual p = 0.5. */
    public static RandomHorizontalFlip standard() {
        return new RandomHorizontalFlip(0.5);
    }

    /** Flips with probability p (one draw from {@code rnd}). */
    public RgbImage apply(RgbImage img, RandomGenerator rnd) {
        return rnd.nextDouble() < p ? img.flipHorizontal() : img;
    }
}
