package dev.repmlp.app.kernels;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.Job;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.concurrent.JobTask;
import dev.repmlp.app.concurrent.LatestRequest;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.inspect.BlockShape;
import dev.repmlp.engine.inspect.EquivalenceReport;
import dev.repmlp.engine.inspect.KernelSlice;
import dev.repmlp.engine.inspect.KernelViews;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the kernels page: which weights are loaded, which block and shareset is shown, the four
 * heatmap images (fc3 before injection, the locality matrix, fc3 after injection, the change in
 * magnitude) on one shared colour scale, zoom and pan, the hovered cell, the selected output row
 * and its receptive kernels, and the block's train-vs-deploy error.
 *
 * <p>Loading, slicing, drawing, the equivalence check and exports run as jobs; results come back on
 * the FX thread, and results of requests that were overtaken are dropped. Replaced weights are
 * closed in the background. Properties change on the FX thread only.
 *
 * <p>Size (about 1,040 lines): still one class for seven concerns, kept whole until it is split
 * along the view's seams (issue 12): loading and selection here; drawing, zoom and hover; the
 * receptive-kernel rows; the equivalence check; exports with the PNG encoding; and the job plumbing
 * (nine flag and counter fields) replaced by one background-job API with a "latest request wins"
 * helper. About a fifth of the lines are property accessors the view binds to.
 */
public final class KernelsViewModel {
    /** Seed of the random image the equivalence check feeds through both structures. */
    static final long EQUIVALENCE_SEED = 0;

    /** Largest image side drawn per heatmap; larger viewports are pooled. */
    public static final int MAX_PIXELS = 1024;

    /** Longer side of the receptive kernel images, in pixels. */
    public static final int ROW_PIXELS = 120;

    /** The run directory file the page opens for a run folder. */
    public static final String RUN_WEIGHTS = "model-train.pth";

    static final String HOVER_HINT =
            "Hover a cell to read it \u00b7 scroll to zoom, drag to pan \u00b7 click a row to see"
                    + " its receptive kernel";

    private static final Logger LOG = LoggerFactory.getLogger(KernelsViewModel.class);

    private final JobRunner jobRunner;
    private final Supplier<Optional<Path>> defaultWeights;

    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(this, "empty", true);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready", true);
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
    private final Map<MatrixKind, ReadOnlyObjectWrapper<Image>> images =
            new EnumMap<>(MatrixKind.class);
    private final ReadOnlyObjectWrapper<Viewport> viewport =
            new ReadOnlyObjectWrapper<>(this, "viewport");
    private final ReadOnlyDoubleWrapper scaleLimit =
            new ReadOnlyDoubleWrapper(this, "scaleLimit", 1);
    private final ReadOnlyStringWrapper resolutionText =
            new ReadOnlyStringWrapper(this, "resolutionText", "");
    private final ReadOnlyStringWrapper hoverText =
            new ReadOnlyStringWrapper(this, "hoverText", HOVER_HINT);

    private final ReadOnlyIntegerWrapper selectedRow =
            new ReadOnlyIntegerWrapper(this, "selectedRow", -1);
    private final ReadOnlyDoubleWrapper rowMarker =
            new ReadOnlyDoubleWrapper(this, "rowMarker", -1);
    private final ReadOnlyStringWrapper rowText =
            new ReadOnlyStringWrapper(this, "rowText", "Click a row of a heatmap.");
    private final ReadOnlyObjectWrapper<Image> rowBefore =
            new ReadOnlyObjectWrapper<>(this, "rowBefore");
    private final ReadOnlyObjectWrapper<Image> rowAfter =
            new ReadOnlyObjectWrapper<>(this, "rowAfter");
    private final ReadOnlyIntegerWrapper windowH = new ReadOnlyIntegerWrapper(this, "windowH", 1);
    private final ReadOnlyIntegerWrapper windowW = new ReadOnlyIntegerWrapper(this, "windowW", 1);
    private final ReadOnlyStringWrapper equivalenceText =
            new ReadOnlyStringWrapper(this, "equivalenceText", "");

