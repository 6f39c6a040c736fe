package dev.repmlp.app.compare;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.FxBatcher;
import dev.repmlp.app.concurrent.JobContext;
import dev.repmlp.app.concurrent.JobQueue;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.inference.ModelDescription;
import dev.repmlp.app.inference.ModelSlot;
import dev.repmlp.app.inference.OnnxExport;
import dev.repmlp.app.inference.Samples;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.cost.ModelCost;
import dev.repmlp.engine.data.ImageFiles;
import dev.repmlp.engine.infer.ComparisonSummary;
import dev.repmlp.engine.infer.ImageComparison;
import dev.repmlp.engine.infer.TrainVsDeploy;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.onnx.OnnxExporter;
import dev.repmlp.engine.onnx.OnnxModel;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the compare page: a train-time model and its deploy-time twin (built here by locality
 * injection) on the same images, each image's top-k and forward time from both, the largest logit
 * difference, and the agreement over all images with a warning when top-1 ever differs. A
 * deploy-time file alone cannot be compared; loading one says so and keeps the previous model. Jobs
 * run one at a time ({@link JobQueue}); results reach the page in batches.
 */
public final class CompareViewModel {
    /** Classes listed per model and image. */
    public static final int TOP_K = 5;

    private static final Logger LOG = LoggerFactory.getLogger(CompareViewModel.class);

    private final JobQueue jobs;
    private final ModelSlot<TrainVsDeploy> model;
    private List<Path> lastInputs = List.of();

    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper summaryDetail =
            new ReadOnlyStringWrapper(this, "summaryDetail", "");
    private final ReadOnlyBooleanWrapper allAgree = new ReadOnlyBooleanWrapper(this, "allAgree");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper(this, "warning", "");
    private final ObservableList<ComparedImage> results = FXCollections.observableArrayList();
    private final ObservableList<ComparedImage> resultsView =
            FXCollections.unmodifiableObservableList(results);
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(this, "empty", true);

    /** The deploy side when it is the locality-injected twin built here. */
    static final String INJECTED_SIDE = "Deploy side: locality-injected model (DJL/libtorch)";

