package dev.repmlp.engine.infer;

import dev.repmlp.engine.data.RgbImage;
import java.nio.file.Path;
import java.util.List;

/**
 * The train-time and the deploy-time model on one image (see {@link TrainVsDeploy}).
 *
 * @param name what to call the image (its file name)
 * @param path its file, or null
 * @param input what both networks saw (resized and centre-cropped); null on error
 * @param train the train-time model's top-k and time; null on error
 * @param deploy the deploy-time model's top-k and time; null on error
 * @param maxAbsLogitDiff the largest |train logit - deploy logit| over all classes; NaN on error
 * @param error why the image could not be compared, or null
 */
public record ImageComparison(
        String name,
        Path path,
        RgbImage input,
        Side train,
        Side deploy,
        double maxAbsLogitDiff,
        String error) {

    /**
     * One model's answer.
     *
     * @param topK best classes first
     * @param nanos the wall time of its fastest forward pass (see {@link
     *     TrainVsDeploy#TIMING_RUNS})
     */
    public record Side(List<Scored> topK, long nanos) {
        public Side {
            topK = List.copyOf(topK);
        }

        /** The best class's index. */
        public int top1() {
            return topK.get(0).label();
        }
    }

    /** A comparison that failed for {@code error}. */
    public static ImageComparison failed(String name, Path path, String error) {
        return new ImageComparison(name, path, null, null, null, Double.NaN, error);
    }

    /** True when both models ran on the image. */
    public boolean ok() {
        return error == null;
    }

    /** True when both models rank the same class first (false on error). */
    public boolean top1Agrees() {
        return ok() && train.top1() == deploy.top1();
    }
}
