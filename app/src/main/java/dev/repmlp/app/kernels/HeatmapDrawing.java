package dev.repmlp.app.kernels;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobGroup;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Drawing on the kernels page: the four heatmap images of the shown slice at the panels' pixel
 * size, on one colour scale, and the zoom and pan shared by all four ({@link Viewport}). Drawing
 * runs as a job, one at a time: a request made while one draws is drawn after it, with the latest
 * slice, viewport and size. UI thread only.
 */
public final class HeatmapDrawing {
    /** Largest image side drawn per heatmap; larger viewports are pooled. */
    public static final int MAX_PIXELS = 1024;

    private final JobGroup jobs;
    private final Consumer<String> error;
    private final Map<MatrixKind, ReadOnlyObjectWrapper<Image>> images =
            new EnumMap<>(MatrixKind.class);
    private final ReadOnlyObjectWrapper<Viewport> viewport =
            new ReadOnlyObjectWrapper<>(this, "viewport");
    private final ReadOnlyDoubleWrapper scaleLimit =
            new ReadOnlyDoubleWrapper(this, "scaleLimit", 1);
    private final ReadOnlyStringWrapper resolutionText =
            new ReadOnlyStringWrapper(this, "resolutionText", "");
    private SliceData slice;
    private int pixels = 256;
    // one draw at a time; a request meanwhile is drawn once it ends
    private boolean drawing;
    private boolean drawAgain;

    /**
     * @param jobs where the drawing jobs run
     * @param error where a failed drawing is reported
     */
    HeatmapDrawing(JobGroup jobs, Consumer<String> error) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.error = Objects.requireNonNull(error, "error");
        for (MatrixKind kind : MatrixKind.values()) {
            images.put(kind, new ReadOnlyObjectWrapper<>(this, kind.id() + "Image"));
        }
    }

    /**
     * Shows {@code data}; a slice of another size than the last one is shown whole.
     *
     * @return true when the viewport was reset to the whole matrices
     */
    boolean show(SliceData data) {
        SliceData previous = slice;
        slice = data;
        scaleLimit.set(data.scale().limit());
        int n = data.slice().size();
        boolean reset = previous == null || previous.slice().size() != n;
        if (reset) {
            viewport.set(Viewport.full(n));
        }
        return reset;
    }

    /** Tells the model how many pixels a heatmap panel has per side; redraws when it changes. */
    public void setPanelPixels(int side) {
        int p = Math.max(16, Math.min(MAX_PIXELS, side));
        if (p != pixels) {
            pixels = p;
            requestDraw();
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
            requestDraw();
        }
    }

    /** Draws the shown slice in the current viewport, now or after the draw under way. */
    void requestDraw() {
        if (slice == null || viewport.get() == null) {
            return;
        }
        if (drawing) {
            drawAgain = true;
            return;
        }
        drawing = true;
        SliceData data = slice;
        Viewport v = viewport.get();
        int side = pixels;
        jobs.start(
                "Drawing kernels",
                context -> Rendered.of(data, v, side),
                drawn -> {
                    drawing = false;
                    if (drawn.data() == slice) {
                        apply(drawn);
                    }
                    if (drawAgain) {
                        drawAgain = false;
                        requestDraw();
                    }
                },
                failure -> {
                    drawing = false;
                    drawAgain = false;
                    error.accept("Could not draw the kernels: " + Failures.describe(failure));
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
        resolutionText.set(describeResolution(drawn.viewport(), side));
    }

    /**
     * "Showing all 64×64 entries" or the shown rows and columns and how many entries a pixel has.
     */
    static String describeResolution(Viewport v, int side) {
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
        return cells > 1
                ? String.format(
                        Locale.ROOT,
                        "Showing %s \u00b7 up to %d\u00d7%d entries per pixel, the largest"
                                + " |value| drawn",
                        what,
                        cells,
                        cells)
                : "Showing " + what;
    }

    /** The drawn heatmaps of one slice and viewport (ARGB, null where the slice lacks a part). */
    record Rendered(SliceData data, Viewport viewport, int pixels, Map<MatrixKind, int[]> argb) {
        static Rendered of(SliceData data, Viewport v, int side) {
            Map<MatrixKind, int[]> out = new EnumMap<>(MatrixKind.class);
            for (MatrixKind kind : MatrixKind.values()) {
                float[] m = data.matrix(kind);
                out.put(kind, m == null ? null : HeatmapRaster.render(m, v, side, data.scale()));
            }
            return new Rendered(data, v, side, out);
        }
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
}
