package dev.repmlp.app.evaluate;

import ai.djl.ndarray.NDManager;
import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobContext;
import dev.repmlp.app.concurrent.JobQueue;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.export.PngExport;
import dev.repmlp.engine.EngineInfo;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.eval.ClassResult;
import dev.repmlp.engine.eval.EvalReport;
import dev.repmlp.engine.eval.PredictionRow;
import dev.repmlp.engine.eval.SavedReport;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.infer.LoadedModel;
import dev.repmlp.engine.runs.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;

/**
 * State of the evaluate page: the weights and ImageFolder to evaluate (the bundled demo model and
 * its val split by default), the report shown (from an evaluation just run, written to a report
 * folder, or a saved one opened), its matrix and per-class rows, and the gallery of the selected
 * cell or class. Evaluating, opening and filtering run as jobs, one at a time; evaluation reports
 * progress per batch and stops at the next batch when cancelled.
 */
public final class EvaluateViewModel {
    /** Images per forward pass. */
    public static final int BATCH = 50;

    private final JobQueue jobs;
    private final Path defaultWeights;
    private final Path defaultData;
    private final Path reportsFolder;

    private final ObjectProperty<Path> weights = new SimpleObjectProperty<>(this, "weights");
    private final ObjectProperty<Path> data = new SimpleObjectProperty<>(this, "data");
    private final BooleanProperty rowNormalised =
            new SimpleBooleanProperty(this, "rowNormalised", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper galleryTitle =
            new ReadOnlyStringWrapper(this, "galleryTitle", "");
    private final ReadOnlyObjectWrapper<ConfusionMatrix> matrix =
            new ReadOnlyObjectWrapper<>(this, "matrix");
    private final ReadOnlyObjectWrapper<Path> reportDir =
            new ReadOnlyObjectWrapper<>(this, "reportDir");
    private final ObservableList<ClassRow> classRows = FXCollections.observableArrayList();
    private final ObservableList<GalleryItem> gallery = FXCollections.observableArrayList();
    private SavedReport report;

    /**
     * @param jobRunner runs evaluation and report reading
     * @param defaultWeights the weights evaluated first (the demo model), or null
     * @param defaultData the ImageFolder evaluated first (the demo val split), or null
     * @param reportsFolder where each evaluation's report folder is written
     */
    public EvaluateViewModel(
            JobRunner jobRunner, Path defaultWeights, Path defaultData, Path reportsFolder) {
        this.jobs = new JobQueue(Objects.requireNonNull(jobRunner, "jobRunner"));
        this.defaultWeights = defaultWeights;
        this.defaultData = defaultData;
        this.reportsFolder = Objects.requireNonNull(reportsFolder, "reportsFolder");
        weights.set(defaultWeights);
        data.set(defaultData);
    }

    // ---- actions ----------------------------------------------------------------------------

    /** Whether both defaults exist, so {@link #evaluate()} can run without choosing. */
    public boolean hasDefaults() {
        return defaultWeights != null && defaultData != null;
    }

    /**
     * A first look, e.g. for screenshots: evaluates the defaults (unless a report is shown) and
     * opens the gallery of the most confused pair of classes.
     */
    public void showcase() {
        if (matrix.get() != null) {
            selectMostConfused();
        } else if (hasDefaults()) {
            weights.set(defaultWeights);
            data.set(defaultData);
            evaluate(this::selectMostConfused);
        }
    }

    /** Opens the gallery of the largest off-diagonal cell, if any. */
    public void selectMostConfused() {
        ConfusionMatrix m = matrix.get();
        if (m == null) {
            return;
        }
        int row = -1;
        int col = -1;
        for (int i = 0; i < m.size(); i++) {
            for (int j = 0; j < m.size(); j++) {
                if (i != j && m.count(i, j) > 0 && (row < 0 || m.count(i, j) > m.count(row, col))) {
                    row = i;
                    col = j;
                }
            }
        }
        if (row >= 0) {
            selectCell(row, col);
        }
    }

    /** Evaluates the weights on the ImageFolder; the report shown is replaced when it ends. */
    public void evaluate() {
        evaluate(() -> {});
    }

    private void evaluate(Runnable then) {
        Path w = weights.get();
        Path d = data.get();
        if (w == null || d == null) {
            error.set("Choose weights and an ImageFolder (a folder of class folders) first.");
            return;
        }
        error.set("");
        jobs.job("Evaluating " + w.getFileName(), context -> run(w, d, context))
                .onSuccess(
                        r -> {
                            show(r);
                            then.run();
                        })
                .onFailure(e -> error.set("Evaluation failed: " + Failures.describe(e)))
                .onCancel(() -> summary.set("Evaluation cancelled."))
                .enqueue();
    }

    /** Stops the running evaluation after its current batch. */
    public void cancel() {
        jobs.cancelAll();
    }

    /** Shows a saved report folder (or a run directory's best-val report) without evaluating. */
    public void openReport(Path dir) {
        error.set("");
        // a run directory stands for its best validation epoch's report
        Path best = dir.resolve(RunDirectory.BEST_VAL_REPORT);
        Path folder =
                !Files.exists(dir.resolve(EvalReport.CONFUSION)) && Files.isDirectory(best)
                        ? best
                        : dir;
        jobs.job("Opening report", context -> SavedReport.read(folder))
                .onSuccess(this::show)
                .onFailure(e -> error.set("Cannot open the report: " + Failures.describe(e)))
                .enqueue();
    }

    /**
     * Fills the gallery with the images of true class {@code actual} predicted as {@code
     * predicted}.
     */
    public void selectCell(int actual, int predicted) {
        ConfusionMatrix m = matrix.get();
        if (m == null) {
            return;
        }
        String a = m.classes().get(actual);
        String p = m.classes().get(predicted);
        filter(
                a + " predicted as " + p,
                row -> row.trueClass().equals(a) && row.predicted().equals(p));
    }

    /** Fills the gallery with every image of true class {@code actual}, most confident first. */
    public void selectClass(int actual) {
        ConfusionMatrix m = matrix.get();
        if (m == null) {
            return;
        }
        String a = m.classes().get(actual);
        filter("all images of " + a, row -> row.trueClass().equals(a));
    }

    /** Writes the matrix (counts) as confusion.csv's format to {@code target}, atomically. */
    public void exportMatrixCsv(Path target) {
        ConfusionMatrix m = matrix.get();
        if (m == null) {
            return;
        }
        write(target, EvalReport.confusionCsv(m.classes(), m.counts()));
    }

    /** Writes the per-class table as per_class.csv's format to {@code target}, atomically. */
    public void exportPerClassCsv(Path target) {
        if (report == null) {
            return;
        }
        write(target, EvalReport.perClassCsv(report.perClass()));
    }

    /** Hides the error message. */
    public void dismissError() {
        error.set("");
    }

    /** Stops what runs (e.g. when the page goes away). */
    public void dispose() {
        jobs.cancelAll();
    }

    // ---- jobs -------------------------------------------------------------------------------

    private SavedReport run(Path w, Path d, JobContext context) throws Exception {
        context.message("Loading " + w.getFileName());
        ImageFolder folder = ImageFolder.scan(d.toAbsolutePath());
        if (folder.size() == 0) {
            throw new IOException(
                    d
                            + " holds no images: choose a folder of class folders (an ImageFolder split)");
        }
        try (LoadedModel model = LoadedModel.load(w, null);
                NDManager manager = NDManager.newBaseManager()) {
            int numClass = model.config().numClass();
            if (folder.classes().size() > numClass) {
                throw new IllegalArgumentException(
                        d
                                + " has "
                                + folder.classes().size()
                                + " classes but the model has "
                                + numClass
                                + ": choose the split the model was trained on");
            }
            Files.createDirectories(reportsFolder);
            Path dir = Files.createTempDirectory(reportsFolder, "evaluation-");
            List<ImageFolder.Sample> samples = folder.samples();
            try (EvalReport collector =
                    EvalReport.streaming(
                            EvalReport.classNames(folder.classes(), numClass),
                            dir,
                            i -> EvalReport.pathUnder(d, samples.get(i).path()),
                            false)) {
                int res = model.config().imageSize();
                context.message("Evaluating " + folder.size() + " images");
                EvalResult r =
                        Evaluator.evaluate(
                                model.net(),
                                null,
                                folder,
                                res,
                                BATCH,
                                manager,
                                (done, total, top1) -> {
                                    context.progress(done, total);
                                    context.message(
                                            String.format(
                                                    Locale.ROOT,
                                                    "batch %d/%d, running top-1 %.2f%%",
                                                    done,
                                                    total,
                                                    top1));
                                    if (context.isCancelled()) {
                                        throw new CancellationException("cancelled");
                                    }
                                },
                                null,
                                collector);
                Map<String, Object> about = new LinkedHashMap<>();
                about.put("model", model.config().name());
                about.put("weights", w.toAbsolutePath().toString());
                about.put("data", d.toAbsolutePath().toString());
                about.put("mode", model.structure().label());
                about.put("resolution", res);
                about.put("versions", Map.of("workbench", EngineInfo.currentVersion()));
                collector.write(null, r, about);
            }
            return SavedReport.read(dir);
        }
    }

    private void show(SavedReport r) {
        report = r;
        reportDir.set(r.dir());
        var s = r.summary();
        summary.set(
                String.format(
                        Locale.ROOT,
                        "top-1 %.2f%%   top-5 %.2f%%   loss %.4f   %d images%s",
                        s.path("top1").asDouble(Double.NaN),
                        s.path("top5").asDouble(Double.NaN),
                        s.path("loss").asDouble(Double.NaN),
                        s.path("images").asInt(),
                        s.path("unreadable").asInt() > 0
                                ? ", " + s.path("unreadable").asInt() + " unreadable"
                                : ""));
        matrix.set(new ConfusionMatrix(r.classes(), r.confusion()));
        List<ClassResult> per = r.perClass();
        classRows.setAll(
                java.util.stream.IntStream.range(0, per.size())
                        .mapToObj(
                                i -> {
                                    ClassResult c = per.get(i);
                                    return new ClassRow(
                                            i,
                                            c.name(),
                                            c.precision(),
                                            c.recall(),
                                            c.f1(),
                                            c.top5(),
                                            c.support());
                                })
                        .toList());
        gallery.clear();
        galleryTitle.set(
                r.hasPredictions()
                        ? "Click a cell or a class name to see its images."
                        : "This report has no predictions.csv: no images to show.");
    }

    private void filter(String title, Predicate<PredictionRow> keep) {
        SavedReport r = report;
        if (r == null || !r.hasPredictions()) {
            return;
        }
        jobs.job(
                        "Reading predictions",
                        context ->
                                r.predictions(keep).stream()
                                        .map(
                                                p ->
                                                        new GalleryItem(
                                                                resolve(r, p.path()),
                                                                p.trueClass(),
                                                                p.predicted(),
                                                                p.probability(),
                                                                p.topClasses(),
                                                                p.topProbabilities()))
                                        .toList())
                .onSuccess(
                        items -> {
                            gallery.setAll(items);
                            galleryTitle.set(title + ": " + items.size() + " images");
                        })
                .onFailure(e -> error.set("Cannot read predictions: " + Failures.describe(e)))
                .enqueue();
    }

    /**
     * A row's path: relative ones are relative to summary.json's {@code data} (the dataset root);
     * reports written before that held paths relative to the folder `repmlp test` ran in.
     */
    private static Path resolve(SavedReport r, String path) {
        Path p = Path.of(path);
        if (p.isAbsolute()) {
            return p;
        }
        String data = r.summary().path("data").asText("");
        if (data.isEmpty()) {
            return p.toAbsolutePath();
        }
        Path underRoot = Path.of(data).resolve(p);
        Path parent = Path.of(data).getParent();
        return Files.exists(underRoot) || parent == null ? underRoot : parent.resolve(p);
    }

    /**
     * Saves {@code snapshot} (the heatmap, taken on the FX thread) as a PNG file: encoded in a
     * background job and written atomically ({@link PngExport}); a failure goes to {@link
     * #errorProperty()}.
     */
    public void exportPng(Image snapshot, Path target) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(target, "target");
        jobs.job("Exporting " + target.getFileName(), context -> PngExport.write(snapshot, target))
                .onFailure(e -> error.set("Export failed: " + Failures.describe(e)))
                .enqueue();
    }

