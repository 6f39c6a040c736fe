package dev.repmlp.app.evaluate;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * An image in the gallery with its prediction.
 *
 * @param path the image file
 * @param trueClass its folder's class
 * @param predicted the top-1 class (empty when the logits were not finite)
 * @param probability the top-1's softmax probability
 * @param topClasses the top-5 class names, best first
 * @param topProbabilities their probabilities
 */
public record GalleryItem(
        Path path,
        String trueClass,
        String predicted,
        double probability,
        List<String> topClasses,
        List<Double> topProbabilities) {

    public GalleryItem {
        topClasses = List.copyOf(topClasses);
        topProbabilities = List.copyOf(topProbabilities);
    }

    /** The top-5 as lines "name 12.3%". */
    public String topText() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < topClasses.size(); i++) {
            if (i > 0) {
                b.append('\n');
            }
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%s  %.1f%%",
                            topClasses.get(i),
                            100 * topProbabilities.get(i)));
        }
        return b.toString();
    }
}
