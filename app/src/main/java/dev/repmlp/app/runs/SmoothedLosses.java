package dev.repmlp.app.runs;

import dev.repmlp.app.charts.Curve;
import dev.repmlp.app.charts.CurveStyle;
import dev.repmlp.app.charts.XY;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.ObservableList;

/**
 * The compared runs' train-loss curves with a smoothing weight as TensorBoard's slider ({@link
 * LossSmoothing}): for each run its raw loss per step as a faint line and, drawn over it in the
 * same colour, the smoothed one, which follows the weight as it changes. Fills a list of curves
 * that a chart shows. Needs javafx.base only (no toolkit); change it on the FX thread when shown.
 */
public final class SmoothedLosses {
    /** Appended to a run's name for its raw curve. */
    public static final String RAW = " (raw)";

    private final ObservableList<Curve> target;
    private final DoubleProperty smoothing =
            new SimpleDoubleProperty(this, "smoothing", LossSmoothing.DEFAULT_WEIGHT);
    private final List<List<XY>> raw = new ArrayList<>();
    private final List<Curve> smoothed = new ArrayList<>();

    /**
     * @param target the list the curves are put in (replaced by each {@link #show})
     */
    public SmoothedLosses(ObservableList<Curve> target) {
        this.target = Objects.requireNonNull(target, "target");
        smoothing.addListener(
                (obs, old, value) -> {
                    double w = value.doubleValue();
                    if (w < 0 || w > LossSmoothing.MAX_WEIGHT || Double.isNaN(w)) {
                        smoothing.set(
                                Double.isNaN(w)
                                        ? LossSmoothing.DEFAULT_WEIGHT
                                        : Math.max(0, Math.min(LossSmoothing.MAX_WEIGHT, w)));
                        return;
                    }
                    resmooth();
                });
    }

    /**
     * Shows the loss per step of runs {@code names} (raw, then smoothed curves: the smoothed ones
     * are drawn on top).
     *
     * @param names one per run, its legend entry
     * @param losses one per run: (global step, loss), in order of step
     */
    public void show(List<String> names, List<List<XY>> losses) {
        if (names.size() != losses.size()) {
            throw new IllegalArgumentException(
                    names.size() + " names but " + losses.size() + " loss curves");
        }
        raw.clear();
        smoothed.clear();
        List<Curve> faint = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            List<XY> points = List.copyOf(losses.get(i));
            raw.add(points);
            Curve r = new Curve(names.get(i) + RAW, CurveStyle.FAINT_LINE, i);
            r.append(points);
            faint.add(r);
            Curve s = new Curve(names.get(i), CurveStyle.LINE, i);
            s.append(LossSmoothing.smooth(points, smoothing.get()));
            smoothed.add(s);
        }
        List<Curve> all = new ArrayList<>(faint);
        all.addAll(smoothed);
        target.setAll(all);
    }

    private void resmooth() {
        for (int i = 0; i < smoothed.size(); i++) {
            smoothed.get(i).setAll(LossSmoothing.smooth(raw.get(i), smoothing.get()));
        }
    }

    /**
     * The smoothing weight, 0 (raw) .. {@link LossSmoothing#MAX_WEIGHT}; out of range is clamped.
     */
    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    /** The smoothed curves, one per run, in the order shown (for tests). */
    List<Curve> smoothedCurves() {
        return List.copyOf(smoothed);
    }
}
