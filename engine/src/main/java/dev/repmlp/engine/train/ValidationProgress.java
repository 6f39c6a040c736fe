package dev.repmlp.engine.train;

/**
 * How far an epoch-end validation has got, reported to {@link TrainingListener#onValidation} about
 * once a second and once at its end.
 *
 * @param epoch the epoch validated (0-based)
 * @param images val images evaluated so far (unreadable ones included, as passed over)
 * @param total val images in all
 * @param imagesPerSec images evaluated per second since the validation began
 */
public record ValidationProgress(int epoch, int images, int total, double imagesPerSec) {

    /** Whether the validation is over. */
    public boolean done() {
        return images >= total;
    }
}
