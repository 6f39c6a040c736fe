package dev.repmlp.app.charts;

import java.util.List;

/**
 * The three charts of a run, shared by the Train and Runs pages: loss per step (raw and smoothed),
 * val top-1/top-5 per epoch, learning rate per step. Views place the charts where they like.
 */
public final class RunCharts {
    /**
     * Why the LR curve drops a step where warm-up ends: it is upstream's schedule, not a bug
     * (timm's CosineLRScheduler with warm-up counts the cosine from step 0, so when warm-up ends at
     * epoch W the curve continues at cosine(W), below the warm-up's last, still-linear value).
     */
    public static final String LR_NOTE =
            "The step down where warm-up ends is upstream's schedule, not a glitch: timm's cosine"
                    + " (RepMLP's train.py) is counted from step 0, so after warm-up the LR"
                    + " continues at the cosine's value for that step, below the warm-up's last"
                    + " value.";

    private final CurveChart loss = new CurveChart("Training loss", "step", "loss", true);
    private final CurveChart accuracy = new CurveChart("Validation accuracy", "epoch", "%", true);
    private final CurveChart lr = new CurveChart("Learning rate", "step", "lr", true);

    public RunCharts() {
        loss.setId("chart-loss");
        accuracy.setId("chart-accuracy");
        lr.setId("chart-lr");
        lr.setYFormat(new LrFormat());
        loss.setNoDataMessage("Waiting for the first step");
        accuracy.setNoDataMessage("Waiting for the first validated epoch");
        lr.setNoDataMessage("Waiting for the first step");
        javafx.scene.control.Tooltip note = new javafx.scene.control.Tooltip(LR_NOTE);
        note.setWrapText(true);
        note.setMaxWidth(360);
        note.setShowDuration(javafx.util.Duration.seconds(30));
        javafx.scene.control.Tooltip.install(lr, note);
    }

    /** Draws {@code curves} (null: nothing). */
    public void show(RunCurves curves) {
        if (curves == null) {
            loss.curves().clear();
            accuracy.curves().clear();
            lr.curves().clear();
            return;
        }
        loss.curves().setAll(List.of(curves.loss(), curves.lossEma()));
        accuracy.curves().setAll(List.of(curves.valTop1(), curves.valTop5()));
        lr.curves().setAll(List.of(curves.lr()));
    }

    public CurveChart loss() {
        return loss;
    }

    public CurveChart accuracy() {
        return accuracy;
    }

    public CurveChart lr() {
        return lr;
    }
}