    private void write(Path target, String text) {
        jobs.job(
                        "Exporting " + target.getFileName(),
                        context -> {
                            EvalReport.writeAtomically(target, text);
                            return target;
                        })
                .onFailure(e -> error.set("Export failed: " + Failures.describe(e)))
                .enqueue();
    }

    // ---- properties -------------------------------------------------------------------------

    public ObjectProperty<Path> weightsProperty() {
        return weights;
    }

    public ObjectProperty<Path> dataProperty() {
        return data;
    }

    /** Whether the heatmap colours (and labels) show each row's fractions instead of counts. */
    public BooleanProperty rowNormalisedProperty() {
        return rowNormalised;
    }

    public Path defaultWeights() {
        return defaultWeights;
    }

    public Path defaultData() {
        return defaultData;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** "top-1 … top-5 … loss … N images" of the report shown. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty galleryTitleProperty() {
        return galleryTitle.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConfusionMatrix> matrixProperty() {
        return matrix.getReadOnlyProperty();
    }

    public ConfusionMatrix getMatrix() {
        return matrix.get();
    }

    /** The folder of the report shown (where its CSV files are). */
    public ReadOnlyObjectProperty<Path> reportDirProperty() {
        return reportDir.getReadOnlyProperty();
    }

    public ObservableList<ClassRow> getClassRows() {
        return classRows;
    }

    public ObservableList<GalleryItem> getGallery() {
        return gallery;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return jobs.busyProperty();
    }

    public boolean isBusy() {
        return jobs.isBusy();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return jobs.progressProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return jobs.messageProperty();
    }
}
