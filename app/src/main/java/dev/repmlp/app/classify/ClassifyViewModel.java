package dev.repmlp.app.classify;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.FxBatcher;
import dev.repmlp.app.concurrent.JobContext;
import dev.repmlp.app.concurrent.JobQueue;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.inference.ModelDescription;
import dev.repmlp.app.inference.ModelSlot;
import dev.repmlp.app.inference.OnnxExport;
import dev.repmlp.app.inference.Previews;
import dev.repmlp.app.inference.Samples;
import dev.repmlp.app.ui.Guess;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.data.ImageFiles;
import dev.repmlp.engine.data.RgbImage;
import dev.repmlp.engine.infer.Classifier;
import dev.repmlp.engine.infer.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the classify page: the loaded weights (the bundled demo model unless the user picks
 * others), the images classified last and their top-k. Loading and classifying run as jobs, one at
 * a time (a {@link JobQueue}), so images dropped while a model loads wait for it; results reach the
 * page in batches. A file that is not an image becomes an error row; weights that cannot be loaded
 * leave the previous model in place and set {@link #errorProperty()}.
 */
public final class ClassifyViewModel {
    /** Classes listed per image. */
    public static final int TOP_K = Classifier.DEFAULT_K;

    /** What a pasted image is called. */
    public static final String PASTED = "pasted image";

    private static final Logger LOG = LoggerFactory.getLogger(ClassifyViewModel.class);

    private final JobQueue jobs;
    private final ModelSlot<Classifier> model;
    private List<Input> lastInputs = List.of();

    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ObservableList<ClassifiedImage> results = FXCollections.observableArrayList();
    private final ObservableList<ClassifiedImage> resultsView =
            FXCollections.unmodifiableObservableList(results);
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(this, "empty", true);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

    /** The app's wiring: the bundled demo model is the default weights. */
    public ClassifyViewModel(JobRunner jobRunner) {
        this(jobRunner, Assets.locate(Assets.DEMO_MODEL).orElse(null));
    }

    /**
     * @param jobRunner runs loading and classification
     * @param defaultWeights what {@link #loadDefaultModelIfNone()} loads; null for none
     */
    public ClassifyViewModel(JobRunner jobRunner, Path defaultWeights) {
        this.jobs = new JobQueue(Objects.requireNonNull(jobRunner, "jobRunner"));
        this.model =
                new ModelSlot<>(
                        jobs,
                        defaultWeights,
                        "Load weights to classify images.",
                        "The bundled demo model was not found (set -Drepmlp.home). Load weights to"
                                + " classify images.",
                        "Could not load",
                        ClassifyViewModel::load,
                        (c, weights) -> ModelDescription.of(c.model(), c.names(), weights));
        model.setOnLoaded(
                () -> {
                    if (!lastInputs.isEmpty()) {
                        run(lastInputs);
                    }
                });
        empty.bind(Bindings.isEmpty(results));
    }

    // ---- actions ----------------------------------------------------------------------------

    /**
     * Exports the loaded model's deploy-time structure to {@code target} as ONNX, checked with ONNX
     * Runtime ({@link OnnxExport}); {@link #noticeProperty()} reports the result.
     */
    public void exportOnnx(Path target) {
        notice.set("");
        jobs.job(
                        "Exporting " + target.getFileName(),
                        context -> {
                            Classifier c = model.current();
                            if (c == null) {
                                throw new IllegalStateException("no model is loaded");
                            }
                            return OnnxExport.export(
                                    c.model().net(),
                                    c.names(),
                                    Path.of(c.model().source()).getFileName().toString(),
                                    target,
                                    context);
                        })
                .onSuccess(r -> notice.set(OnnxExport.describe(r, target)))
                .onFailure(e -> model.setError("Export failed: " + Failures.describe(e)))
                .enqueue();
    }

    /** The file name offered for an ONNX export of the loaded weights. */
    public String suggestedOnnxName() {
        return OnnxExport.suggestedName(modelPathProperty().get());
    }

    /**
     * The last export's result, or after a classification a warning that bundled samples do not fit
     * the loaded model's data ({@link Samples#mismatch}); "" when there is nothing to say.
     */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Loads the default weights unless some weights were asked for already. */
    public void loadDefaultModelIfNone() {
        model.loadDefaultIfNone();
    }

    /** Loads the bundled demo model again (after other weights). */
    public void loadDefaultModel() {
        model.loadDefault();
    }

    /**
     * Loads {@code weights} (either structure, any preset); the images shown are classified again
     * with them. On failure the previous model stays and {@link #errorProperty()} says why.
     */
    public void loadModel(Path weights) {
        model.load(weights);
    }

    /** Classifies image files; folders stand for the images in them. */
    public void classify(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        run(files.stream().map(p -> (Input) new FileInput(p)).toList());
    }

    /** Classifies an image in memory, e.g. from the clipboard. */
    public void classifyImage(String name, Image image) {
        Objects.requireNonNull(image, "image");
        run(List.of(new MemoryInput(name, image)));
    }

    /** Says that the clipboard held nothing to classify. */
    public void nothingToPaste() {
        model.setError("The clipboard holds no image or image file to classify.");
    }

    /** Forgets the images shown. */
    public void clear() {
        lastInputs = List.of();
        results.clear();
        summary.set("");
    }

    /** Hides the error message. */
    public void dismissError() {
        model.dismissError();
    }

    /** A first look, e.g. for screenshots: the default model on a few Fashion-MNIST samples. */
    public void showcase(int images) {
        loadDefaultModelIfNone();
        if (!model.requested()) {
            return;
        }
        List<Path> samples = Samples.showcase(images);
        if (!samples.isEmpty()) {
            classify(samples);
        }
    }

    /** Stops what runs and frees the model's native memory (e.g. when the page goes away). */
    public void dispose() {
        jobs.cancelAll();
        jobs.job("Releasing model", context -> model.release()).enqueue();
    }

    // ---- jobs -------------------------------------------------------------------------------

    private static Classifier load(Path weights, JobContext context) throws Exception {
        context.message("Loading " + weights.getFileName());
        Classifier fresh = Classifier.load(weights);
        LOG.info("Classify: loaded {} ({})", weights, fresh.model().config().name());
        return fresh;
    }

    private void run(List<Input> inputs) {
        FxBatcher<ClassifiedImage> batcher =
                new FxBatcher<>(results::addAll, FxBatcher.DEFAULT_INTERVAL_MILLIS, jobs.ui());
        jobs.job("Classifying", context -> classifyAll(inputs, context, batcher))
                .onStart(
                        () -> {
                            // what a newly loaded model runs on again
                            lastInputs = List.copyOf(inputs);
                            results.clear();
                            summary.set("");
                            notice.set("");
                        })
                .onSuccess(
                        stats -> {
                            batcher.drain();
                            if (stats == null) {
                                noModel();
                            } else {
                                summary.set(stats.describe());
                                notice.set(stats.mismatch);
                            }
                        })
                .onFailure(
                        e -> {
                            batcher.drain();
                            model.setError("Classification failed: " + Failures.describe(e));
                        })
                .onCancel(batcher::drain)
                .enqueue();
    }

    private Stats classifyAll(
            List<Input> inputs, JobContext context, FxBatcher<ClassifiedImage> batcher)
            throws Exception {
        Classifier c = model.current();
        if (c == null) {
            return null; // no model loaded
        }
        List<Input> expanded = new ArrayList<>();
        for (Input in : inputs) {
            if (in instanceof FileInput f) {
                ImageFiles.expand(List.of(f.path())).forEach(p -> expanded.add(new FileInput(p)));
            } else {
                expanded.add(in);
            }
        }
        Stats stats = new Stats();
        stats.mismatch =
                Samples.mismatch(
                        expanded.stream()
                                .filter(FileInput.class::isInstance)
                                .map(in -> ((FileInput) in).path())
                                .toList(),
                        c.names());
        int n = expanded.size();
        for (int i = 0; i < n && !context.isCancelled(); i++) {
            Input in = expanded.get(i);
            context.message("Classifying " + (i + 1) + "/" + n + ": " + in.name());
            context.progress(i, n);
            Prediction p = classifyOne(c, in);
            stats.add(p);
            batcher.add(toRow(p));
        }
        context.progress(n, n);
        batcher.flush();
        return stats;
    }

    /** Images came but no model is loaded: say so, unless a failed load says why already. */
    private void noModel() {
        if (model.errorProperty().get().isEmpty()) {
            model.setError("No model is loaded; load weights first.");
        }
    }

    private static Prediction classifyOne(Classifier c, Input in) {
        try {
            if (in instanceof FileInput f) {
                return c.classify(f.path(), TOP_K);
            }
            MemoryInput m = (MemoryInput) in;
            return c.classify(
                    m.name(), RgbImage.of(SwingFXUtils.fromFXImage(m.image(), null)), TOP_K);
        } catch (RuntimeException e) {
            // an engine failure on one image must not lose the others
            LOG.warn("Classifying {} failed", in.name(), e);
            return Prediction.failed(in.name(), null, Failures.describe(e));
        }
    }

    private static ClassifiedImage toRow(Prediction p) {
        List<Guess> guesses =
                p.topK().stream().map(s -> new Guess(s.className(), s.probability())).toList();
        return new ClassifiedImage(
                p.name(),
                p.path() == null ? "" : p.path().toAbsolutePath().toString(),
                Previews.of(p.input()),
                Previews.caption(p.input()),
                guesses,
                p.ok() ? millis(p.nanos()) : "",
                p.error());
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** What a run did, for the summary line. */
    private static final class Stats {
        private int images;
        private int failed;

        /** {@link Samples#mismatch}'s warning for these images, or "". */
        private String mismatch = "";

        private long nanos;

        void add(Prediction p) {
            images++;
            if (p.ok()) {
                nanos += p.nanos();
            } else {
                failed++;
            }
        }

        /** "20 images · 1 could not be read · 1.4 ms per image". */
        String describe() {
            StringBuilder b = new StringBuilder();
            b.append(images).append(images == 1 ? " image" : " images");
            if (failed > 0) {
                b.append(" · ").append(failed).append(" could not be read");
            }
            int ok = images - failed;
            if (ok > 0) {
                b.append(" · ").append(millis(nanos / ok)).append(" per image");
            }
            return b.toString();
        }
    }

    private sealed interface Input permits FileInput, MemoryInput {
        String name();
    }

    private record FileInput(Path path) implements Input {
        @Override
        public String name() {
            return String.valueOf(path.getFileName());
        }
    }

    private record MemoryInput(String name, Image image) implements Input {}

    // ---- state ------------------------------------------------------------------------------

    /** The loaded architecture, e.g. "RepMLPNet-Demo", or "No model loaded". */
    public ReadOnlyStringProperty modelNameProperty() {
        return model.modelNameProperty();
    }

    public String getModelName() {
        return model.modelNameProperty().get();
    }

    /** Structure, classes, resolution and where the class names came from; or a hint. */
    public ReadOnlyStringProperty modelDetailProperty() {
        return model.modelDetailProperty();
    }

    public String getModelDetail() {
        return model.modelDetailProperty().get();
    }

    /** The loaded weights' full path, or "". */
    public ReadOnlyStringProperty modelPathProperty() {
        return model.modelPathProperty();
    }

    public ReadOnlyBooleanProperty modelLoadedProperty() {
        return model.modelLoadedProperty();
    }

    public boolean isModelLoaded() {
        return model.modelLoadedProperty().get();
    }

    /** The images of the last run, in order (read-only); filled in as they are classified. */
    public ObservableList<ClassifiedImage> getResults() {
        return resultsView;
    }

    /** "20 images · 1 could not be read · 1.4 ms per image" after a run, else "". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public String getSummary() {
        return summary.get();
    }

    /** Why loading or classifying failed; "" when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return model.errorProperty();
    }

    public String getError() {
        return model.errorProperty().get();
    }

    /** True while there is nothing to show; the view shows its empty state meanwhile. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    public boolean isEmpty() {
        return empty.get();
    }

    /** True while a model loads or images are classified (or wait to be). */
    public ReadOnlyBooleanProperty busyProperty() {
        return jobs.busyProperty();
    }

    public boolean isBusy() {
        return jobs.isBusy();
    }

    /** What runs now, e.g. "Classifying 3/20: bag-1.png"; "" when idle. */
    public ReadOnlyStringProperty statusProperty() {
        return jobs.messageProperty();
    }

    /** Progress of what runs, 0..1 or -1 when unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return jobs.progressProperty();
    }

    /** The bundled default weights, if any (for a "demo model" button). */
    public Optional<Path> defaultWeights() {
        return model.defaultWeights();
    }

    /** The bundled sample images, for quick access. */
    public List<Path> samples() {
        return Samples.all();
    }

    /** The bundled {@code sample-images} folder, where the open dialog starts. */
    public Optional<Path> samplesFolder() {
        return Samples.folder();
    }
}
