package dev.repmlp.engine.runs;

/**
 * One optimizer step, as written to metrics.jsonl ({@code "type":"step"}).
 *
 * @param epoch 0-based epoch
 * @param step 0-based step within the epoch
 * @param stepsPerEpoch steps in an epoch
 * @param loss training loss of the step
 * @param lr learning rate used
 * @param imagesPerSec throughput of the step
 * @param time seconds since the run (or the resumed session) started
 * @param dataSeconds seconds the step waited for its images (timm's "data time"; NaN when not
 *     recorded, as in runs from before it was)
 * @param stepSeconds seconds the whole step took, data wait included (NaN when not recorded)
 */
public record StepMetrics(
        int epoch,
        int step,
        int stepsPerEpoch,
        double loss,
        double lr,
        double imagesPerSec,
        double time,
        double dataSeconds,
        double stepSeconds) {

    /**
     * Above this share of the step time spent waiting for data, the loader is the bottleneck (the
     * run log and the Train page then suggest more workers or a cache).
     */
    public static final double LOADER_BOUND_SHARE = 0.3;

    /** A step without data-wait figures. */
    public StepMetrics(
            int epoch,
            int step,
            int stepsPerEpoch,
            double loss,
            double lr,
            double imagesPerSec,
            double time) {
        this(epoch, step, stepsPerEpoch, loss, lr, imagesPerSec, time, Double.NaN, Double.NaN);
    }

    /**
     * The share of the step spent waiting for data, 0..1 (NaN when not recorded): near 1 the loader
     * is the bottleneck.
     */
    public double dataShare() {
        return stepSeconds > 0 ? Math.min(1, dataSeconds / stepSeconds) : Double.NaN;
    }
}
