package dev.repmlp.engine.data.augment;

import java.util.random.RandomGenerator;

/**
 * timm's {@code Mixup} in batch mode with label smoothing, as upstream uses it: with probability
 * {@code prob} one lambda is drawn for the whole batch, either for cutmix (probability {@code
 * switchProb} when both alphas are positive; always when only cutmix is on) with lambda ~
 * Beta(cutmixAlpha, cutmixAlpha), or for mixup with lambda ~ Beta(mixupAlpha, mixupAlpha). Sample i
 * is mixed with sample N-1-i (the batch reversed). Mixup blends whole images, {@code lam x_i + (1 -
 * lam) x_{N-1-i}}; cutmix pastes the partner's box of timm's {@code rand_bbox} (sides {@code int(H
 * sqrt(1-lam))}, {@code int(W sqrt(1-lam))}, centre uniform over the pixels, clipped) and corrects
 * lambda to {@code 1 - box area / image area}. Targets are smoothed one-hot vectors (off =
 * smoothing / classes, on = 1 - smoothing + off) mixed as {@code lam y_i + (1 - lam) y_{N-1-i}}.
 * Like timm, the batch size must be even.
 */
public final class MixupCutmix {

    /** What was done to a batch. */
    public enum Kind {
        /** Nothing (the {@code prob} draw failed): targets are the smoothed one-hot labels. */
        NONE,
        /** Whole images blended. */
        MIXUP,
        /** A box swapped between partners. */
        CUTMIX
    }

    /**
     * The outcome for one batch.
     *
     * @param targets soft targets, {@code N x numClasses} row-major
     * @param lam weight of each sample's own image and label (1 for {@link Kind#NONE})
     * @param kind what was done
     * @param top first row of the cutmix box (0 unless cutmix)
     * @param bottom end row, exclusive
     * @param left first column
     * @param right end column, exclusive
     */
    public record Result(
            float[] targets, double lam, Kind kind, int top, int bottom, int left, int right) {}

    private final double mixupAlpha;
    private final double cutmixAlpha;
    private final double prob;
    private final double switchProb;
    private final double labelSmoothing;
    private final int numClasses;

