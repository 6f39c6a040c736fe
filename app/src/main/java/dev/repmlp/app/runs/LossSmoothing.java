package dev.repmlp.app.runs;

import dev.repmlp.app.charts.XY;
import java.util.ArrayList;
import java.util.List;

/**
 * The smoothing of TensorBoard's scalar charts: an exponential moving average with weight {@code w}
 * in [0, 1), debiased so that the first points are not pulled towards 0. Ported from the algorithm
 * TensorBoard's scalar dashboard documents for its smoothing slider: {@code last = w * last + (1 -
 * w) * value; smoothed = last / (1 - w^n)} after the n-th finite value. Non-finite values are
 * passed through and do not enter the average. Without the FX toolkit.
 */
public final class LossSmoothing {
    /** The largest weight the slider offers. */
    public static final double MAX_WEIGHT = 0.99;

    /** TensorBoard's default. */
    public static final double DEFAULT_WEIGHT = 0.6;

    private LossSmoothing() {}

    /**
     * The smoothed values.
     *
     * @param values the raw values, in order of step
     * @param weight 0 (raw) .. {@link #MAX_WEIGHT}
     * @throws IllegalArgumentException when {@code weight} is outside [0, {@link #MAX_WEIGHT}]
     */
    public static double[] smooth(double[] values, double weight) {
        check(weight);
        double[] out = new double[values.length];
        double last = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                out[i] = v;
                continue;
            }
            last = weight * last + (1 - weight) * v;
            n++;
            out[i] = weight == 0 ? v : last / (1 - Math.pow(weight, n));
        }
        return out;
    }

    /** {@link #smooth(double[], double)} on the y values of {@code points}, x kept. */
    public static List<XY> smooth(List<XY> points, double weight) {
        double[] y = new double[points.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = points.get(i).y();
        }
        double[] s = smooth(y, weight);
        List<XY> out = new ArrayList<>(y.length);
        for (int i = 0; i < y.length; i++) {
            out.add(new XY(points.get(i).x(), s[i]));
        }
        return out;
    }

    private static void check(double weight) {
        if (!(weight >= 0 && weight <= MAX_WEIGHT)) {
            throw new IllegalArgumentException(
                    "smoothing " + weight + " is outside 0.." + MAX_WEIGHT);
        }
    }
}
