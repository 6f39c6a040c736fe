package dev.repmlp.engine.infer;

import dev.repmlp.engine.checkpoint.IncompatibleWeightsException;
import dev.repmlp.engine.checkpoint.Structure;
import dev.repmlp.engine.data.ImageDecodeException;
import dev.repmlp.engine.data.RgbImage;
import dev.repmlp.engine.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A train-time RepMLPNet and its deploy-time twin (locality injection, cf. upstream's {@code
 * RepMLPNet.locality_injection}) side by side on the same images: each model's top-k and forward
 * time, and the largest logit difference, which should be float rounding only. Owns both models
 * (close it). A deploy-time file alone cannot be compared: its conv branches are already folded
 * into fc3, so there is no train-time model to check it against.
 */
public final class TrainVsDeploy implements AutoCloseable {
    /** Forward passes per model and image; the fastest is reported (less scheduler noise). */
    public static final int TIMING_RUNS = 3;

    private final LoadedModel train;
    private final LoadedModel deploy;
    private final ClassNames names;
    private volatile OnnxModel onnxDeploy;

    private TrainVsDeploy(LoadedModel train, LoadedModel deploy, ClassNames names) {
        this.train = train;
        this.deploy = deploy;
        this.names = names;
    }

    /**
     * Takes ownership of {@code train}, builds its deploy-time twin and warms both up. Throws
     * {@link IncompatibleWeightsException} (and closes {@code train}) when it is deploy-time.
     */
    public static TrainVsDeploy of(LoadedModel train, ClassNames names)
            throws IncompatibleWeightsException {
        Objects.requireNonNull(names, "names");
        try {
            if (train.structure() != Structure.TRAIN) {
                throw new IncompatibleWeightsException(notComparable(train.source()));
            }
            if (names.size() != train.config().numClass()) {
                throw new IllegalArgumentException(
                        names.size()
                                + " class names for a model with "
                                + train.config().numClass()
                                + " classes");
            }
        } catch (IncompatibleWeightsException | RuntimeException e) {
            train.close();
            throw e;
        }
        LoadedModel deploy;
        try {
            deploy = train.deployTwin();
        } catch (RuntimeException e) {
            train.close();
            throw e;
        }
        TrainVsDeploy t = new TrainVsDeploy(train, deploy, names);
        try {
            t.warmUp();
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Loads train-time weights (see {@link LoadedModel#load}) with their class names. */
    public static TrainVsDeploy load(Path weights) throws IOException {
        LoadedModel model = LoadedModel.load(weights, null);
        ClassNames names;
        try {
            names = ClassNames.forWeights(weights, model.config().numClass());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return of(model, names);
    }

    static String notComparable(String source) {
        return Path.of(source).getFileName()
                + " holds deploy-time weights: its conv branches are already folded into fc3, so"
                + " there is no train-time model to compare it with. Load the train-time weights"
                + " (what training writes, or an upstream release) instead; the deploy-time model"
                + " is built from them here.";
    }

    private void warmUp() {
        int r = train.config().imageSize();
        float[] blank = new float[train.config().inChannels() * r * r];
        train.logits(blank, 1);
        deploy.logits(blank, 1);
    }

    /** Compares on an image file; a file that cannot be read gives a failed comparison. */
    public ImageComparison compare(Path file, int k) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            return compare(name, file, RgbImage.read(file), k);
        } catch (ImageDecodeException e) {
            return ImageComparison.failed(name, file, e.getMessage());
        }
    }

    /**
     * Compares on an image in memory: each model runs {@link #TIMING_RUNS} times, alternating which
     * goes first, and its fastest pass is reported. One caller at a time.
     */
    public ImageComparison compare(String name, Path path, RgbImage image, int k) {
        if (image.width() < 1 || image.height() < 1) {
            return ImageComparison.failed(name, path, name + " is empty (no pixels)");
        }
        if (train.config().inChannels() != 3) {
            return ImageComparison.failed(name, path, "only 3-channel models can be compared");
        }
        ModelInput input = ModelInput.of(image, train.config().imageSize());
        Classifier.Timed a = null;
        Classifier.Timed b = null;
        for (int run = 0; run < TIMING_RUNS; run++) {
            // alternate which model runs first, so caches and clocks favour neither
            Classifier.Timed ta;
            Classifier.Timed tb;
            if (run % 2 == 0) {
                ta = Classifier.forward(train, input.tensor());
                tb = forwardDeploy(input.tensor());
            } else {
                tb = forwardDeploy(input.tensor());
                ta = Classifier.forward(train, input.tensor());
            }
            a = a == null || ta.nanos() < a.nanos() ? ta : a;
            b = b == null || tb.nanos() < b.nanos() ? tb : b;
        }
        double max = 0;
        for (int i = 0; i < a.logits().length; i++) {
            max = Math.max(max, Math.abs((double) a.logits()[i] - b.logits()[i]));
        }
        return new ImageComparison(
                name,
                path,
                input.cropped(),
                new ImageComparison.Side(Classifier.topK(a.logits(), names, k), a.nanos()),
                new ImageComparison.Side(Classifier.topK(b.logits(), names, k), b.nanos()),
                max,
                null);
    }

    private Classifier.Timed forwardDeploy(float[] chw) {
        OnnxModel onnx = onnxDeploy;
        if (onnx == null) {
            return Classifier.forward(deploy, chw);
        }
        long start = System.nanoTime();
        float[] logits = onnx.logits(chw, 1);
        return new Classifier.Timed(logits, System.nanoTime() - start);
    }

    /**
     * Runs the deploy side from an exported {@code .onnx} file with ONNX Runtime instead of the
     * locality-injected DJL twin (which stays, e.g. for export). Takes ownership of {@code onnx};
     * null goes back to the DJL twin. One caller at a time, not during {@link #compare}.
     *
     * @throws IllegalArgumentException (closing {@code onnx}) when its input resolution or number
     *     of logits differs from the train-time model's
     */
    public void useOnnxDeploy(OnnxModel onnx) {
        if (onnx != null) {
            int r = train.config().imageSize();
            int k = train.config().numClass();
            if (onnx.imageSize() != r || onnx.numClass() != k || onnx.inputShape()[1] != 3) {
                String file = String.valueOf(onnx.file().getFileName());
                onnx.close();
                throw new IllegalArgumentException(
                        file
                                + " takes "
                                + onnx.imageSize()
                                + "x"
                                + onnx.imageSize()
                                + " images to "
                                + onnx.numClass()
                                + " logits, but the train-time model takes "
                                + r
                                + "x"
                                + r
                                + " to "
                                + k
                                + ": export it from these weights (Export ONNX…)");
            }
            float[] blank = new float[3 * r * r];
            onnx.logits(blank, 1); // warm up, as the DJL models are
        }
        OnnxModel old = onnxDeploy;
        onnxDeploy = onnx;
        if (old != null) {
            old.close();
        }
    }

    /** The ONNX file running the deploy side, or null when the DJL twin does. */
    public OnnxModel onnxDeploy() {
        return onnxDeploy;
    }

    /** The train-time model. */
    public LoadedModel train() {
        return train;
    }

    /** Its locality-injected twin. */
    public LoadedModel deploy() {
        return deploy;
    }

    public ClassNames names() {
        return names;
    }

    @Override
    public void close() {
        try {
            useOnnxDeploy(null);
            deploy.close();
        } finally {
            train.close();
        }
    }
}