    // FX-thread state behind the properties
    private KernelSource source;
    private Path pendingWeights;
    private SliceData slice;
    private Map<String, EquivalenceReport.Diff> equivalence;
    private KernelSource equivalenceFor;
    private String equivalenceProblem;
    private boolean updatingSelection;
    private final LatestRequest loads = new LatestRequest();
    private final LatestRequest slices = new LatestRequest();
    private boolean loading;
    private int slicing;
    private boolean rendering;
    private boolean renderAgain;
    private boolean checking;
    private int exporting;
    private int pixels = 256;

    /** The app's wiring: the bundled demo model is the default weights. */
    public KernelsViewModel(JobRunner jobRunner) {
        this(jobRunner, () -> Assets.locate(Assets.DEMO_MODEL));
    }

    /**
     * @param jobRunner runs loading, slicing, drawing and exports
     * @param defaultWeights the weights {@link #openDefault()} opens, if any
     */
    public KernelsViewModel(JobRunner jobRunner, Supplier<Optional<Path>> defaultWeights) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.defaultWeights = Objects.requireNonNull(defaultWeights, "defaultWeights");
        for (MatrixKind kind : MatrixKind.values()) {
            images.put(kind, new ReadOnlyObjectWrapper<>(this, kind.id() + "Image"));
        }
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
        updateBusy();
        run(
                "Loading " + name,
                context -> {
                    context.message("Reading " + name);
                    Path file = weightsFile(weights);
                    RepMlpNetConfig c = config == null ? null : RepMlpNetConfig.readJson(config);
                    return KernelSource.open(file, c);
                },
                loaded -> {
                    loading = false;
                    if (!request.isLatest()) {
                        retire(loaded);
                    } else {
                        install(loaded);
                    }
                    updateBusy();
                },
                failure -> {
                    loading = false;
                    if (request.isLatest()) {
                        message.set("");
                        if (failure instanceof KernelSource.ConfigNeededException) {
                            pendingWeights = weights;
                            needsConfig.set(true);
                            error.set(failure.getMessage());
                        } else {
                            LOG.warn("Could not load {}: {}", weights, Failures.describe(failure));
                            error.set("Could not load " + name + ": " + Failures.describe(failure));
                        }
                    }
                    updateBusy();
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
        equivalence = null;
        equivalenceProblem = null;
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

    private void retire(KernelSource old) {
        if (old == null) {
            return;
        }
        run(
                "Closing " + old.file().getFileName(),
                context -> {
                    old.close();
                    return Boolean.TRUE;
                },
                done -> {},
                failure ->
                        LOG.warn("Could not close {}: {}", old.file(), Failures.describe(failure)));
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
        slicing++;
        updateBusy();
        run(
                String.format(Locale.ROOT, "Reading fc3 of stages.%d.%d, shareset %d", st, bl, sh),
                context -> SliceData.of(from.slice(st, bl, sh)),
                data -> {
                    slicing--;
                    if (request.isLatest() && from == source) {
                        show(data);
                    }
                    updateBusy();
                },
                failure -> {
                    slicing--;
                    if (request.isLatest() && from == source) {
                        error.set("Could not read the kernels: " + Failures.describe(failure));
                    }
                    updateBusy();
                });
    }

    private void show(SliceData data) {
        SliceData previous = slice;
        slice = data;
        KernelSlice s = data.slice();
        int n = s.size();
        if (previous == null || previous.slice().size() != n) {
            viewport.set(Viewport.full(n));
            // start with the window's centre, whose receptive kernel shows the whole k x k band
            selectedRow.set(s.h() / 2 * s.w() + s.w() / 2);
        }
        windowH.set(s.h());
        windowW.set(s.w());
        trainTime.set(s.trainTime());
        scaleLimit.set(data.scale().limit());
        sliceShown.set(true);
        blockText.set(describeBlock(shape(s.stage(), s.block()), s));
        if (equivalenceFor != source) {
            // after the first slice, so the heatmaps do not wait for the (slow) check
            requestEquivalence(source);
        }
        updateEquivalenceText();
        updateRow();
        requestRender();
    }

    private BlockShape shape(int st, int bl) {
        return source.blocks().stream()
                .filter(b -> b.stage() == st && b.block() == bl)
                .findFirst()
                .orElseThrow();
    }

    private static String describeBlock(BlockShape b, KernelSlice s) {
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

    // ---- drawing ---------------------------------------------------------------------------

    /** Tells the model how many pixels a heatmap panel has per side; redraws when it changes. */
    public void setPanelPixels(int side) {
        int p = Math.max(16, Math.min(MAX_PIXELS, side));
        if (p != pixels) {
            pixels = p;
            requestRender();
        }
    }

    /** Zooms all heatmaps by {@code factor} around the panel position {@code (fx, fy)}. */
    public void zoom(double factor, double fx, double fy) {
        Viewport v = viewport.get();
        if (v != null) {
            setViewport(v.zoom(factor, fx, fy));
        }
    }

    /** Pans to {@code start} dragged by {@code (dx, dy)} panel sides. */
    public void drag(Viewport start, double dx, double dy) {
        if (start != null && slice != null && start.size() == slice.slice().size()) {
            setViewport(start.drag(dx, dy));
        }
    }

    /** Shows the whole matrices again. */
    public void resetZoom() {
        if (slice != null) {
            setViewport(Viewport.full(slice.slice().size()));
        }
    }

    private void setViewport(Viewport v) {
        if (!v.equals(viewport.get())) {
            viewport.set(v);
            updateRowMarker();
            requestRender();
        }
    }

    private void requestRender() {
        if (slice == null || viewport.get() == null) {
            return;
        }
        if (rendering) {
            renderAgain = true;
            return;
        }
        rendering = true;
        updateBusy();
        SliceData data = slice;
        Viewport v = viewport.get();
        int side = pixels;
        run(
                "Drawing kernels",
                context -> Rendered.of(data, v, side),
                drawn -> {
                    rendering = false;
                    if (drawn.data() == slice) {
                        apply(drawn);
                    }
                    if (renderAgain) {
                        renderAgain = false;
                        requestRender();
                    }
                    updateBusy();
                },
                failure -> {
                    rendering = false;
                    renderAgain = false;
                    error.set("Could not draw the kernels: " + Failures.describe(failure));
                    updateBusy();
                });
    }

    private void apply(Rendered drawn) {
        int side = drawn.pixels();
        for (MatrixKind kind : MatrixKind.values()) {
            int[] argb = drawn.argb().get(kind);
            ReadOnlyObjectWrapper<Image> target = images.get(kind);
            if (argb == null) {
                target.set(null);
                continue;
            }
            Image current = target.get();
            WritableImage image =
                    current instanceof WritableImage w
                                    && w.getWidth() == side
                                    && w.getHeight() == side
                            ? w
                            : new WritableImage(side, side);
            image.getPixelWriter()
                    .setPixels(0, 0, side, side, PixelFormat.getIntArgbInstance(), argb, 0, side);
            target.set(image);
        }
        Viewport v = drawn.viewport();
        int n = v.size();
        String what =
                v.isFull()
                        ? String.format(Locale.ROOT, "all %d\u00d7%d entries", n, n)
                        : String.format(
                                Locale.ROOT,
                                "rows %d\u2013%d, columns %d\u2013%d of %d",
                                v.row0(),
                                v.row0() + v.extent() - 1,
                                v.col0(),
                                v.col0() + v.extent() - 1,
                                n);
        int cells = (int) Math.ceil((double) v.extent() / side);
        resolutionText.set(
                cells > 1
                        ? String.format(
                                Locale.ROOT,
                                "Showing %s \u00b7 up to %d\u00d7%d entries per pixel, the largest"
                                        + " |value| drawn",
                                what,
                                cells,
                                cells)
                        : "Showing " + what);
    }

    // ---- hover and rows --------------------------------------------------------------------

    /** Describes the cell of {@code kind} under the panel position {@code (fx, fy)}. */
    public void hover(MatrixKind kind, double fx, double fy) {
        Viewport v = viewport.get();
        if (slice == null || v == null) {
            return;
        }
        KernelSlice s = slice.slice();
        float[] m = s.matrix(part(kind));
        if (m == null) {
            hoverText.set(kind.title() + ": not in a deploy-time file");
            return;
        }
        int row = v.rowAt(fy);
        int col = v.colAt(fx);
        hoverText.set(describeCell(kind, s, row, col, m[row * s.size() + col]));
    }

    static String describeCell(MatrixKind kind, KernelSlice s, int row, int col, float value) {
        int w = s.w();
        return String.format(
                Locale.ROOT,
                "%s \u00b7 row %d = output (y, x) = (%d, %d) \u00b7 column %d = input (y, x) ="
                        + " (%d, %d) \u00b7 value %s",
                kind.title(),
                row,
                row / w,
                row % w,
                col,
                col / w,
                col % w,
                DivergingScale.format(value));
    }

    /** Back to the hint line. */
    public void clearHover() {
        hoverText.set(HOVER_HINT);
    }

    /** Selects the row (output position) under the panel position {@code fy}. */
    public void selectRowAt(double fy) {
        Viewport v = viewport.get();
        if (slice != null && v != null) {
            selectRow(v.rowAt(fy));
        }
    }

    /** Selects output position {@code row} (row-major {@code y * w + x}); -1 for none. */
    public void selectRow(int row) {
        int n = slice == null ? 0 : slice.slice().size();
        selectedRow.set(row >= 0 && row < n ? row : -1);
        updateRow();
    }

    private void updateRow() {
        updateRowMarker();
        int row = selectedRow.get();
        if (slice == null || row < 0) {
            rowBefore.set(null);
            rowAfter.set(null);
            rowText.set("Click a row of a heatmap to see that output position's receptive kernel.");
            return;
        }
        KernelSlice s = slice.slice();
        rowBefore.set(s.trainTime() ? rowImage(s.fused(), s, row) : null);
        rowAfter.set(rowImage(s.injected(), s, row));
        String where =
                String.format(
                        Locale.ROOT,
                        "Output (y, x) = (%d, %d), row %d: the weights it gives each input of the"
                                + " %d\u00d7%d window (outlined: the output itself).",
                        row / s.w(),
                        row % s.w(),
                        row,
                        s.h(),
                        s.w());
        String how;
        if (!s.trainTime()) {
            how =
                    " These deploy-time weights already hold the conv kernel; open the train-time"
                            + " weights to see it apart.";
        } else if (s.kernelSize() == 0) {
            how = " The block has no conv branches: injection only folds fc3_bn in.";
        } else {
            how =
                    String.format(
                            Locale.ROOT,
                            " Injection adds the %d\u00d7%d conv kernel around it.",
                            s.kernelSize(),
                            s.kernelSize());
        }
        rowText.set(where + how);
    }

    private Image rowImage(float[] m, KernelSlice s, int row) {
        int longer = Math.max(s.h(), s.w());
        int width = Math.max(1, ROW_PIXELS * s.w() / longer);
        int height = Math.max(1, ROW_PIXELS * s.h() / longer);
        int[] argb = HeatmapRaster.renderRow(m, row, s.h(), s.w(), width, height, slice.scale());
        WritableImage image = new WritableImage(width, height);
        image.getPixelWriter()
                .setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        return image;
    }

    private void updateRowMarker() {
        Viewport v = viewport.get();
        int row = selectedRow.get();
        rowMarker.set(v != null && row >= 0 && v.showsRow(row) ? v.rowCentre(row) : -1);
    }

    // ---- equivalence ---------------------------------------------------------------------

    private void requestEquivalence(KernelSource from) {
        equivalenceFor = from;
        checking = true;
        updateEquivalenceText();
        updateBusy();
        run(
                "Checking train vs deploy",
                context -> from.equivalence(EQUIVALENCE_SEED),
                report -> {
                    checking = false;
                    if (from == source) {
                        if (report.isPresent()) {
                            Map<String, EquivalenceReport.Diff> byName = new HashMap<>();
                            report.get().blocks().forEach(d -> byName.put(d.name(), d));
                            equivalence = byName;
                        } else {
                            equivalenceProblem =
                                    "Not available: the file holds deploy-time weights (fc3"
                                            + " already injected), so there is no train-time block"
                                            + " to compare with.";
                        }
                        updateEquivalenceText();
                    }
                    updateBusy();
                },
                failure -> {
                    checking = false;
                    if (from == source) {
                        equivalenceProblem = "The check failed: " + Failures.describe(failure);
                        updateEquivalenceText();
                    }
                    updateBusy();
                });
    }

    private void updateEquivalenceText() {
        if (slice == null) {
            equivalenceText.set("");
        } else if (equivalenceProblem != null) {
            equivalenceText.set(equivalenceProblem);
        } else if (equivalence == null) {
            equivalenceText.set("Checking the block's train-time and deploy-time outputs\u2026");
        } else {
            EquivalenceReport.Diff d = equivalence.get(slice.slice().blockName());
            equivalenceText.set(
                    d == null
                            ? "No result for " + slice.slice().blockName()
                            : String.format(
                                    Locale.ROOT,
                                    "Block output, train-time vs deploy-time (eval mode, one random"
                                            + " image): max |\u0394| %.2e, max relative %.2e (of"
                                            + " outputs up to %.3g)",
                                    d.maxAbs(),
                                    d.maxRel(),
                                    d.scale()));
        }
    }

    // ---- exports -------------------------------------------------------------------------

    /**
     * Writes the shown slice's matrices, biases and kernel as {@code .npy} files into {@code dir}.
     */
    public void exportNpy(Path dir) {
        if (slice == null) {
            error.set("Nothing to export yet: load weights first.");
            return;
        }
        KernelSlice s = slice.slice();
        startExport(
                "Exporting .npy",
                context -> {
                    Files.createDirectories(dir);
                    return KernelViews.writeNpy(s, dir).size();
                },
                count -> message.set("Wrote " + count + " .npy files to " + dir));
    }

    /**
     * Exports the loaded model's deploy-time structure to {@code target} as ONNX, checked with ONNX
     * Runtime ({@link dev.repmlp.app.inference.OnnxExport}).
     */
    public void exportOnnx(Path target) {
        KernelSource s = source;
        if (s == null) {
            error.set("Nothing to export yet: load weights first.");
            return;
        }
        startExport(
                "Exporting ONNX",
                context -> s.exportOnnx(target, context),
                r -> message.set(dev.repmlp.app.inference.OnnxExport.describe(r, target)));
    }

    /** The file name offered for an ONNX export of the loaded weights. */
    public String suggestedOnnxName() {
        KernelSource s = source;
        return dev.repmlp.app.inference.OnnxExport.suggestedName(
                s == null ? null : s.file().toString());
    }

    /** Saves {@code snapshot} (the view, taken on the FX thread) as a PNG file. */
    public void exportPng(Image snapshot, Path file) {
        startExport(
                "Saving PNG",
                context -> {
                    BufferedImage argb = SwingFXUtils.fromFXImage(snapshot, null);
                    BufferedImage rgb =
                            new BufferedImage(
                                    argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
                    rgb.createGraphics().drawImage(argb, 0, 0, null);
                    if (!ImageIO.write(rgb, "png", file.toFile())) {
                        throw new IOException("no PNG writer available");
                    }
                    return file;
                },
                written -> message.set("Saved " + written));
    }

    private <T> void startExport(String name, Job<T> job, Consumer<T> done) {
        exporting++;
        error.set("");
        updateBusy();
        run(
                name,
                job,
                result -> {
                    exporting--;
                    done.accept(result);
                    updateBusy();
                },
                failure -> {
                    exporting--;
                    error.set(name + " failed: " + Failures.describe(failure));
                    updateBusy();
                });
    }

    // ---- plumbing ------------------------------------------------------------------------

    private <T> void run(String name, Job<T> job, Consumer<T> done, Consumer<Throwable> failed) {
        JobTask<T> task = new JobTask<>(name, job);
        task.setOnSucceeded(event -> done.accept(task.getValue()));
        task.setOnFailed(event -> failed.accept(task.getException()));
        jobRunner.submit(name, task);
    }

    private void updateBusy() {
        boolean b = loading || slicing > 0 || rendering || checking || exporting > 0;
        busy.set(b);
        ready.set(!b);
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static KernelSlice.Part part(MatrixKind kind) {
        return switch (kind) {
            case BEFORE -> KernelSlice.Part.FUSED;
            case LOCALITY -> KernelSlice.Part.LOCALITY;
            case AFTER -> KernelSlice.Part.INJECTED;
            case DIFFERENCE -> KernelSlice.Part.DIFFERENCE;
        };
    }

    /** A slice and its colour scale (symmetric over the largest |value| of all its matrices). */
    record SliceData(KernelSlice slice, DivergingScale scale) {
        static SliceData of(KernelSlice s) {
            return new SliceData(
                    s,
                    DivergingScale.symmetric(
                            DivergingScale.maxAbs(
                                    s.fused(), s.locality(), s.injected(), s.difference())));
        }
    }

    /** The drawn heatmaps of one slice and viewport (ARGB, null where the slice lacks a part). */
    record Rendered(SliceData data, Viewport viewport, int pixels, Map<MatrixKind, int[]> argb) {
        static Rendered of(SliceData data, Viewport v, int side) {
            Map<MatrixKind, int[]> out = new EnumMap<>(MatrixKind.class);
            for (MatrixKind kind : MatrixKind.values()) {
                float[] m = data.slice().matrix(part(kind));
                out.put(kind, m == null ? null : HeatmapRaster.render(m, v, side, data.scale()));
            }
            return new Rendered(data, v, side, out);
        }
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
        return busy.getReadOnlyProperty();
    }

    public boolean isBusy() {
        return busy.get();
    }

    /** The opposite of {@link #busyProperty()}: nothing of this page is pending. */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
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

    /** The heatmap of {@code kind} at the panel's pixel size; null when unavailable. */
    public ReadOnlyObjectProperty<Image> imageProperty(MatrixKind kind) {
        return images.get(kind).getReadOnlyProperty();
    }

    /** The part of the matrices shown, the same for all four heatmaps. */
    public ReadOnlyObjectProperty<Viewport> viewportProperty() {
        return viewport.getReadOnlyProperty();
    }

    public Viewport getViewport() {
        return viewport.get();
    }

    /** The colour scale covers [-limit, +limit], shared by all heatmaps and kernel images. */
    public ReadOnlyDoubleProperty scaleLimitProperty() {
        return scaleLimit.getReadOnlyProperty();
    }

    /** What the heatmaps show and at which resolution. */
    public ReadOnlyStringProperty resolutionTextProperty() {
        return resolutionText.getReadOnlyProperty();
    }

    /** The hovered cell (row and column as window positions, value) or a hint. */
    public ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }

    public String getHoverText() {
        return hoverText.get();
    }

    /** The selected output position (row), -1 for none. */
    public ReadOnlyIntegerProperty selectedRowProperty() {
        return selectedRow.getReadOnlyProperty();
    }

    /** Where the selected row's marker goes, as a fraction of a panel's height; -1 when hidden. */
    public ReadOnlyDoubleProperty rowMarkerProperty() {
        return rowMarker.getReadOnlyProperty();
    }

    /** Explains the selected row's receptive kernels. */
    public ReadOnlyStringProperty rowTextProperty() {
        return rowText.getReadOnlyProperty();
    }

    /**
     * The selected row before injection as the image of the h×w window, {@link #ROW_PIXELS} on its
     * longer side (null if none or deploy-time).
     */
    public ReadOnlyObjectProperty<Image> rowBeforeProperty() {
        return rowBefore.getReadOnlyProperty();
    }

    /** The selected row after injection, like {@link #rowBeforeProperty()} (null if none). */
    public ReadOnlyObjectProperty<Image> rowAfterProperty() {
        return rowAfter.getReadOnlyProperty();
    }

    /** The shown block's window height h. */
    public ReadOnlyIntegerProperty windowHProperty() {
        return windowH.getReadOnlyProperty();
    }

    /** The shown block's window width w. */
    public ReadOnlyIntegerProperty windowWProperty() {
        return windowW.getReadOnlyProperty();
    }

    /** The shown block's train-vs-deploy output error, or why there is none. */
    public ReadOnlyStringProperty equivalenceTextProperty() {
        return equivalenceText.getReadOnlyProperty();
    }

    public String getEquivalenceText() {
        return equivalenceText.get();
    }
}