    private final ReadOnlyStringWrapper deploySide =
            new ReadOnlyStringWrapper(this, "deploySide", INJECTED_SIDE);
    private final ReadOnlyStringWrapper deployReport =
            new ReadOnlyStringWrapper(this, "deployReport", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

    /** The app's wiring: the bundled demo model is the default weights. */
    public CompareViewModel(JobRunner jobRunner) {
        this(jobRunner, Assets.locate(Assets.DEMO_MODEL).orElse(null));
    }

    /**
     * @param jobRunner runs loading and comparing
     * @param defaultWeights train-time weights {@link #loadDefaultModelIfNone()} loads; or null
     */
    public CompareViewModel(JobRunner jobRunner, Path defaultWeights) {
        this.jobs = new JobQueue(Objects.requireNonNull(jobRunner, "jobRunner"));
        this.model =
                new ModelSlot<>(
                        jobs,
                        defaultWeights,
                        "Load train-time weights to compare them with deploy.",
                        "The bundled demo model was not found (set -Drepmlp.home). Load train-time"
                                + " weights to compare them with deploy.",
                        "Could not compare",
                        CompareViewModel::load,
                        (m, weights) -> ModelDescription.of(m.train(), m.names(), weights));
        model.setOnLoaded(
                () -> {
                    deploySide.set(INJECTED_SIDE);
                    notice.set("");
                    TrainVsDeploy loaded = model.current();
                    deployReport.set(loaded == null ? "" : describeCost(loaded.train().config()));
                    if (!lastInputs.isEmpty()) {
                        run(lastInputs);
                    }
                });
        empty.bind(Bindings.isEmpty(results));
    }

    // ---- actions ----------------------------------------------------------------------------

    /** Loads the default weights unless some weights were asked for already. */
    public void loadDefaultModelIfNone() {
        model.loadDefaultIfNone();
    }

    /** Loads the bundled demo model again (after other weights). */
    public void loadDefaultModel() {
        model.loadDefault();
    }

    /**
     * Loads train-time {@code weights} and builds their deploy-time twin; the images shown are
     * compared again. On failure (including deploy-time weights) the previous model stays and
     * {@link #errorProperty()} says why.
     */
    public void loadModel(Path weights) {
        model.load(weights);
    }

    /**
     * Runs the deploy side from an exported {@code .onnx} file (ONNX Runtime) instead of the
     * injected twin; the images shown are compared again. The file must take the loaded model's
     * resolution and classes; otherwise {@link #errorProperty()} says so and nothing changes.
     */
    public void loadOnnxDeploy(Path onnx) {
        String file = String.valueOf(onnx.getFileName());
        jobs.job(
                        "Loading " + file + " into ONNX Runtime",
                        context -> {
                            TrainVsDeploy m = model.current();
                            if (m == null) {
                                throw new IllegalStateException(
                                        "load train-time weights first; the .onnx file is compared"
                                                + " with them");
                            }
                            m.useOnnxDeploy(OnnxModel.load(onnx, 0));
                            return file;
                        })
                .onSuccess(
                        f -> {
                            deploySide.set("Deploy side: " + f + " (ONNX Runtime)");
                            model.dismissError();
                            if (!lastInputs.isEmpty()) {
                                run(lastInputs);
                            }
                        })
                .onFailure(
                        e -> model.setError("Could not use " + file + ": " + Failures.describe(e)))
                .enqueue();
    }

    /**
     * Exports the loaded model's deploy-time twin to {@code target} as ONNX, verified with ONNX
     * Runtime ({@link OnnxExporter}); {@link #noticeProperty()} reports the result.
     */
    public void exportOnnx(Path target) {
        String file = String.valueOf(target.getFileName());
        jobs.job(
                        "Exporting " + file,
                        context -> {
                            TrainVsDeploy m = model.current();
                            if (m == null) {
                                throw new IllegalStateException("no model is loaded");
                            }
                            return OnnxExport.export(
                                    m.deploy().net(),
                                    m.names(),
                                    Path.of(m.train().source()).getFileName().toString(),
                                    target,
                                    context);
                        })
                .onSuccess(
                        r ->
                                notice.set(
                                        OnnxExport.describe(r, target)
                                                + " Use ONNX file… compares it here."))
                .onFailure(e -> model.setError("Export failed: " + Failures.describe(e)))
                .enqueue();
    }

    /** The file name offered for an ONNX export of the loaded weights. */
    public String suggestedOnnxName() {
        return OnnxExport.suggestedName(modelPathProperty().get());
    }

    /** Parameters and multiply-adds of both structures of {@code config}, one line. */
    static String describeCost(RepMlpNetConfig config) {
        ModelCost c = ModelCost.of(config);
        long dParams = c.deployParameters() - c.trainParameters();
        long dMacs = c.deployMacs() - c.trainMacs();
        return String.format(
                Locale.ROOT,
                "Deploy report per %d×%d image · train-time: %s parameters, %s multiply-adds ·"
                        + " deploy-time: %s parameters, %s multiply-adds · locality injection: %s"
                        + " multiply-adds (%+.1f%%), %s parameters",
                config.imageSize(),
                config.imageSize(),
                human(c.trainParameters()),
                human(c.trainMacs()),
                human(c.deployParameters()),
                human(c.deployMacs()),
                (dMacs < 0 ? "−" : "+") + human(Math.abs(dMacs)),
                100.0 * dMacs / c.trainMacs(),
                (dParams < 0 ? "−" : "+") + human(Math.abs(dParams)));
    }

    /** 38.29 M, 2.81 G, 950.0 k, 144. */
    static String human(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f G", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        }
        if (n >= 10_000L) {
            return String.format(Locale.ROOT, "%.1f k", n / 1e3);
        }
        return Long.toString(n);
    }

    /** Compares both models on image files; folders stand for the images in them. */
    public void compare(List<Path> files) {
        if (!files.isEmpty()) {
            run(List.copyOf(files));
        }
    }

    /** Forgets the images shown. */
    public void clear() {
        lastInputs = List.of();
        results.clear();
        showSummary(null);
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
            compare(samples);
        }
    }

    /** Stops what runs and frees both models' native memory. */
    public void dispose() {
        jobs.cancelAll();
        jobs.job("Releasing models", context -> model.release()).enqueue();
    }

    // ---- jobs -------------------------------------------------------------------------------

    private static TrainVsDeploy load(Path weights, JobContext context) throws Exception {
        context.message("Loading " + weights.getFileName() + " and injecting locality");
        TrainVsDeploy fresh = TrainVsDeploy.load(weights);
        LOG.info("Compare: loaded {} ({})", weights, fresh.train().config().name());
        return fresh;
    }

