package dev.repmlp.engine.eval;

/**
 * One class's results from a confusion matrix. Fractions are in [0, 1] and NaN when undefined
 * (precision with no prediction of the class, recall and top-5 with no image of it).
 *
 * @param name the class name
 * @param support images whose true class this is
 * @param predicted images predicted as this class (the matrix column's sum)
 * @param correct images of this class predicted as it (the diagonal cell)
 * @param top5Correct images of this class with it among the top-5 (top-k, k = min(5, classes))
 */
public record ClassResult(
        String name, long support, long predicted, long correct, long top5Correct) {

    /** correct / predicted. */
    public double precision() {
        return predicted == 0 ? Double.NaN : (double) correct / predicted;
    }

    /** correct / support: the class's top-1 accuracy. */
    public double recall() {
        return support == 0 ? Double.NaN : (double) correct / support;
    }

    /** The harmonic mean of precision and recall (0 when both are 0, NaN when either is NaN). */
    public double f1() {
        double p = precision();
        double r = recall();
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** top5Correct / support. */
    public double top5() {
        return support == 0 ? Double.NaN : (double) top5Correct / support;
    }
}
