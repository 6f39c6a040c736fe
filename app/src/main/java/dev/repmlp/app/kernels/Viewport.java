package dev.repmlp.app.kernels;

/**
 * The square part of an {@code size x size} matrix that the heatmaps show: rows and columns {@code
 * [row0, row0 + extent)} and {@code [col0, col0 + extent)}. Positions on a panel are given as
 * fractions of its side ({@code 0..1} from the top-left corner), so the panels can have any size.
 *
 * @param size the matrix side
 * @param row0 first row shown
 * @param col0 first column shown
 * @param extent rows (= columns) shown
 */
public record Viewport(int size, int row0, int col0, int extent) {
    /** Zooming in stops when this many cells (or the whole matrix, if smaller) fill a panel. */
    public static final int MIN_CELLS = 4;

    public Viewport {
        if (size < 1 || extent < 1 || extent > size) {
            throw new IllegalArgumentException("extent " + extent + " of a " + size + " matrix");
        }
        if (row0 < 0 || col0 < 0 || row0 + extent > size || col0 + extent > size) {
            throw new IllegalArgumentException("viewport outside the matrix");
        }
    }

    /** The whole matrix. */
    public static Viewport full(int size) {
        return new Viewport(size, 0, 0, size);
    }

    public boolean isFull() {
        return extent == size;
    }

    /**
     * Zooms by {@code factor} (> 1 in, < 1 out) keeping the cell under {@code (fx, fy)} where it is
     * on the panel.
     */
    public Viewport zoom(double factor, double fx, double fy) {
        int min = Math.min(size, MIN_CELLS);
        int e = (int) Math.round(extent / factor);
        if (e == extent) {
            e += factor > 1 ? -1 : 1;
        }
        e = Math.max(min, Math.min(size, e));
        double anchorRow = row0 + clamp01(fy) * extent;
        double anchorCol = col0 + clamp01(fx) * extent;
        int r = (int) Math.round(anchorRow - clamp01(fy) * e);
        int c = (int) Math.round(anchorCol - clamp01(fx) * e);
        return new Viewport(size, clampStart(r, e), clampStart(c, e), e);
    }

    /** Moves the view by a drag of {@code (dx, dy)} panel sides: the content follows the mouse. */
    public Viewport drag(double dx, double dy) {
        int r = (int) Math.round(row0 - dy * extent);
        int c = (int) Math.round(col0 - dx * extent);
        return new Viewport(size, clampStart(r, extent), clampStart(c, extent), extent);
    }

    /** The row under vertical position {@code fy}. */
    public int rowAt(double fy) {
        return row0 + Math.min(extent - 1, (int) Math.floor(clamp01(fy) * extent));
    }

    /** The column under horizontal position {@code fx}. */
    public int colAt(double fx) {
        return col0 + Math.min(extent - 1, (int) Math.floor(clamp01(fx) * extent));
    }

    /** Whether row {@code row} is shown. */
    public boolean showsRow(int row) {
        return row >= row0 && row < row0 + extent;
    }

    /** Vertical position of the middle of {@code row}, as a fraction of the panel side. */
    public double rowCentre(int row) {
        return (row - row0 + 0.5) / extent;
    }

    private int clampStart(int start, int e) {
        return Math.max(0, Math.min(size - e, start));
    }

    private static double clamp01(double f) {
        return Double.isNaN(f) ? 0 : Math.max(0, Math.min(1, f));
    }
}
