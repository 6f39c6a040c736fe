package dev.repmlp.engine.data.augment;

import java.util.random.RandomGenerator;

/** Gamma and Beta samplers (for mixup/cutmix's lambda). */
public final class Distributions {
    private Distributions() {}

    /**
     * A Gamma(shape, 1) sample by Marsaglia and Tsang's squeeze method (2000); shapes below 1 use
     * {@code Gamma(shape + 1) * U^(1/shape)}.
     */
    public static double gamma(double shape, RandomGenerator rnd) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("gamma shape must be positive and finite: " + shape);
        }
        if (shape < 1) {
            double u = 1.0 - rnd.nextDouble(); // (0, 1]
            return gamma(shape + 1, rnd) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x;
            double v;
            do {
                x = rnd.nextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rnd.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** A Beta(a, b) sample as {@code X / (X + Y)} with X ~ Gamma(a), Y ~ Gamma(b). */
    public static double beta(double a, double b, RandomGenerator rnd) {
        while (true) {
            double x = gamma(a, rnd);
            double y = gamma(b, rnd);
            if (x + y > 0) {
                return x / (x + y);
            }
        }
    }
}