    private void run(List<Path> inputs) {
        FxBatcher<ComparedImage> batcher =
                new FxBatcher<>(results::addAll, FxBatcher.DEFAULT_INTERVAL_MILLIS, jobs.ui());
        jobs.job("Comparing train vs deploy", context -> compareAll(inputs, context, batcher))
                .onStart(
                        () -> {
                            // what a newly loaded model runs on again
                            lastInputs = List.copyOf(inputs);
                            results.clear();
                            showSummary(null);
                        })
                .onSuccess(
                        s -> {
                            batcher.drain();
                            if (s == null) {
                                // images came but no model is loaded; a failed load says why
                                if (model.errorProperty().get().isEmpty()) {
                                    model.setError(
                                            "No model is loaded; load train-time weights first.");
                                }
                            } else {
                                showSummary(s);
                            }
                        })
                .onFailure(
                        e -> {
                            batcher.drain();
                            model.setError("Comparison failed: " + Failures.describe(e));
                        })
                .onCancel(batcher::drain)
                .enqueue();
    }

    private ComparisonSummary compareAll(
            List<Path> inputs, JobContext context, FxBatcher<ComparedImage> batcher)
            throws Exception {
        TrainVsDeploy m = model.current();
        if (m == null) {
            return null; // no model loaded
        }
        List<Path> files = ImageFiles.expand(inputs);
        List<ImageComparison> done = new ArrayList<>();
        int n = files.size();
        for (int i = 0; i < n && !context.isCancelled(); i++) {
            Path file = files.get(i);
            context.message("Comparing " + (i + 1) + "/" + n + ": " + file.getFileName());
            context.progress(i, n);
            ImageComparison c;
            try {
                c = m.compare(file, TOP_K);
            } catch (RuntimeException e) {
                LOG.warn("Comparing on {} failed", file, e);
                c =
                        ImageComparison.failed(
                                String.valueOf(file.getFileName()), file, Failures.describe(e));
            }
            done.add(c);
            batcher.add(ComparisonText.row(c));
        }
        context.progress(n, n);
        batcher.flush();
        return ComparisonSummary.of(done);
    }

    /** Shows the agreement over a run, and the warning when top-1 differs; null clears both. */
    void showSummary(ComparisonSummary s) {
        if (s == null || s.compared() == 0) {
            summary.set(s == null ? "" : "No image could be compared");
            summaryDetail.set(s == null ? "" : ComparisonText.unreadable(s));
            allAgree.set(false);
            warning.set("");
            return;
        }
        summary.set(s.describe());
        summaryDetail.set(ComparisonText.detail(s));
        allAgree.set(s.allAgree());
        warning.set(ComparisonText.warning(s));
    }

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

    /** The images of the last run, in order (read-only); filled in as they are compared. */
    public ObservableList<ComparedImage> getResults() {
        return resultsView;
    }

    /** "20/20 top-1 agree, max |Δlogit| 2.3e-6" after a run, else "". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public String getSummary() {
        return summary.get();
    }

    /** Times per image and unreadable images, after a run. */
    public ReadOnlyStringProperty summaryDetailProperty() {
        return summaryDetail.getReadOnlyProperty();
    }

    /** True after a run in which top-1 agreed on every image compared. */
    public ReadOnlyBooleanProperty allAgreeProperty() {
        return allAgree.getReadOnlyProperty();
    }

    /** Says on how many images top-1 differs; "" when it never does. */
    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    public String getWarning() {
        return warning.get();
    }

    /** Why loading or comparing failed; "" when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return model.errorProperty();
    }

    public String getError() {
        return model.errorProperty().get();
    }

    /** True while there is nothing to show. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    public boolean isEmpty() {
        return empty.get();
    }

    /** True while models load or images are compared (or wait to be). */
    public ReadOnlyBooleanProperty busyProperty() {
        return jobs.busyProperty();
    }

    public boolean isBusy() {
        return jobs.isBusy();
    }

    /** What runs now; "" when idle. */
    public ReadOnlyStringProperty statusProperty() {
        return jobs.messageProperty();
    }

    /** Progress of what runs, 0..1 or -1 when unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return jobs.progressProperty();
    }

    /** Which model runs the deploy side: the injected twin or an .onnx file. */
    public ReadOnlyStringProperty deploySideProperty() {
        return deploySide.getReadOnlyProperty();
    }

    /** The deploy report of the loaded model (parameters, multiply-adds); "" before one loads. */
    public ReadOnlyStringProperty deployReportProperty() {
        return deployReport.getReadOnlyProperty();
    }

    /** What the last export wrote; "" otherwise. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Hides the notice. */
    public void dismissNotice() {
        notice.set("");
    }

    /** The bundled default weights, if any. */
    public Optional<Path> defaultWeights() {
        return model.defaultWeights();
    }

    /** The bundled Fashion-MNIST sample folder, if found (for a one-click comparison). */
    public Optional<Path> sampleFolder() {
        return Samples.fashionMnist();
    }

    /** The bundled {@code sample-images} folder, where the open dialogs start. */
    public Optional<Path> samplesFolder() {
        return Samples.folder();
    }
}