    /**
     * @param mixupAlpha Beta parameter of mixup (0 turns mixup off)
     * @param cutmixAlpha Beta parameter of cutmix (0 turns cutmix off)
     * @param prob probability that a batch is mixed at all
     * @param switchProb probability of cutmix rather than mixup when both are on
     * @param labelSmoothing label smoothing of the targets
     * @param numClasses classes
     */
    public MixupCutmix(
            double mixupAlpha,
            double cutmixAlpha,
            double prob,
            double switchProb,
            double labelSmoothing,
            int numClasses) {
        if (!(mixupAlpha >= 0 && cutmixAlpha >= 0) || (mixupAlpha == 0 && cutmixAlpha == 0)) {
            throw new IllegalArgumentException(
                    "mixup/cutmix needs alphas >= 0, at least one positive (use smoothOneHot"
                            + " without mixing): "
                            + mixupAlpha
                            + ", "
                            + cutmixAlpha);
        }
        checkProbability("prob", prob);
        checkProbability("switchProb", switchProb);
        checkProbability("labelSmoothing", labelSmoothing);
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive: " + numClasses);
        }
        this.mixupAlpha = mixupAlpha;
        this.cutmixAlpha = cutmixAlpha;
        this.prob = prob;
        this.switchProb = switchProb;
        this.labelSmoothing = labelSmoothing;
        this.numClasses = numClasses;
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must lie in [0, 1]: " + p);
        }
    }

    /** Upstream's published recipe: mixup 0.4, cutmix 1.0, prob 1, switch 0.5, smoothing 0.1. */
    public static MixupCutmix recipe(int numClasses) {
        return new MixupCutmix(0.4, 1.0, 1.0, 0.5, 0.1, numClasses);
    }

    /** Number of classes of the targets. */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Mixes a batch in place and returns its soft targets.
     *
     * @param images {@code N x C x height x width} floats (N = labels.length), changed in place
     * @param labels class of each sample
     * @param height image height
     * @param width image width
     * @param rnd source of randomness
     */
    public Result apply(float[] images, int[] labels, int height, int width, RandomGenerator rnd) {
        int n = labels.length;
        if (n % 2 != 0) {
            throw new IllegalArgumentException("batch size must be even for mixup/cutmix: " + n);
        }
        long plane = (long) height * width;
        if (n == 0 || plane == 0 || images.length % (n * plane) != 0) {
            throw new IllegalArgumentException(
                    images.length + " floats are not " + n + " images of " + height + "x" + width);
        }
        int sample = images.length / n;
        double lam = 1.0;
        boolean cutmix = false;
        if (rnd.nextDouble() < prob) {
            if (mixupAlpha > 0 && cutmixAlpha > 0) {
                cutmix = rnd.nextDouble() < switchProb;
                double alpha = cutmix ? cutmixAlpha : mixupAlpha;
                lam = Distributions.beta(alpha, alpha, rnd);
            } else if (mixupAlpha > 0) {
                lam = Distributions.beta(mixupAlpha, mixupAlpha, rnd);
            } else {
                cutmix = true;
                lam = Distributions.beta(cutmixAlpha, cutmixAlpha, rnd);
            }
        }
        if (lam == 1.0) {
            return new Result(
                    mixTargets(labels, numClasses, 1.0, labelSmoothing),
                    1.0,
                    Kind.NONE,
                    0,
                    0,
                    0,
                    0);
        }
        if (cutmix) {
            double ratio = Math.sqrt(1 - lam);
            int cutH = (int) (height * ratio);
            int cutW = (int) (width * ratio);
            int cy = rnd.nextInt(height);
            int cx = rnd.nextInt(width);
            int top = Math.max(0, cy - cutH / 2);
            int bottom = Math.min(height, cy + cutH / 2);
            int left = Math.max(0, cx - cutW / 2);
            int right = Math.min(width, cx + cutW / 2);
            lam = 1.0 - (double) ((bottom - top) * (right - left)) / ((double) height * width);
            swapBoxes(images, n, sample, height, width, top, bottom, left, right);
            return new Result(
                    mixTargets(labels, numClasses, lam, labelSmoothing),
                    lam,
                    Kind.CUTMIX,
                    top,
                    bottom,
                    left,
                    right);
        }
        float a = (float) lam;
        float b = (float) (1.0 - lam);
        for (int i = 0; i < n / 2; i++) {
            int p = i * sample;
            int q = (n - 1 - i) * sample;
            for (int k = 0; k < sample; k++) {
                float x = images[p + k];
                float y = images[q + k];
                images[p + k] = x * a + y * b;
                images[q + k] = y * a + x * b;
            }
        }
        return new Result(
                mixTargets(labels, numClasses, lam, labelSmoothing), lam, Kind.MIXUP, 0, 0, 0, 0);
    }

    private static void swapBoxes(
            float[] images,
            int n,
            int sample,
            int height,
            int width,
            int top,
            int bottom,
            int left,
            int right) {
        int channels = sample / (height * width);
        for (int i = 0; i < n / 2; i++) {
            int p = i * sample;
            int q = (n - 1 - i) * sample;
            for (int c = 0; c < channels; c++) {
                for (int y = top; y < bottom; y++) {
                    int row = (c * height + y) * width;
                    for (int x = left; x < right; x++) {
                        float t = images[p + row + x];
                        images[p + row + x] = images[q + row + x];
                        images[q + row + x] = t;
                    }
                }
            }
        }
    }

    /**
     * timm's {@code mixup_target}: smoothed one-hot rows mixed with those of the reversed batch,
     * {@code lam y_i + (1 - lam) y_{N-1-i}}.
     */
    public static float[] mixTargets(int[] labels, int numClasses, double lam, double smoothing) {
        double off = smoothing / numClasses;
        double on = 1.0 - smoothing + off;
        int n = labels.length;
        float[] out = new float[n * numClasses];
        for (int i = 0; i < n; i++) {
            int own = checkLabel(labels[i], numClasses);
            int partner = checkLabel(labels[n - 1 - i], numClasses);
            for (int k = 0; k < numClasses; k++) {
                double y1 = k == own ? on : off;
                double y2 = k == partner ? on : off;
                out[i * numClasses + k] = (float) (y1 * lam + y2 * (1.0 - lam));
            }
        }
        return out;
    }

    /**
     * Smoothed one-hot targets (no mixing): off = smoothing / classes, on = 1 - smoothing + off.
     */
    public static float[] smoothOneHot(int[] labels, int numClasses, double smoothing) {
        return mixTargets(labels, numClasses, 1.0, smoothing);
    }

    private static int checkLabel(int label, int numClasses) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException(
                    "label " + label + " outside 0.." + (numClasses - 1));
        }
        return label;
    }
}
