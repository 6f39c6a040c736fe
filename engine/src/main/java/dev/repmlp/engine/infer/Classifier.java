package dev.repmlp.engine.infer;

import dev.repmlp.engine.data.ImageDecodeException;
import dev.repmlp.engine.data.RgbImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Top-k classification of single images with upstream's eval preprocessing, for the GUI's classify
 * page and the smoke test. Owns its model (close it). An image that cannot be read gives a failed
 * {@link Prediction} naming the problem, never an exception, so one bad file in a batch does not
 * stop the rest.
 */
public final class Classifier implements AutoCloseable {
    /** The usual number of classes to list. */
    public static final int DEFAULT_K = 5;

    private final LoadedModel model;
    private final ClassNames names;

    /**
     * Takes ownership of {@code model}.
     *
     * @param names as many names as the model has classes
     */
    public Classifier(LoadedModel model, ClassNames names) {
        this.model = Objects.requireNonNull(model, "model");
        this.names = Objects.requireNonNull(names, "names");
        if (names.size() != model.config().numClass()) {
            throw new IllegalArgumentException(
                    names.size()
                            + " class names for a model with "
                            + model.config().numClass()
                            + " classes");
        }
    }

    /**
     * Loads weights in either structure (see {@link LoadedModel#load}) with the class names found
     * next to them ({@link ClassNames#forWeights}), and runs one warm-up pass so the first image's
     * time is not the library's start-up.
     */
    public static Classifier load(Path weights) throws IOException {
        LoadedModel model = LoadedModel.load(weights, null);
        try {
            Classifier c =
                    new Classifier(
                            model, ClassNames.forWeights(weights, model.config().numClass()));
            c.warmUp();
            return c;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** One forward pass on a blank image. */
    public void warmUp() {
        int r = resolution();
        model.logits(new float[model.config().inChannels() * r * r], 1);
    }

    /** Classifies an image file; a file that cannot be read gives a failed prediction. */
    public Prediction classify(Path file, int k) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        RgbImage image;
        try {
            image = RgbImage.read(file);
        } catch (ImageDecodeException e) {
            return Prediction.failed(name, file, e.getMessage());
        }
        return classify(name, file, image, k);
    }

    /** Classifies an image already in memory (e.g. pasted), called {@code name}. */
    public Prediction classify(String name, RgbImage image, int k) {
        return classify(name, null, image, k);
    }

    private Prediction classify(String name, Path path, RgbImage image, int k) {
        if (image.width() < 1 || image.height() < 1) {
            return Prediction.failed(name, path, name + " is empty (no pixels)");
        }
        if (model.config().inChannels() != 3) {
            return Prediction.failed(
                    name,
                    path,
                    "the model takes "
                            + model.config().inChannels()
                            + "-channel input; only RGB (3) images can be classified");
        }
        ModelInput input = ModelInput.of(image, resolution());
        Timed run = forward(model, input.tensor());
        return new Prediction(
                name, path, input.cropped(), topK(run.logits(), names, k), run.nanos(), null);
    }

    /** Input resolution of the model (the crop size). */
    public int resolution() {
        return model.config().imageSize();
    }

    public LoadedModel model() {
        return model;
    }

    public ClassNames names() {
        return names;
    }

    @Override
    public void close() {
        model.close();
    }

    /** Logits of one image and the forward pass's wall time. */
    record Timed(float[] logits, long nanos) {}

    static Timed forward(LoadedModel model, float[] chw) {
        long start = System.nanoTime();
        float[] logits = model.logits(chw, 1);
        return new Timed(logits, System.nanoTime() - start);
    }

    /** The {@code k} best classes of one sample's logits with their softmax probabilities. */
    static List<Scored> topK(float[] logits, ClassNames names, int k) {
        Scores scores = Scores.of(logits, 0, logits.length);
        double[] p = scores.probabilities();
        List<Scored> out = new ArrayList<>();
        for (int i : scores.topK(k)) {
            out.add(new Scored(i, names.name(i), p[i]));
        }
        return out;
    }
}
