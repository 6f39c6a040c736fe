package dev.repmlp.engine.infer;

import dev.repmlp.engine.data.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a model says about one image, or why it could not say anything.
 *
 * @param name what to call the image (its file name, or e.g. "pasted image")
 * @param path its file, or null when it did not come from a file
 * @param input what the network saw: the image resized and centre-cropped to the model's
 *     resolution, before normalisation; null when the image could not be read
 * @param topK the best classes, best first; empty on error
 * @param nanos the forward pass's wall time (preprocessing excluded); 0 on error
 * @param error why the image could not be classified, or null
 */
public record Prediction(
        String name, Path path, RgbImage input, List<Scored> topK, long nanos, String error) {

    public Prediction {
        topK = List.copyOf(topK);
    }

    /** A prediction that failed for {@code error}. */
    public static Prediction failed(String name, Path path, String error) {
        return new Prediction(name, path, null, List.of(), 0, error);
    }

    /** True when the image was classified. */
    public boolean ok() {
        return error == null;
    }

    /** The best class, when classified. */
    public Optional<Scored> top1() {
        return topK.isEmpty() ? Optional.empty() : Optional.of(topK.get(0));
    }
}
