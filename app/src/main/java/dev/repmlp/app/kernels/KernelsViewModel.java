package dev.repmlp.app.kernels;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobGroup;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.concurrent.LatestRequest;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.inspect.BlockShape;
import dev.repmlp.engine.inspect.KernelSlice;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the kernels page: which weights are loaded and which block and shareset is shown; the
 * rest is in parts along the page's seams: {@link HeatmapDrawing} (the four heatmaps, zoom and
 * pan), {@link ReceptiveRows} (hover readout, selected row and its receptive kernels), {@link
 * EquivalenceCheck} (the block's train-vs-deploy error) and {@link KernelExports}.
 *
 * <p>Loading, slicing, drawing, the check and exports run as jobs of one {@link JobGroup} (the page
 * is busy while any runs); results come back on the UI thread, and answers to loads and slices that
 * were overtaken are dropped ({@link LatestRequest}). Replaced weights are closed in the
 * background. Properties change on the UI thread only; with a {@link
 * dev.repmlp.app.concurrent.DirectJobRunner} the page runs without the FX toolkit.
 */
public final class KernelsViewModel {
    /** The run directory file the page opens for a run folder. */
    public static final String RUN_WEIGHTS = "model-train.pth";

    private static final Logger LOG = LoggerFactory.getLogger(KernelsViewModel.class);

    private final JobGroup jobs;
    private final Supplier<Optional<Path>> defaultWeights;
    private final HeatmapDrawing drawing;
    private final ReceptiveRows rows;
    private final EquivalenceCheck equivalence;
    private final KernelExports exports;

    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(this, "empty", true);
    private final ReadOnlyStringWrapper sourceText =
            new ReadOnlyStringWrapper(this, "sourceText", "No weights loaded");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper needsConfig =
            new ReadOnlyBooleanWrapper(this, "needsConfig", false);

    private final ObservableList<Integer> stages = FXCollections.observableArrayList();
    private final ObservableList<Integer> blocks = FXCollections.observableArrayList();
    private final ObservableList<Integer> sharesets = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> stage = new SimpleObjectProperty<>(this, "stage");
    private final ObjectProperty<Integer> block = new SimpleObjectProperty<>(this, "block");
    private final ObjectProperty<Integer> shareset = new SimpleObjectProperty<>(this, "shareset");

    private final ReadOnlyStringWrapper blockText =
            new ReadOnlyStringWrapper(this, "blockText", "");
    private final ReadOnlyBooleanWrapper sliceShown =
            new ReadOnlyBooleanWrapper(this, "sliceShown", false);
    private final ReadOnlyBooleanWrapper trainTime =
            new ReadOnlyBooleanWrapper(this, "trainTime", true);

    private final LatestRequest loads = new LatestRequest();
    private final LatestRequest slices = new LatestRequest();
    private KernelSource source;
    private SliceData slice;
    private Path pendingWeights;
    private boolean loading;
    private boolean updatingSelection;

    /** The app's wiring: the bundled demo model is the default weights. */
    public KernelsViewModel(JobRunner jobRunner) {
        this(jobRunner, () -> Assets.locate(Assets.DEMO_MODEL));
    }

    /**
     * @param jobRunner runs loading, slicing, drawing and exports
     * @param defaultWeights the weights {@link #openDefault()} opens, if any
     */
    public KernelsViewModel(JobRunner jobRunner, Supplier<Optional<Path>> defaultWeights) {
        this.jobs = new JobGroup(Objects.requireNonNull(jobRunner, "jobRunner"));
        this.defaultWeights = Objects.requireNonNull(defaultWeights, "defaultWeights");
        this.drawing = new HeatmapDrawing(jobs, error::set);
        this.rows = new ReceptiveRows(drawing.viewportProperty());
        this.equivalence = new EquivalenceCheck(jobs);
        this.exports = new KernelExports(jobs, () -> source, () -> slice, message::set, error::set);
        stage.addListener(
                (obs, old, value) -> {
                    if (!updatingSelection && value != null) {
                        showStage(value);
                    }
                });
        block.addListener(
                (obs, old, value) -> {
                    if (!updatingSelection && value != null) {
                        requestSlice();
                    }
                });
        shareset.addListener(
                (obs, old, value) -> {
                    if (!updatingSelection && value != null) {
                        requestSlice();
                    }
                });
    }

    // ---- loading --------------------------------------------------------------------------

    /** Opens the default weights (the bundled demo model), or says why it cannot. */
    public void openDefault() {
        Optional<Path> weights = defaultWeights.get();
        if (weights.isEmpty()) {
            error.set(
                    "The bundled demo model ("
                            + Assets.DEMO_MODEL
                            + ") was not found. Open a weights file instead.");
            return;
        }
        open(weights.get());
    }

    /** Opens the default weights unless weights are loaded or loading. */
    public void openDefaultIfEmpty() {
        if (source == null && !loading) {
            openDefault();
        }
    }

    /**
     * Opens a {@code .pth} or {@code .safetensors} file, or the {@value #RUN_WEIGHTS} of a run
     * folder. The architecture is the preset the file matches; otherwise {@link #needsConfig()}
     * turns true and {@link #openWithConfig} finishes the job.
     */
    public void open(Path weights) {
        load(Objects.requireNonNull(weights, "weights"), null);
    }

    /** Opens the weights that needed a config with the custom JSON config {@code config}. */
    public void openWithConfig(Path config) {
        if (pendingWeights == null) {
            error.set(
                    "Open the weights first; then choose the JSON config they were trained with.");
            return;
        }
        load(pendingWeights, Objects.requireNonNull(config, "config"));
    }

    private void load(Path weights, Path config) {
        LatestRequest.Ticket request = loads.next();
        loading = true;
        error.set("");
        needsConfig.set(false);
        String name = String.valueOf(weights.getFileName());
        message.set("Loading " + name + "\u2026");
        jobs.start(
                "Loading " + name,
                context -> {
                    context.message("Reading " + name);
                    Path file = weightsFile(weights);
                    RepMlpNetConfig c = config == null ? null : RepMlpNetConfig.readJson(config);
                    return KernelSource.open(file, c);
                },
                loaded -> {
                    if (!request.isLatest()) {
                        retire(loaded);
                        return;
                    }
                    loading = false;
                    install(loaded);
                },
                failure -> {
                    if (!request.isLatest()) {
                        return;
                    }
                    loading = false;
                    message.set("");
                    if (failure instanceof KernelSource.ConfigNeededException) {
                        pendingWeights = weights;
                        needsConfig.set(true);
                        error.set(Failures.describe(failure));
                    } else {
                        LOG.warn("Could not load {}: {}", weights, Failures.describe(failure));
                        error.set("Could not load " + name + ": " + Failures.describe(failure));
                    }
                });
    }

    /** The weights file itself, or the {@value #RUN_WEIGHTS} of a run folder. */
    private static Path weightsFile(Path weights) throws IOException {
        if (!Files.isDirectory(weights)) {
            return weights;
        }
        Path file = weights.resolve(RUN_WEIGHTS);
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    weights
                            + " holds no "
                            + RUN_WEIGHTS
                            + ": choose a run folder whose training has finished, or open a"
                            + " weights file");
        }
        return file;
    }

    private void install(KernelSource loaded) {
        KernelSource old = source;
        source = loaded;
        pendingWeights = null;
        retire(old);
        sourceText.set(loaded.description());
        message.set("");
        empty.set(false);
        equivalence.reset();
        int stageCount = loaded.blocks().stream().mapToInt(BlockShape::stage).max().orElse(-1) + 1;
        updatingSelection = true;
        try {
            stages.setAll(range(stageCount));
            stage.set(null); // labels depend on the net: make the choice redraw
            stage.set(0);
        } finally {
            updatingSelection = false;
        }
        showStage(0);
    }

    /** Closes replaced weights in the background; the page is not busy meanwhile. */
    private void retire(KernelSource old) {
        if (old == null) {
            return;
        }
        jobs.runner()
                .start(
                        "Closing " + old.file().getFileName(),
                        context -> {
                            old.close();
                            return Boolean.TRUE;
                        },
                        done -> {},
                        failure ->
                                LOG.warn(
                                        "Could not close {}: {}",
                                        old.file(),
                                        Failures.describe(failure)));
    }

    // ---- selection and slices -------------------------------------------------------------

    private void showStage(int stageIndex) {
        if (source == null) {
            return;
        }
        List<BlockShape> inStage =
                source.blocks().stream().filter(b -> b.stage() == stageIndex).toList();
        if (inStage.isEmpty()) {
            return;
        }
        updatingSelection = true;
        try {
            // through null, so the choices redraw labels that depend on the stage
            blocks.setAll(range(inStage.size()));
            block.set(null);
            block.set(0);
            sharesets.setAll(range(inStage.get(0).sharesets()));
            shareset.set(null);
            shareset.set(0);
        } finally {
            updatingSelection = false;
        }
        requestSlice();
    }

    private void requestSlice() {
        KernelSource from = source;
        Integer st = stage.get();
        Integer bl = block.get();
        Integer sh = shareset.get();
        if (from == null || st == null || bl == null || sh == null) {
            return;
        }
        LatestRequest.Ticket request = slices.next();
        jobs.start(
                String.format(Locale.ROOT, "Reading fc3 of stages.%d.%d, shareset %d", st, bl, sh),
                context -> SliceData.of(from.slice(st, bl, sh)),
                data -> {
                    if (request.isLatest() && from == source) {
                        show(data);
                    }
                },
                failure -> {
                    if (request.isLatest() && from == source) {
                        error.set("Could not read the kernels: " + Failures.describe(failure));
                    }
                });
    }

    private void show(SliceData data) {
        slice = data;
        KernelSlice s = data.slice();
        boolean newSize = drawing.show(data);
        trainTime.set(s.trainTime());
        sliceShown.set(true);
        blockText.set(describeBlock(shape(s.stage(), s.block()), s));
        // after the first slice, so the heatmaps do not wait for the (slow) check
        equivalence.show(source, s.blockName());
        rows.show(data, newSize);
        drawing.requestDraw();
    }

    private BlockShape shape(int st, int bl) {
        return source.blocks().stream()
                .filter(b -> b.stage() == st && b.block() == bl)
                .findFirst()
                .orElseThrow();
    }

    static String describeBlock(BlockShape b, KernelSlice s) {
        StringBuilder t = new StringBuilder();
        t.append(b.name())
                .append(" \u00b7 ")
                .append(b.channels())
                .append(" channels \u00b7 ")
                .append(b.h())
                .append('\u00d7')
                .append(b.w())
                .append(" window \u00b7 fc3 ")
                .append(s.size())
                .append('\u00d7')
                .append(s.size())
                .append(" per shareset (")
                .append(b.sharesets())
                .append(b.sharesets() == 1 ? " shareset)" : " sharesets)");
        if (b.deploy()) {
            t.append(" \u00b7 deploy-time: the conv branches are already folded in");
        } else if (!b.kernelSizes().isEmpty()) {
            t.append(" \u00b7 branches ")
                    .append(
                            b.kernelSizes().stream()
                                    .map(k -> k + "\u00d7" + k)
                                    .collect(Collectors.joining(" + ")));
        } else {
            t.append(" \u00b7 no conv branches");
        }
        return t.toString();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    // ---- the parts -----------------------------------------------------------------------

    /** The four heatmaps, zoom and pan. */
    public HeatmapDrawing drawing() {
        return drawing;
    }

    /** Hover readout, the selected row and its receptive kernels. */
    public ReceptiveRows rows() {
        return rows;
    }

    /** The shown block's train-vs-deploy error. */
    public EquivalenceCheck equivalence() {
        return equivalence;
    }

    /** .npy, ONNX and PNG exports. */
    public KernelExports exports() {
        return exports;
    }

    // ---- properties ----------------------------------------------------------------------

    /** True while no weights are loaded; the view shows its empty state meanwhile. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    public boolean isEmpty() {
        return empty.get();
    }

    /** True while the page loads, slices, draws, checks or exports. */
    public ReadOnlyBooleanProperty busyProperty() {
        return jobs.busyProperty();
    }

    public boolean isBusy() {
        return jobs.isBusy();
    }

    /** The opposite of {@link #busyProperty()}: nothing of this page is pending. */
    public ReadOnlyBooleanProperty readyProperty() {
        return jobs.readyProperty();
    }

    /** The loaded file, its architecture and structure. */
    public ReadOnlyStringProperty sourceTextProperty() {
        return sourceText.getReadOnlyProperty();
    }

    /** What went wrong last, or "" (the page stays usable either way). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public String getError() {
        return error.get();
    }

    /** Progress and outcome lines ("Loading ...", "Wrote 8 .npy files to ..."), or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public String getMessage() {
        return message.get();
    }

    /** True when the opened weights match no preset and wait for a JSON config. */
    public ReadOnlyBooleanProperty needsConfigProperty() {
        return needsConfig.getReadOnlyProperty();
    }

    public boolean needsConfig() {
        return needsConfig.get();
    }

    /** Stage indices of the loaded net (read-only). */
    public ObservableList<Integer> stages() {
        return FXCollections.unmodifiableObservableList(stages);
    }

    /** Block indices of the selected stage (read-only). */
    public ObservableList<Integer> blocks() {
        return FXCollections.unmodifiableObservableList(blocks);
    }

    /** Shareset indices of the selected stage (read-only). */
    public ObservableList<Integer> sharesets() {
        return FXCollections.unmodifiableObservableList(sharesets);
    }

    /** The selected stage; set it to show another stage (its first block and shareset). */
    public ObjectProperty<Integer> stageProperty() {
        return stage;
    }

    public ObjectProperty<Integer> blockProperty() {
        return block;
    }

    public ObjectProperty<Integer> sharesetProperty() {
        return shareset;
    }

    /** "Stage 0 · 8×8 window" for the stage choice. */
    public String stageLabel(Integer index) {
        if (index == null || source == null) {
            return "";
        }
        return source.blocks().stream()
                .filter(b -> b.stage() == index)
                .findFirst()
                .map(b -> "Stage " + index + " \u00b7 " + b.h() + "\u00d7" + b.w() + " window")
                .orElse("Stage " + index);
    }

    /** One line on the shown block: name, channels, window, fc3 size, branches. */
    public ReadOnlyStringProperty blockTextProperty() {
        return blockText.getReadOnlyProperty();
    }

    /** True once a slice is shown. */
    public ReadOnlyBooleanProperty sliceShownProperty() {
        return sliceShown.getReadOnlyProperty();
    }

    /** False for deploy-time weights: only the injected fc3 (AFTER) exists. */
    public ReadOnlyBooleanProperty trainTimeProperty() {
        return trainTime.getReadOnlyProperty();
    }
}
