package dev.repmlp.engine.train;

/**
 * How far an epoch-end validation has got, reported to {@link TrainingListener#onValidation} about
 * once a second and once at its end. With EMA on, an epoch is validated twice: the trained weights,
 * then the EMA weights ({@code ema} true), each pass counting its images from 0.
 *
 * @param epoch the epoch validated (0-based)
 * @param images val images evaluated so far (unreadable ones included, as passed over)
 * @param total val images in all
 * @param imagesPerSec images evaluated per second since the validation began
 * @param ema whether this is the pass over the EMA weights
 */
public record ValidationProgress(
        int epoch, int images, int total, double imagesPerSec, boolean ema) {

    /** The pass over the trained (not EMA) weights. */
    public ValidationProgress(int epoch, int images, int total, double imagesPerSec) {
        this(epoch, images, total, imagesPerSec, false);
    }

    /** Whether the validation is over. */
    public boolean done() {
        return images >= total;
    }

    /** "" for the trained weights, " (EMA weights)" for the EMA pass: for progress lines. */
    public String label() {
        return ema ? " (EMA weights)" : "";
    }
}
