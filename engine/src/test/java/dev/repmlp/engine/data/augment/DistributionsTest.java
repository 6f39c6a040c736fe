package dev.repmlp.engine.data.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Moments of the Gamma and Beta samplers against their closed forms. */
class DistributionsTest {

    private static final int N = 50_000;

    private static double[] moments(DoubleSupplier s) {
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < N; i++) {
            double v = s.getAsDouble();
            assertTrue(Double.isFinite(v) && v >= 0);
            sum += v;
            sq += v * v;
        }
        double mean = sum / N;
        return new double[] {mean, sq / N - mean * mean};
    }

    @Test
    void gammaHasMeanAndVarianceEqualToItsShape() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (double k : new double[] {0.4, 1.0, 2.5, 9.0}) {
            double[] m = moments(() -> Distributions.gamma(k, rnd));
            assertEquals(k, m[0], 0.03 * Math.max(1, k), "mean, shape " + k);
            assertEquals(k, m[1], 0.08 * k, "variance, shape " + k);
        }
    }

    @Test
    void betaMatchesItsMoments() {
        SplittableRandom rnd = new SplittableRandom(2);
        double[][] cases = {{0.4, 0.4}, {1, 1}, {2, 5}};
        for (double[] c : cases) {
            double a = c[0];
            double b = c[1];
            double[] m =
                    moments(
                            () -> {
                                double v = Distributions.beta(a, b, rnd);
                                assertTrue(v >= 0 && v <= 1);
                                return v;
                            });
            double mean = a / (a + b);
            double var = a * b / ((a + b) * (a + b) * (a + b + 1));
            assertEquals(mean, m[0], 0.01, "mean of Beta(" + a + "," + b + ")");
            assertEquals(var, m[1], 0.05 * var, "variance of Beta(" + a + "," + b + ")");
        }
    }

    @Test
    void badShapesAreRejected() {
        SplittableRandom rnd = new SplittableRandom(3);
        assertThrows(IllegalArgumentException.class, () -> Distributions.gamma(0, rnd));
        assertThrows(IllegalArgumentException.class, () -> Distributions.gamma(Double.NaN, rnd));
    }
}
