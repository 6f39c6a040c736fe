package dev.repmlp.app.classify;

import dev.repmlp.app.ui.Guess;
import java.util.List;
import java.util.Optional;
import javafx.scene.image.Image;

/**
 * One row of the classify page: an image and the model's answer, or why there is none.
 *
 * @param name the file name (or "pasted image")
 * @param location where the image came from (full path), or ""
 * @param input what the network saw, blown up; null on error
 * @param inputCaption e.g. "32×32 input"
 * @param topK the best classes, best first; empty on error
 * @param time the forward pass's time, e.g. "1.3 ms"; "" on error
 * @param error why the image could not be classified, or null
 */
public record ClassifiedImage(
        String name,
        String location,
        Image input,
        String inputCaption,
        List<Guess> topK,
        String time,
        String error) {

    public ClassifiedImage {
        topK = List.copyOf(topK);
    }

    /** True when the image was classified. */
    public boolean ok() {
        return error == null;
    }

    /** The best class, when classified. */
    public Optional<Guess> top1() {
        return topK.isEmpty() ? Optional.empty() : Optional.of(topK.get(0));
    }
}
