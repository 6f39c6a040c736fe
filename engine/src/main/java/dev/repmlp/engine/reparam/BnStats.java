package dev.repmlp.engine.reparam;

/**
 * An eval-mode BatchNorm's parameters and running statistics, copied to the host, one value per
 * channel: what {@link Reparam#fuseBn} folds into the layer before it.
 *
 * @param gamma the scale ({@code weight})
 * @param beta the shift ({@code bias})
 * @param mean {@code running_mean}
 * @param var {@code running_var}
 * @param eps the epsilon added to the variance
 */
public record BnStats(float[] gamma, float[] beta, float[] mean, float[] var, float eps) {
    public BnStats {
        int c = gamma.length;
        if (beta.length != c || mean.length != c || var.length != c) {
            throw new IllegalArgumentException(
                    "BatchNorm statistics of different lengths: "
                            + c
                            + ", "
                            + beta.length
                            + ", "
                            + mean.length
                            + ", "
                            + var.length);
        }
    }

    /** Number of channels. */
    public int channels() {
        return gamma.length;
    }
}
