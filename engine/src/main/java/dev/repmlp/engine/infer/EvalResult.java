package dev.repmlp.engine.infer;

/**
 * Accuracy and loss over a dataset.
 *
 * @param top1 top-1 accuracy in percent
 * @param top5 top-5 accuracy in percent (top-k with k = min(5, classes))
 * @param loss mean cross-entropy
 * @param images images evaluated
 * @param skipped unreadable images skipped
 * @param nonFinite images whose logits held NaN or infinity (counted as wrong)
 */
public record EvalResult(
        double top1, double top5, double loss, int images, int skipped, int nonFinite) {

    /** A result with no non-finite logits. */
    public EvalResult(double top1, double top5, double loss, int images, int skipped) {
        this(top1, top5, loss, images, skipped, 0);
    }
}
