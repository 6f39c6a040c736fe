package dev.repmlp.app.kernels;

import dev.repmlp.engine.inspect.KernelSlice;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableObjectValue;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Reading the heatmaps of the kernels page: the hovered cell's readout, and the selected row
 * (output position) with its receptive kernels, i.e. that row of fc3 before and after injection
 * drawn as the h×w window it weighs. Rows and columns of an fc3 matrix are window positions in
 * row-major order, {@code y * w + x} (upstream's {@code local_inject} lays the conv kernel out so).
 * UI thread only.
 */
public final class ReceptiveRows {
    /** Longer side of the receptive kernel images, in pixels. */
    public static final int ROW_PIXELS = 120;

    static final String HOVER_HINT =
            "Hover a cell to read it \u00b7 scroll to zoom, drag to pan \u00b7 click a row to see"
                    + " its receptive kernel";

    static final String NO_ROW =
            "Click a row of a heatmap to see that output position's receptive kernel.";

    private final ObservableObjectValue<Viewport> viewport;
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
    private SliceData slice;

    /**
     * @param viewport the heatmaps' viewport ({@link HeatmapDrawing#viewportProperty()}): panel
     *     positions are read through it
     */
    ReceptiveRows(ObservableObjectValue<Viewport> viewport) {
        this.viewport = Objects.requireNonNull(viewport, "viewport");
        viewport.addListener((obs, old, value) -> updateRowMarker());
    }

    /**
     * Shows {@code data}; with {@code newSize} the selection moves to the window's centre, whose
     * receptive kernel shows the whole k×k band.
     */
    void show(SliceData data, boolean newSize) {
        slice = data;
        KernelSlice s = data.slice();
        if (newSize) {
            selectedRow.set(s.h() / 2 * s.w() + s.w() / 2);
        }
        windowH.set(s.h());
        windowW.set(s.w());
        updateRow();
    }

    /** Describes the cell of {@code kind} under the panel position {@code (fx, fy)}. */
    public void hover(MatrixKind kind, double fx, double fy) {
        Viewport v = viewport.get();
        if (slice == null || v == null) {
            return;
        }
        KernelSlice s = slice.slice();
        float[] m = slice.matrix(kind);
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
            rowText.set(NO_ROW);
            return;
        }
        KernelSlice s = slice.slice();
        rowBefore.set(s.trainTime() ? rowImage(s.fused(), s, row) : null);
        rowAfter.set(rowImage(s.injected(), s, row));
        rowText.set(describeRow(s, row));
    }

    /** Which output position row {@code row} is, and what its kernels show. */
    static String describeRow(KernelSlice s, int row) {
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
        return where + how;
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
}
