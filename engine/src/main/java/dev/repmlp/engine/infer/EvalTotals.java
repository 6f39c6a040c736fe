package dev.repmlp.engine.infer;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The counts behind an {@link EvalResult}, which add up exactly over parts of a dataset: shards of
 * an evaluation merge by summing these, never by averaging their averages. The loss sum is exact
 * (each image's cross-entropy, a double, added without rounding), so the merged loss does not
 * depend on how the images were split.
 *
 * @param correct1 images whose label is the top-1 prediction
 * @param correct5 images whose label is among the top-k (k = min(5, classes))
 * @param lossSum sum of the images' finite cross-entropies, exact
 * @param nonFinite sum of the cross-entropies that were infinite or NaN (a diverged model; 0 when
 *     none), which then is the loss
 * @param images images evaluated
 * @param skipped unreadable images skipped
 * @param nonFiniteImages images whose logits held NaN or infinity (counted as wrong)
 */
public record EvalTotals(
        long correct1,
        long correct5,
        BigDecimal lossSum,
        double nonFinite,
        int images,
        int skipped,
        int nonFiniteImages) {

    /** Nothing evaluated yet. */
    public static final EvalTotals ZERO = new EvalTotals(0, 0, BigDecimal.ZERO, 0, 0, 0, 0);

    /** Totals without images of non-finite logits. */
    public EvalTotals(
            long correct1,
            long correct5,
            BigDecimal lossSum,
            double nonFinite,
            int images,
            int skipped) {
        this(correct1, correct5, lossSum, nonFinite, images, skipped, 0);
    }

    /** The sum of two disjoint parts. */
    public EvalTotals plus(EvalTotals o) {
        return new EvalTotals(
                correct1 + o.correct1,
                correct5 + o.correct5,
                lossSum.add(o.lossSum),
                nonFinite + o.nonFinite,
                Math.addExact(images, o.images),
                Math.addExact(skipped, o.skipped),
                Math.addExact(nonFiniteImages, o.nonFiniteImages));
    }

    /** Top-1/top-5 in percent and the mean loss (NaN when no image was read). */
    public EvalResult result() {
        if (images == 0) {
            return new EvalResult(0, 0, Double.NaN, 0, skipped);
        }
        double loss =
                nonFinite != 0 || Double.isNaN(nonFinite)
                        ? nonFinite
                        : lossSum.divide(BigDecimal.valueOf(images), MathContext.DECIMAL128)
                                .doubleValue();
        return new EvalResult(
                100.0 * correct1 / images,
                100.0 * correct5 / images,
                loss,
                images,
                skipped,
                nonFiniteImages);
    }
}
