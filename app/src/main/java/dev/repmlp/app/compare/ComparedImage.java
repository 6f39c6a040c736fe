package dev.repmlp.app.compare;

import dev.repmlp.app.ui.Guess;
import java.util.List;
import javafx.scene.image.Image;

/**
 * One row of the compare page: the train-time and the deploy-time model on one image.
 *
 * @param name the file name
 * @param location the full path, or ""
 * @param input what both networks saw, blown up; null on error
 * @param inputCaption e.g. "32×32 input"
 * @param train the train-time model's top-k, best first (empty on error)
 * @param trainTime its forward time, e.g. "1.4 ms"
 * @param deploy the deploy-time model's top-k
 * @param deployTime its forward time
 * @param maxDiff the largest |Δlogit|, e.g. "2.4e-7"
 * @param top1Agrees whether both rank the same class first
 * @param error why the image could not be compared, or null
 */
public record ComparedImage(
        String name,
        String location,
        Image input,
        String inputCaption,
        List<Guess> train,
        String trainTime,
        List<Guess> deploy,
        String deployTime,
        String maxDiff,
        boolean top1Agrees,
        String error) {

    public ComparedImage {
        train = List.copyOf(train);
        deploy = List.copyOf(deploy);
    }

    /** True when both models ran on the image. */
    public boolean ok() {
        return error == null;
    }
}
