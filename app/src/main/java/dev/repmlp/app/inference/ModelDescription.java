package dev.repmlp.app.inference;

import dev.repmlp.engine.infer.ClassNames;
import dev.repmlp.engine.infer.LoadedModel;
import java.nio.file.Path;

/**
 * A loaded model in words, for a page's model bar.
 *
 * @param name the architecture, e.g. "RepMLPNet-Demo"
 * @param detail e.g. "train-time · 10 classes · 32×32 input · class names from demo.json"
 * @param file the weights file's name
 * @param path the weights file's full path
 */
public record ModelDescription(String name, String detail, String file, String path) {

    /** Describes {@code model}, loaded from {@code weights} with {@code names}. */
    public static ModelDescription of(LoadedModel model, ClassNames names, Path weights) {
        int r = model.config().imageSize();
        String namesFrom =
                names.isNumbered() ? "no class names found" : "class names from " + names.source();
        String detail =
                model.structure().label()
                        + " · "
                        + model.config().numClass()
                        + " classes · "
                        + r
                        + "×"
                        + r
                        + " input · "
                        + namesFrom;
        for (String note : model.notes()) {
            // e.g. a run's checkpoints/best.safetensors, read as its model weights
            detail += " · " + note;
        }
        Path file = weights.getFileName();
        return new ModelDescription(
                model.config().name(),
                detail,
                file == null ? weights.toString() : file.toString(),
                weights.toAbsolutePath().toString());
    }
}
