package dev.repmlp.app.charts;

import java.util.List;
import java.util.Objects;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A named series of points that a {@link CurveChart} draws and redraws as it grows. Change it on
 * the FX thread only, preferably a batch at a time ({@link #append}), since each change redraws the
 * charts that show it.
 */
public final class Curve {
    private final String name;
    private final CurveStyle style;
    private final int colour;
    private final ObservableList<XY> points = FXCollections.observableArrayList();
    private final ObservableList<XY> readOnly = FXCollections.unmodifiableObservableList(points);

    /**
     * @param name the legend entry
     * @param style how to draw it
     * @param colour index into {@link ChartStyle#PALETTE} (wraps around)
     */
    public Curve(String name, CurveStyle style, int colour) {
        this.name = Objects.requireNonNull(name, "name");
        this.style = Objects.requireNonNull(style, "style");
        this.colour = colour;
    }

    public String name() {
        return name;
    }

    public CurveStyle style() {
        return style;
    }

    public int colour() {
        return colour;
    }

    /** The points in order of x (read-only view). */
    public ObservableList<XY> points() {
        return readOnly;
    }

    public int size() {
        return points.size();
    }

    /** The last point's x, or NaN when empty. */
    public double lastX() {
        return points.isEmpty() ? Double.NaN : points.get(points.size() - 1).x();
    }

    /** Adds points at the end, one change for the whole batch. */
    public void append(List<XY> batch) {
        if (!batch.isEmpty()) {
            points.addAll(batch);
        }
    }

    /** Removes the points at {@code x} and after, e.g. when a resumed run rewrites them. */
    public void truncateFrom(double x) {
        int keep = points.size();
        while (keep > 0 && points.get(keep - 1).x() >= x) {
            keep--;
        }
        if (keep < points.size()) {
            points.remove(keep, points.size());
        }
    }

    /** Replaces all points. */
    public void setAll(List<XY> all) {
        points.setAll(all);
    }

    public void clear() {
        points.clear();
    }
}
