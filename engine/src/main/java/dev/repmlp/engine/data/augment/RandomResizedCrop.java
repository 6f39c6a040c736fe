package dev.repmlp.engine.data.augment;

import dev.repmlp.engine.data.Resampler;
import dev.repmlp.engine.data.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomResizedCrop(size, scale, ratio)} with bilinear resizing: up to {@value
 * #ATTEMPTS} times, an area fraction is drawn uniformly from {@code [minScale, maxScale]} and an
 * aspect ratio (width / height) log-uniformly from {@code [minRatio, maxRatio]}; the first box
 * (sides rounded half to even) that fits is placed uniformly. Otherwise the fallback is a centred
 * crop of the whole image, narrowed to the nearest ratio of the range. The box is then resized to
 * {@code size x size} with {@link Resampler} (Pillow's bilinear).
 *
 * @param minScale smallest area fraction
 * @param maxScale largest area fraction
 * @param minRatio smallest width/height ratio
 * @param maxRatio largest width/height ratio
 */
public record RandomResizedCrop(
        double minScale, double maxScale, double minRatio, double maxRatio) {

    /** Tries before the centred fallback. */
    public static final int ATTEMPTS = 10;

    /** Validates the ranges. */
    public RandomResizedCrop {
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException(
                    "scale range must satisfy 0 < min <= max <= 1: " + minScale + ", " + maxScale);
        }
        if (!(minRatio > 0 && minRatio <= maxRatio)) {
            throw new IllegalArgumentException(
                    "ratio range must satisfy 0 < min <= max: " + minRatio + ", " + maxRatio);
        }
    }

    /** torchvision's defaults, upstream's setting: scale (0.08, 1), ratio (3/4, 4/3). */
    public static RandomResizedCrop standard() {
        return new RandomResizedCrop(0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
    }

    /**
     * A crop box.
     *
     * @param left first column
     * @param top first row
     * @param width columns
     * @param height rows
     */
    public record Box(int left, int top, int width, int height) {}

    /** torchvision's {@code get_params}: the box for an image of {@code width x height}. */
    public Box sample(int width, int height, RandomGenerator rnd) {
        double area = (double) width * height;
        double logMin = Math.log(minRatio);
        double logMax = Math.log(maxRatio);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double target = area * uniform(minScale, maxScale, rnd);
            double aspect = Math.exp(uniform(logMin, logMax, rnd));
            int w = (int) Math.rint(Math.sqrt(target * aspect));
            int h = (int) Math.rint(Math.sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rnd.nextInt(height - h + 1);
                int left = rnd.nextInt(width - w + 1);
                return new Box(left, top, w, h);
            }
        }
        double inRatio = (double) width / height;
        int w = width;
        int h = height;
        if (inRatio < minRatio) {
            h = (int) Math.rint(w / minRatio);
        } else if (inRatio > maxRatio) {
            w = (int) Math.rint(h * maxRatio);
        }
        return new Box((width - w) / 2, (height - h) / 2, w, h);
    }

    private static double uniform(double lo, double hi, RandomGenerator rnd) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    /** Crops a random box and resizes it to {@code size x size}. */
    public RgbImage apply(RgbImage img, int size, RandomGenerator rnd) {
        Box b = sample(img.width(), img.height(), rnd);
        return Resampler.resizeRegion(
                img, b.left(), b.top(), b.width(), b.height(), size, size, 0, 0, size, size);
    }
}
